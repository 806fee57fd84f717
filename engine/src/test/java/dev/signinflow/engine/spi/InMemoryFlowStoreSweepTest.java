package dev.signinflow.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.FlowId;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-memory flow store drops an expired flow when it finds it, and sweeps the others every
 * {@value InMemoryFlowStore#SWEEP_EVERY} creates, so flows nobody comes back for do not pile up.
 */
class InMemoryFlowStoreSweepTest {
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
  private final Random random = new Random(1);
  private final InMemoryFlowStore store = new InMemoryFlowStore();

  private void create(Instant now, Instant expiresAt) {
    store.create(FlowId.random(random), "{}", expiresAt, now);
  }

  @Test
  void expiredFlowsNobodyAsksForAreSweptAtEveryThousandTwentyFourthCreate() {
    create(T0, T0.plusSeconds(10));
    Instant later = T0.plusSeconds(10);
    for (int i = 2; i < InMemoryFlowStore.SWEEP_EVERY; i++) {
      create(later, later.plusSeconds(60));
    }
    assertThat(store).hasToString("InMemoryFlowStore[1023 flows]");

    create(later, later.plusSeconds(60));

    assertThat(store).hasToString("InMemoryFlowStore[1023 flows]");
  }
}
