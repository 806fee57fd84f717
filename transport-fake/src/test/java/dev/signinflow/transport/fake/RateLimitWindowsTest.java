package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.transport.fake.RateLimits.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fake's rate-limit windows do not pile up when every request comes from a new address. */
class RateLimitWindowsTest {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final RateLimits limits = new RateLimits();

  private static String ip(int n) {
    return "10.0." + (n >> 8) + "." + (n & 255);
  }

  @Test
  void windowsOfAddressesNotSeenForAWindowAreDroppedOnceTheyPileUp() {
    for (int i = 0; i < RateLimits.FIRST_SWEEP; i++) {
      assertThat(limits.take(Kind.CREATE, ip(i), 5, WINDOW, T0)).isEmpty();
    }
    assertThat(limits.windows()).hasSize(RateLimits.FIRST_SWEEP);

    limits.take(Kind.CREATE, "192.0.2.1", 5, WINDOW, T0.plus(WINDOW));

    assertThat(limits.windows()).containsOnlyKeys("create|192.0.2.1");
  }

  @Test
  void windowsStillCountingAreKeptAndStillLimit() {
    for (int i = 0; i < 5; i++) {
      assertThat(limits.take(Kind.ATTEMPT, "192.0.2.7", 5, WINDOW, T0)).isEmpty();
    }
    for (int i = 0; i < RateLimits.FIRST_SWEEP; i++) {
      limits.take(Kind.CREATE, ip(i), 5, WINDOW, T0);
    }
    Instant later = T0.plus(WINDOW).minusSeconds(1);

    limits.take(Kind.CREATE, "192.0.2.1", 5, WINDOW, later);

    assertThat(limits.windows()).hasSize(RateLimits.FIRST_SWEEP + 2);
    assertThat(limits.take(Kind.ATTEMPT, "192.0.2.7", 5, WINDOW, later))
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void theNextSweepWaitsUntilTheWindowsHaveDoubled() {
    Instant t = T0;
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 3 * RateLimits.FIRST_SWEEP; i++) {
        limits.take(Kind.CREATE, round + "-" + ip(i), 5, WINDOW, t);
      }
      assertThat(limits.windows().size()).isLessThanOrEqualTo(4 * RateLimits.FIRST_SWEEP);
      t = t.plus(WINDOW);
    }
  }
}
