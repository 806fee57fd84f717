package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.SignInState;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fixtures the explorer wrote, replayed exactly: a regression kept from a real run, and the two
 * fixtures of the break experiments (a broken machine, a broken fake), which no longer fail.
 */
class FixtureReplayTest {

  @Test
  void replaysTheCommittedRegressionFixtureStepForStep() {
    Path fixture = resource("verify-after-sign-in-abandoned.json");
    // tag::replay-fixture[]
    ReplayResult replay = FixtureReplay.inMemory().replay(fixture);
    replay.assertReproduced(); // the same trace, and the same broken invariant (here: none)
    // end::replay-fixture[]
    assertThat(replay.actualTrace()).hasSize(3);
    assertThat(replay.actualTrace().get(2).to()).isEqualTo(SignInState.IDENTIFYING);
  }

  @Test
  void theBrokenMachinesFixtureNoLongerFailsOnTheRealMachine() {
    ReplayResult replay =
        FixtureReplay.inMemory().replay(resource("broken-machine-verify-gone-stays.json"));

    assertThat(replay.expectedInvariant()).contains("follows-table");
    assertThat(replay.brokenInvariant()).isEmpty();
    assertThat(replay.reproduced()).isFalse();
    TraceStep verify = replay.actualTrace().get(2);
    assertThat(verify.to()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(verify.outcome()).isEqualTo("SIGN_IN_GONE");
  }

  @Test
  void theBrokenFakesFixtureNoLongerFailsOnTheRealFake() {
    ReplayResult replay =
        FixtureReplay.inMemory().replay(resource("broken-fake-sends-on-create.json"));

    assertThat(replay.expectedInvariant()).contains("sends-only-by-submit-resend-select");
    assertThat(replay.brokenInvariant()).isEmpty();
    assertThat(replay.actualTrace().get(0).outcome()).isEqualTo("SUCCESS");
    assertThat(replay.actualTrace().get(0).calls())
        .containsExactly("createSignIn:Success", "prepareSecondFactor:Success");
  }

  @Test
  void aFixtureWhoseTraceNoLongerMatchesSaysWhichStepDiffers() throws IOException {
    String edited =
        Files.readString(resource("verify-after-sign-in-abandoned.json"))
            .replace("\"to\": \"IDENTIFYING\"", "\"to\": \"NEEDS_CLIENT_TRUST\"");

    ReplayResult replay = FixtureReplay.inMemory().replay(edited);

    assertThat(replay.traceMatches()).isFalse();
    assertThatThrownBy(replay::assertReproduced)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "step 3 expected VERIFY_RIGHT_CODE: NEEDS_CLIENT_TRUST -> NEEDS_CLIENT_TRUST");
  }

  @Test
  void recordWritesAFixtureThatReplaysAlike() {
    FixtureReplay replay = FixtureReplay.inMemory();
    String json =
        replay.record(
            "client-trust-email-code/sms-mfa/new-device/no-faults",
            List.of(
                Action.SUBMIT_RIGHT_PASSWORD,
                Action.SELECT_EMAIL_CODE,
                Action.ADVANCE_PAST_COOLDOWN,
                Action.SELECT_PHONE_CODE,
                Action.VERIFY_RIGHT_CODE,
                Action.FINALIZE));

    ReplayResult result = replay.replay(json);

    result.assertReproduced();
    assertThat(result.actualTrace().get(5).to()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void aFixtureOfAnUnknownScenarioIsRefused() {
    String json =
        FixtureReplay.inMemory()
            .record("client-trust-off/no-mfa/new-device/no-faults", List.of(Action.RESET))
            .replace("client-trust-off/", "nowhere/");

    assertThatThrownBy(() -> FixtureReplay.inMemory().replay(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown scenario nowhere/no-mfa/new-device/no-faults");
  }

  /** Replays the fixture named by {@code -Dexplorer.fixture=...}, as a violation's hint says. */
  @Test
  @EnabledIfSystemProperty(named = "explorer.fixture", matches = ".+")
  void replaysTheFixtureNamedOnTheCommandLine() {
    ReplayResult replay =
        FixtureReplay.inMemory().replay(Path.of(System.getProperty("explorer.fixture")));
    replay.actualTrace().forEach(System.out::println);
    replay.assertReproduced();
  }

  private static Path resource(String name) {
    try {
      return Path.of(FixtureReplayTest.class.getResource("/explorer/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
