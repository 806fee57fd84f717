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

  // By "kind|ip"; the state digest lists the keys.
  private final Map<String, Deque<Instant>> windows = new HashMap<>();

  /**
   * Counts a request of this kind from this address, unless the limit is reached: then it is not
   * counted, and the answer is how long until it would be. A zero window turns limits off: nothing
   * is counted.
   */
  Optional<Duration> take(Kind kind, String ip, int limit, Duration window, Instant now) {
    if (window.isZero()) {
      return Optional.empty();
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

  /** The windows by {@code kind|ip}, each oldest first; a read-only view. */
  Map<String, Deque<Instant>> windows() {
    return Collections.unmodifiableMap(windows);
  }

  void clear() {
    windows.clear();
  }
}
