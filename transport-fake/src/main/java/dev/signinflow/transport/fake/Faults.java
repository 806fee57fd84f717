package dev.signinflow.transport.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The faults injected per operation, and which of them fires on the next request: the first still
 * armed whose trigger's chance, drawn from the fake's random source, comes up.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class Faults {
  /** A fault with its trigger and how many more times it fires. */
  static final class Armed {
    final Fault fault;
    final FaultTrigger trigger;
    int left;

    Armed(Fault fault, FaultTrigger trigger) {
      this.fault = fault;
      this.trigger = trigger;
      this.left = trigger.times();
    }

    boolean always() {
      return left == Integer.MAX_VALUE;
    }
  }

  private final Map<FapiOperation, List<Armed>> armed = new EnumMap<>(FapiOperation.class);
  private final RandomValues random;

  Faults(RandomValues random) {
    this.random = random;
  }

  void inject(FapiOperation operation, Fault fault, FaultTrigger trigger) {
    armed.computeIfAbsent(operation, k -> new ArrayList<>()).add(new Armed(fault, trigger));
  }

  /** The fault that fires on this request of the operation, if one does. */
  Optional<Fault> next(FapiOperation op) {
    List<Armed> list = armed.get(op);
    if (list == null) {
      return Optional.empty();
    }
    for (Armed a : list) {
      if (a.left > 0 && random.chance(a.trigger.probability())) {
        if (!a.always()) {
          a.left--;
        }
        return Optional.of(a.fault);
      }
    }
    list.removeIf(a -> a.left <= 0);
    return Optional.empty();
  }

  /** The faults by operation, in the order they were injected; a read-only view. */
  Map<FapiOperation, List<Armed>> armed() {
    return Collections.unmodifiableMap(armed);
  }

  void clear() {
    armed.clear();
  }
}
