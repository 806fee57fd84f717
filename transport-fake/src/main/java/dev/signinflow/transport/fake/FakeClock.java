package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it: codes expire, cooldowns pass and lockouts lift
 * because a test calls {@link #advance(Duration)}, never because time passed.
 *
 * <p>Thread-safe. Always in UTC.
 */
public final class FakeClock extends Clock {
  private volatile Instant now;

  private FakeClock(Instant start) {
    this.now = start;
  }

  /** A clock standing at this instant. */
  public static FakeClock at(Instant start) {
    return new FakeClock(requireNonNull(start, "start"));
  }

  /** A clock standing at 2026-01-01T00:00:00Z. */
  public static FakeClock standard() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves the clock forward.
   *
   * @throws IllegalArgumentException when the duration is negative
   */
  public synchronized Instant advance(Duration by) {
    requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward: " + by);
    }
    now = now.plus(by);
    return now;
  }

  /** Sets the clock to an instant, earlier or later. */
  public synchronized void set(Instant instant) {
    now = requireNonNull(instant, "instant");
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
    throw new UnsupportedOperationException("FakeClock is always UTC");
  }

  @Override
  public String toString() {
    return "FakeClock[" + now + "]";
  }
}
