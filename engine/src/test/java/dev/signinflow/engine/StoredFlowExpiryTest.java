package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.internal.FlowData;
import dev.signinflow.engine.internal.SnapshotCodec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a stored flow expires after an event, from its sign-in's {@code abandon_at}. */
class StoredFlowExpiryTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant BEFORE = NOW.plus(Duration.ofHours(3));
  private static final Duration DAY = SignInEngine.FLOW_LIFETIME;

  private static FlowData abandonedAt(Instant at) {
    FlowData d = FlowData.initial(DeviceId.of("d1"));
    return new FlowData(
        d.device(),
        SignInState.NEEDS_CLIENT_TRUST,
        "sia_1",
        "ada@example.com",
        null,
        d.factors(),
        null,
        null,
        d.lastSentAt(),
        0,
        null,
        null,
        null,
        at);
  }

  @Test
  void withoutASignInTheFlowKeepsTheExpiryItHad() {
    assertThat(StoredFlowHolder.expiry(FlowData.initial(DeviceId.of("d1")), BEFORE, NOW))
        .isEqualTo(BEFORE);
  }

  @Test
  void aLiveSignInKeepsItsFlowADayPastItsAbandonAt() {
    Instant abandon = NOW.plus(Duration.ofHours(20));
    assertThat(StoredFlowHolder.expiry(abandonedAt(abandon), BEFORE, NOW))
        .isEqualTo(abandon.plus(DAY));
  }

  @Test
  void anAbandonedSignInKeepsItsFlowADayPastTheLastChange() {
    assertThat(StoredFlowHolder.expiry(abandonedAt(NOW.minusSeconds(60)), BEFORE, NOW))
        .isEqualTo(NOW.plus(DAY));
  }

  @Test
  void anAbandonAtFarAheadCountsAtMostADayAhead() {
    assertThat(StoredFlowHolder.expiry(abandonedAt(NOW.plus(Duration.ofDays(400))), BEFORE, NOW))
        .isEqualTo(NOW.plus(DAY).plus(DAY));
  }

  @Test
  void theExpiryNeverMovesSooner() {
    Instant later = NOW.plus(Duration.ofDays(3));
    assertThat(StoredFlowHolder.expiry(abandonedAt(NOW), later, NOW)).isEqualTo(later);
  }

  @Test
  void theAbandonAtRoundTripsThroughASnapshot() {
    FlowData d = abandonedAt(Instant.parse("2026-01-02T12:00:00.123Z"));
    String json = SnapshotCodec.encode(d);
    assertThat(json).contains("\"abandon_at\":1767355200123");
    assertThat(SnapshotCodec.decode(json)).isEqualTo(d);
  }
}
