package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it. Thread-safe; its zone is UTC.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
 * clock.advance(Duration.ofSeconds(30));
 * }</pre>
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  private MutableClock(Instant now) {
    this.now = requireNonNull(now, "now");
  }

  /** A clock that reads this instant until it is moved. */
  public static MutableClock at(Instant now) {
    return new MutableClock(now);
  }

  /** A clock that reads this ISO-8601 instant, such as {@code 2026-01-01T00:00:00Z}. */
  public static MutableClock at(String now) {
    return new MutableClock(Instant.parse(now));
  }

  /** Moves the clock forward (or back, for a negative amount). */
  public synchronized void advance(Duration amount) {
    now = now.plus(requireNonNull(amount, "amount"));
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    // A copy in another zone would stop following advance(), which a test would not expect.
    throw new UnsupportedOperationException("MutableClock is always UTC");
  }
}
