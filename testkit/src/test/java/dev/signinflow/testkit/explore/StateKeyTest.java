package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateKeyTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private static final Duration HORIZON = Duration.ofSeconds(30);
  private static final long[] OFFSETS =
      StateKey.reachableOffsets(List.of(Duration.ofSeconds(31), Duration.ofSeconds(601)), 2);

  @Test
  void reachableOffsetsAreEverySumOfAtMostDepthMoves() {
    assertThat(OFFSETS).containsExactly(0, 31_000, 62_000, 601_000, 632_000, 1_202_000);
  }

  @Test
  void idsAreNumberedInTheOrderTheyAppear() {
    String a =
        StateKey.of(
            "sign_in sia_AAAAAAAAAAAAAAAAAAAAAAAAAAA client=client_BBBBBBBBBBBBBBBBBBBBBBBBBBB",
            "{\"sign_in\":\"sia_AAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
            "",
            NOW,
            HORIZON,
            OFFSETS);
    String b =
        StateKey.of(
            "sign_in sia_ZZZZZZZZZZZZZZZZZZZZZZZZZZZ client=client_YYYYYYYYYYYYYYYYYYYYYYYYYYY",
            "{\"sign_in\":\"sia_ZZZZZZZZZZZZZZZZZZZZZZZZZZZ\"}",
            "",
            NOW,
            HORIZON,
            OFFSETS);

    assertThat(a).isEqualTo(b).contains("sia#0").contains("client#1");
  }

  @Test
  void snapshotInstantsBecomeRelativeAndOldOnesPast() {
    long now = NOW.toEpochMilli();
    String key =
        StateKey.of(
            "",
            "{\"sent\":{\"email_code\":"
                + (now - 10_000)
                + ",\"phone_code\":"
                + (now - 40_000)
                + "}}",
            "",
            NOW,
            HORIZON,
            null);

    assertThat(key).contains("\"email_code\":@-10000").contains("\"phone_code\":@past");
  }

  @Test
  void futureInstantsBetweenTheSameReachableOffsetsReadTheSame() {
    String early = StateKey.of("expires @+100000", "{}", "", NOW, HORIZON, OFFSETS);
    String late = StateKey.of("expires @+500000", "{}", "", NOW, HORIZON, OFFSETS);
    String beyond = StateKey.of("expires @+610000", "{}", "", NOW, HORIZON, OFFSETS);
    String exact = StateKey.of("expires @+601000", "{}", "", NOW, HORIZON, OFFSETS);

    assertThat(early).isEqualTo(late).contains("@f3");
    assertThat(beyond).isNotEqualTo(late).contains("@f4");
    assertThat(exact).contains("@f3=");
  }

  @Test
  void withoutOffsetsFutureInstantsStayExact() {
    assertThat(StateKey.of("expires @+100000", "{}", "", NOW, HORIZON, null)).contains("@+100000");
  }
}
