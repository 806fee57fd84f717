package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it: codes expire, cooldowns pass and lockouts lift
 * because a test calls {@link #advance(Duration)}, never because time passed. For an emulator that
 * people use by hand, {@link #following(Clock)} makes one that runs with another clock and can
 * still be moved forward.
 *
 * <p>Thread-safe. Always in UTC.
 */
public final class FakeClock extends Clock {
  private final Clock base;
  private volatile Instant now;
  private volatile Duration offset = Duration.ZERO;

  private FakeClock(Instant start, Clock base) {
    this.now = start;
    this.base = base;
  }

  /** A clock standing at this instant. */
  public static FakeClock at(Instant start) {
    return new FakeClock(requireNonNull(start, "start"), null);
  }

  /**
   * A clock that runs with {@code base} (for an emulator: {@code Clock.systemUTC()}), plus whatever
   * {@link #advance} and {@link #set} add.
   */
  public static FakeClock following(Clock base) {
    return new FakeClock(null, requireNonNull(base, "base"));
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
    if (base != null) {
      offset = offset.plus(by);
      return instant();
    }
    now = now.plus(by);
    return now;
  }

  /** Sets the clock to an instant, earlier or later. */
  public synchronized void set(Instant instant) {
    requireNonNull(instant, "instant");
    if (base != null) {
      offset = Duration.between(base.instant(), instant);
    } else {
      now = instant;
    }
  }

  @Override
  public Instant instant() {
    return base == null ? now : base.instant().plus(offset);
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
    return "FakeClock[" + instant() + (base == null ? "" : ", running") + "]";
  }
}
