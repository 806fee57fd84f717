package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class ResendPolicyTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  @Mock SignInGateway gateway;

  private SignInFlow flowWith(ResendPolicy policy) {
    return SignInEngine.builder()
        .gateway(gateway)
        .clock(clock)
        .resendPolicy(policy)
        .build()
        .newFlow(DeviceId.of("d1"));
  }

  private SignInFlow mfaWithEmailAndPhone(ResendPolicy policy) {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(
            Answers.signIn(
                SignInStatus.NEEDS_SECOND_FACTOR, Answers.EMAIL_CODE, Answers.PHONE_CODE));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(
            Answers.ok(
                SignIn.of(Answers.SIGN_IN_ID, SignInStatus.NEEDS_SECOND_FACTOR)
                    .withVerification(
                        new Verification(
                            VerificationStatus.UNVERIFIED,
                            Strategy.PHONE_CODE,
                            0,
                            Optional.of(clock.instant().plusSeconds(600))))));
    SignInFlow flow = flowWith(policy);
    flow.submitPassword("ada@example.com", "pw");
    return flow;
  }

  @Test
  void reselectingTheFactorWhoseCodeIsStillPendingSendsNothingEvenAtTheSendLimit() {
    SignInFlow flow = mfaWithEmailAndPhone(ResendPolicy.of(Duration.ofSeconds(30), 1));
    clearInvocations(gateway);

    StepResult again = flow.selectFactor(Strategy.PHONE_CODE);

    assertThat(again.kind()).isEqualTo(OutcomeKind.SUCCESS);
    verifyNoInteractions(gateway);
  }

  @Test
  void switchingToANewFactorAtTheSendLimitIsRefused() {
    SignInFlow flow = mfaWithEmailAndPhone(ResendPolicy.of(Duration.ofSeconds(30), 1));
    clearInvocations(gateway);

    StepResult r = flow.selectFactor(Strategy.EMAIL_CODE);

    assertThat(r.kind()).isEqualTo(OutcomeKind.NOT_ALLOWED);
    assertThat(r.errors().has("resend_limit_reached")).isTrue();
    assertThat(flow.view().currentFactor().map(Factor::strategy)).contains(Strategy.PHONE_CODE);
    verifyNoInteractions(gateway);
  }

  @Test
  void aShorterCooldownAllowsAnEarlierResend() {
    SignInFlow flow = mfaWithEmailAndPhone(ResendPolicy.of(Duration.ofSeconds(5), 5));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR));
    clock.advance(Duration.ofSeconds(5));

    assertThat(flow.resendCode().kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(flow.view().resendAvailableAt()).contains(clock.instant().plusSeconds(5));
  }
}
