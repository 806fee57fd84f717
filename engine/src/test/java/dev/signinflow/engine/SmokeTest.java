package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void clientTrustWithEmailCode() {
    StubSignInGateway g = new StubSignInGateway();
    g.onCreate(Answers.clientTrust(Answers.EMAIL_CODE))
        .onPrepare(Answers.signIn(SignInStatus.NEEDS_CLIENT_TRUST, Answers.EMAIL_CODE))
        .onAttempt(Answers.codeIncorrect(), Answers.signIn(SignInStatus.COMPLETE))
        .onActivate(Answers.session(SessionStatus.ACTIVE));
    SignInEngine e =
        SignInEngine.builder()
            .gateway(g)
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .build();
    SignInFlow f = e.newFlow(DeviceId.of("d1"));
    StepResult r = f.submitPassword("ada@example.com", "pw");
    assertThat(r.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(f.resendCode().kind()).isEqualTo(OutcomeKind.NOT_ALLOWED);
    r = f.verifyCode("111111");
    assertThat(r.errors().field(FormField.CODE)).hasSize(1);
    r = f.verifyCode("123456");
    assertThat(r.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(f.resendCode()).isInstanceOf(StepResult.IllegalEvent.class);
    r = f.finalizeSession();
    assertThat(f.view().session()).isPresent();
    long t0 = System.nanoTime();
    int n = 20000;
    for (int i = 0; i < n; i++) {
      f.reset();
    }
    System.out.println("per event us: " + (System.nanoTime() - t0) / 1000.0 / n);
  }
}
