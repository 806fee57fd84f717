package dev.signinflow.transport.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rate limits per client IP (§11, §12): a sliding window of the requests of one kind from one
 * address; past the limit a request is refused until the oldest one leaves the window.
 *
 * <p>A window whose last request has left it is dropped when the windows have doubled since the
 * last sweep (at least {@value #FIRST_SWEEP} of them): a fake in proxy mode sees a new address per
 * end user, and would otherwise keep one window per address and kind for ever. Dropping an empty
 * window changes no answer.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class RateLimits {
  /** What is counted. */
  enum Kind {
    CREATE("create"),
    ATTEMPT("attempt");

    private final String key;

    Kind(String key) {
      this.key = key;
    }
  }

  /** The number of windows at which the first sweep runs. */
  static final int FIRST_SWEEP = 1024;

  // By "kind|ip"; the state digest lists the keys.
  private final Map<String, Deque<Instant>> windows = new HashMap<>();
  private int sweepAt = FIRST_SWEEP;

  /**
   * Counts a request of this kind from this address, unless the limit is reached: then it is not
   * counted, and the answer is how long until it would be. A zero window turns limits off: nothing
   * is counted.
   */
  Optional<Duration> take(Kind kind, String ip, int limit, Duration window, Instant now) {
    if (window.isZero()) {
      return Optional.empty();
    }
    if (windows.size() >= sweepAt) {
      sweep(window, now);
    }
    Deque<Instant> recent = windows.computeIfAbsent(kind.key + "|" + ip, k -> new ArrayDeque<>());
    while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
      recent.pollFirst();
    }
    if (recent.size() >= limit) {
      return Optional.of(Duration.between(now, recent.peekFirst().plus(window)));
    }
    recent.addLast(now);
    return Optional.empty();
  }

  /** Drops the windows whose newest request is out of the window; O(windows), amortized. */
  private void sweep(Duration window, Instant now) {
    windows.values().removeIf(w -> w.isEmpty() || !w.peekLast().plus(window).isAfter(now));
    sweepAt = Math.max(FIRST_SWEEP, 2 * windows.size());
  }

  /** The windows by {@code kind|ip}, each oldest first; a read-only view. */
  Map<String, Deque<Instant>> windows() {
    return Collections.unmodifiableMap(windows);
  }

  void clear() {
    windows.clear();
    sweepAt = FIRST_SWEEP;
  }
}
