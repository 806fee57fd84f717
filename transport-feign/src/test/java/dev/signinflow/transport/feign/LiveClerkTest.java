package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The engine over {@link FeignSignInGateway} against a real Clerk development instance: opt-in, and
 * the only test that leaves 127.0.0.1.
 *
 * <p>It runs only when all three of these are set: {@code CLERK_PUBLISHABLE_KEY} (a development
 * instance's {@code pk_test_} key), {@code CLERK_TEST_IDENTIFIER} (the {@code +clerk_test} email
 * address of a user of that instance) and {@code CLERK_TEST_PASSWORD} (that user's password). CI
 * sets none of them, so there it is skipped; that is intended: CI never reaches the network, and
 * the rest of this module's tests pin the wire format against the emulator and a scripted server.
 * Run it by hand to check those against Clerk itself:
 *
 * <pre>
 * CLERK_PUBLISHABLE_KEY=pk_test_... CLERK_TEST_IDENTIFIER=jane+clerk_test@example.com \
 * CLERK_TEST_PASSWORD=... ./mvnw -pl transport-feign -am test -Dtest=LiveClerkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Whatever second step comes (Client Trust or MFA by an email or SMS code), it is answered with
 * Clerk's test code 424242, which {@code +clerk_test} identities accept and which sends nothing.
 * The password is read from the environment and handed to the flow only: it appears in no log, no
 * assertion and no failure message.
 */
@EnabledIfEnvironmentVariable(named = "CLERK_PUBLISHABLE_KEY", matches = ".+")
@EnabledIfEnvironmentVariable(named = "CLERK_TEST_IDENTIFIER", matches = ".+")
@EnabledIfEnvironmentVariable(named = "CLERK_TEST_PASSWORD", matches = ".+")
class LiveClerkTest {
  private static final String TEST_CODE = "424242";
  private static final Set<Strategy> TAKES_TEST_CODE =
      EnumSet.of(Strategy.EMAIL_CODE, Strategy.PHONE_CODE);
  private static final int MAX_CODE_STEPS = 3;

  @Test
  void signsInWithTheTestIdentityAnsweringEverySecondStepWith424242() {
    String key = System.getenv("CLERK_PUBLISHABLE_KEY").strip();
    String identifier = System.getenv("CLERK_TEST_IDENTIFIER").strip();
    assertThat(key).as("CLERK_PUBLISHABLE_KEY must be a development key").startsWith("pk_test_");
    assertThat(identifier)
        .as("CLERK_TEST_IDENTIFIER must be a +clerk_test email address")
        .contains("+clerk_test@");
    SignInEngine engine =
        SignInEngine.builder()
            .gateway(FeignSignInGateway.builder().publishableKey(key).build())
            .build();
    // A new device each run, so Clerk asks for Client Trust when the instance has it on.
    SignInFlow flow = engine.newFlow(DeviceId.of("live-" + UUID.randomUUID()));

    StepResult submitted = flow.submitPassword(identifier, System.getenv("CLERK_TEST_PASSWORD"));
    assertSucceeded(submitted);

    for (int step = 0; step < MAX_CODE_STEPS && waitsForACode(flow.state()); step++) {
      Optional<Strategy> current = flow.view().currentFactor().map(Factor::strategy);
      if (current.filter(TAKES_TEST_CODE::contains).isEmpty()) {
        Strategy codeFactor =
            flow.view().offeredFactors().stream()
                .map(Factor::strategy)
                .filter(TAKES_TEST_CODE::contains)
                .findFirst()
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "no email or SMS code factor offered: "
                                + flow.view().offeredFactors()));
        assertSucceeded(flow.selectFactor(codeFactor));
      }
      assertSucceeded(flow.verifyCode(TEST_CODE));
    }
    assertThat(flow.state()).as("state after the code steps").isEqualTo(SignInState.COMPLETE);

    assertSucceeded(flow.finalizeSession());
    Session session = flow.view().session().orElseThrow();
    assertThat(session.id()).startsWith("sess_");
    assertThat(session.status()).isIn(SessionStatus.ACTIVE, SessionStatus.PENDING);
  }

  private static boolean waitsForACode(SignInState state) {
    return state == SignInState.NEEDS_CLIENT_TRUST || state == SignInState.NEEDS_SECOND_FACTOR;
  }

  private static void assertSucceeded(StepResult r) {
    assertThat(r.kind())
        .as("%s ended %s in %s with errors %s", r.event(), r.kind(), r.state(), r.errors())
        .isEqualTo(OutcomeKind.SUCCESS);
  }
}
