package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResendPolicyTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  private final StubSignInGateway stub = new StubSignInGateway();

  private SignInFlow flowWith(ResendPolicy policy) {
    return SignInEngine.builder()
        .gateway(stub)
        .clock(clock)
        .resendPolicy(policy)
        .build()
        .newFlow(DeviceId.of("d1"));
  }

  private SignInFlow mfaWithEmailAndPhone(ResendPolicy policy) {
    stub.onCreate(
            Answers.signIn(
                SignInStatus.NEEDS_SECOND_FACTOR, Answers.EMAIL_CODE, Answers.PHONE_CODE))
        .onPrepare(
            Answers.ok(
                SignIn.of(Answers.SIGN_IN_ID, SignInStatus.NEEDS_SECOND_FACTOR)
                    .withVerification(
                        new Verification(
                            VerificationStatus.UNVERIFIED,
                            Strategy.PHONE_CODE,
                            0,
                            java.util.Optional.of(clock.instant().plusSeconds(600))))));
    SignInFlow flow = flowWith(policy);
    flow.submitPassword("ada@example.com", "pw");
    return flow;
  }

  @Test
  void reselectingTheFactorWhoseCodeIsStillPendingSendsNothingEvenAtTheSendLimit() {
    SignInFlow flow = mfaWithEmailAndPhone(ResendPolicy.of(Duration.ofSeconds(30), 1));
    stub.clearCalls();

    StepResult again = flow.selectFactor(Strategy.PHONE_CODE);

    assertThat(again.kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(stub.calls()).isEmpty();
  }

  @Test
  void switchingToANewFactorAtTheSendLimitIsRefused() {
    SignInFlow flow = mfaWithEmailAndPhone(ResendPolicy.of(Duration.ofSeconds(30), 1));
    stub.clearCalls();

    StepResult r = flow.selectFactor(Strategy.EMAIL_CODE);

    assertThat(r.kind()).isEqualTo(OutcomeKind.NOT_ALLOWED);
    assertThat(r.errors().has("resend_limit_reached")).isTrue();
    assertThat(flow.view().currentFactor().map(Factor::strategy)).contains(Strategy.PHONE_CODE);
    assertThat(stub.calls()).isEmpty();
  }

  @Test
  void aShorterCooldownAllowsAnEarlierResend() {
    SignInFlow flow = mfaWithEmailAndPhone(ResendPolicy.of(Duration.ofSeconds(5), 5));
    stub.onPrepare(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR));
    clock.advance(Duration.ofSeconds(5));

    assertThat(flow.resendCode().kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(flow.view().resendAvailableAt()).contains(clock.instant().plusSeconds(5));
  }
}
