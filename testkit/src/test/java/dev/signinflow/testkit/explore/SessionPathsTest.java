package dev.signinflow.testkit.explore;

import static dev.signinflow.testkit.explore.Action.RESET;
import static dev.signinflow.testkit.explore.Action.SIGN_OUT;
import static dev.signinflow.testkit.explore.Action.SUBMIT_RIGHT_PASSWORD;
import static dev.signinflow.testkit.explore.Action.SUBMIT_WRONG_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.SignInState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session paths the explorer walks, pinned as recorded sequences with their traces: a signed-in
 * device's next sign-in in single- and multi-session mode, sign-out and the sign-in after it, and a
 * sign-out the server fails. Every invariant is checked on the way.
 */
class SessionPathsTest {
  private static final FixtureReplay REPLAY = FixtureReplay.inMemory();

  private static List<TraceStep> run(String scenario, Action... actions) {
    ReplayResult r = REPLAY.replay(REPLAY.record(scenario, List.of(actions)));
    assertThat(r.brokenInvariant()).as("%s", r.message()).isEmpty();
    assertThat(r.traceMatches()).isTrue();
    return r.actualTrace();
  }

  @Test
  void aSignedInDeviceCompletesWithItsSessionThenSignsOutAndInWithoutACode() {
    List<TraceStep> t =
        run(
            "client-trust-email-code/no-mfa/known-device/no-faults",
            SUBMIT_RIGHT_PASSWORD,
            RESET,
            SUBMIT_WRONG_PASSWORD,
            SIGN_OUT,
            SUBMIT_RIGHT_PASSWORD);

    assertThat(t.get(0).to()).isEqualTo(SignInState.COMPLETE);
    assertThat(t.get(0).calls()).containsExactly("createSignIn:Success");
    TraceStep again = t.get(2);
    assertThat(again.to()).as("Clerk answers before the password").isEqualTo(SignInState.COMPLETE);
    assertThat(again.calls()).containsExactly("createSignIn:Rejected", "getClient:Success");
    assertThat(t.get(3).to()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(t.get(3).calls()).containsExactly("removeSession:Success");
    assertThat(t.get(4).to()).as("no code on the trusted device").isEqualTo(SignInState.COMPLETE);
    assertThat(t.get(4).calls()).containsExactly("createSignIn:Success");
  }

  @Test
  void inMultiSessionModeTheSameUserGetsTheSessionClerkNames() {
    List<TraceStep> t =
        run(
            "multi-session/no-mfa/known-device/no-faults",
            SUBMIT_RIGHT_PASSWORD,
            RESET,
            SUBMIT_RIGHT_PASSWORD);

    assertThat(t.get(2).to()).isEqualTo(SignInState.COMPLETE);
    assertThat(t.get(2).calls()).containsExactly("createSignIn:Rejected");
  }

  @Test
  void aSignOutTheServerFailsStaysCompleteAndTheNextOneSignsOut() {
    List<TraceStep> t =
        run(
            "client-trust-email-code/no-mfa/known-device/5xx",
            SUBMIT_RIGHT_PASSWORD,
            SUBMIT_RIGHT_PASSWORD,
            SIGN_OUT,
            SIGN_OUT);

    assertThat(t.get(0).outcome()).as("the first create gets the 500").isEqualTo("UNAVAILABLE");
    assertThat(t.get(1).to()).isEqualTo(SignInState.COMPLETE);
    assertThat(t.get(2).to()).isEqualTo(SignInState.COMPLETE);
    assertThat(t.get(2).outcome()).isEqualTo("UNAVAILABLE");
    assertThat(t.get(3).to()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(t.get(3).outcome()).isEqualTo("SUCCESS");
  }
}
