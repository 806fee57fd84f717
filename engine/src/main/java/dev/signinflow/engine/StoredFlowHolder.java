package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.internal.EventRunner;
import dev.signinflow.engine.internal.FlowData;
import dev.signinflow.engine.internal.Input;
import dev.signinflow.engine.internal.SnapshotCodec;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.FlowStoreException;
import dev.signinflow.engine.spi.StoredFlow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * A flow in a {@link FlowStore}: each event leases it, reads it, runs, and commits the new state
 * (or releases the lease when nothing changed). The last state this handle read or wrote is kept
 * for {@link SignInFlow#view()}. Thread-safe: the lease, not this object, serializes events.
 */
final class StoredFlowHolder implements SignInFlow.Holder {
  private static final System.Logger LOG = System.getLogger(StoredFlowHolder.class.getName());

  private final FlowStore store;
  private final FlowId id;
  private final Clock clock;
  private final Duration leaseTime;
  private volatile FlowData data;

  StoredFlowHolder(FlowStore store, FlowId id, Clock clock, Duration leaseTime, FlowData data) {
    this.store = requireNonNull(store, "store");
    this.id = requireNonNull(id, "id");
    this.clock = requireNonNull(clock, "clock");
    this.leaseTime = requireNonNull(leaseTime, "leaseTime");
    this.data = requireNonNull(data, "data");
  }

  @Override
  public StepResult send(EventRunner runner, SignInEvent event, Function<FlowData, Input> input) {
    Instant now = clock.instant();
    FlowStore.LeaseResult leased;
    try {
      leased = store.lease(id, now, now.plus(leaseTime));
    } catch (RuntimeException e) {
      return unavailable(event, "lease", e);
    }
    if (leased instanceof FlowStore.Missing) {
      return new StepResult.FlowNotFound(id, event);
    }
    if (leased instanceof FlowStore.Held held) {
      Optional<FlowData> current = read(held.flow());
      current.ifPresent(d -> data = d);
      return runner.busy(data, event);
    }
    FlowStore.Leased mine = (FlowStore.Leased) leased;
    Optional<FlowData> read = read(mine.flow());
    if (read.isEmpty()) {
      release(mine);
      return new StepResult.StoreUnavailable(
          data.state(), event, "the stored snapshot could not be read");
    }
    FlowData before = read.get();
    data = before;
    EventRunner.Outcome outcome;
    try {
      outcome = runner.run(input.apply(before));
    } catch (RuntimeException e) {
      // Not the event's answer (the engine turns what the server and the stores do into results):
      // a bug. The flow keeps its stored state and is given back at once.
      release(mine);
      throw e;
    }
    if (outcome.data().equals(before)) {
      release(mine);
      return outcome.result();
    }
    boolean saved;
    try {
      Instant savedAt = clock.instant();
      saved =
          store.commit(
              mine.lease(),
              SnapshotCodec.encode(outcome.data()),
              expiry(outcome.data(), mine.flow().expiresAt(), savedAt),
              savedAt);
    } catch (RuntimeException e) {
      // Given back at once (when the store answers again), so that the user's retry is not told
      // the flow is busy until the lease runs out; the store's fence keeps a late commit from
      // counting.
      release(mine);
      return unavailable(event, "save", e);
    }
    if (!saved) {
      // The lease ran out while the event ran and another one took the flow: its state stands.
      return runner.busy(before, event);
    }
    data = outcome.data();
    return outcome.result();
  }

  /**
   * When the flow expires after this event: {@link SignInEngine#FLOW_LIFETIME} after its sign-in is
   * abandoned ({@code abandon_at}, counted at most that far ahead, so a server clock far off ours
   * cannot keep it for ever) or after now, whichever is later, so a user who comes back after the
   * server abandoned the sign-in is told so by the flow; without a sign-in, when it expired before.
   */
  static Instant expiry(FlowData data, Instant before, Instant now) {
    if (data.abandonAt() == null) {
      return before;
    }
    Instant latest = now.plus(SignInEngine.FLOW_LIFETIME);
    Instant abandoned = data.abandonAt().isAfter(latest) ? latest : data.abandonAt();
    Instant end = (abandoned.isAfter(now) ? abandoned : now).plus(SignInEngine.FLOW_LIFETIME);
    return end.isBefore(before) ? before : end;
  }

  private Optional<FlowData> read(StoredFlow flow) {
    try {
      return Optional.of(SnapshotCodec.decode(flow.snapshotJson()));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "stored flow {0} v{1} is not a readable snapshot ({2})",
          id,
          flow.version(),
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private void release(FlowStore.Leased mine) {
    try {
      store.release(mine.lease());
    } catch (RuntimeException e) {
      // The lease ends by itself at its expiry.
      LOG.log(
          System.Logger.Level.WARNING,
          "could not release the lease of {0}: {1}",
          id,
          e.getClass().getSimpleName());
    }
  }

  private StepResult unavailable(SignInEvent event, String what, RuntimeException e) {
    String reason = "could not " + what + " the flow (" + e.getClass().getSimpleName() + ")";
    if (!(e instanceof FlowStoreException)) {
      LOG.log(System.Logger.Level.WARNING, "flow store {0} threw on {1}", store, what, e);
    }
    return new StepResult.StoreUnavailable(data.state(), event, reason);
  }

  @Override
  public FlowData data() {
    return data;
  }

  @Override
  public Optional<FlowId> id() {
    return Optional.of(id);
  }
}
