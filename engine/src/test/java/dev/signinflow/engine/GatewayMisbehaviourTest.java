package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayMisbehaviourTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static SignInFlow flowOver(SignInGateway gateway) {
    return SignInEngine.builder().gateway(gateway).clock(CLOCK).build().newFlow(DeviceId.of("d"));
  }

  @Test
  void aThrowingGatewayIsUnavailableNotAnException() {
    SignInFlow flow =
        flowOver(
            new DelegatingGateway(new StubSignInGateway()) {
              @Override
              public GatewayResult<SignIn> createSignIn(
                  Optional<ClientToken> t, Identifier i, Password p) {
                throw new IllegalStateException("adapter bug");
              }
            });

    StepResult r = flow.submitPassword("ada@example.com", "pw");

    assertThat(r.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(r.state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(r.errors().has("gateway_unavailable")).isTrue();
  }

  @Test
  void aGatewayReturningNullIsUnavailable() {
    SignInFlow flow =
        flowOver(
            new DelegatingGateway(new StubSignInGateway()) {
              @Override
              public GatewayResult<SignIn> createSignIn(
                  Optional<ClientToken> t, Identifier i, Password p) {
                return null;
              }
            });

    assertThat(flow.submitPassword("ada@example.com", "pw").kind())
        .isEqualTo(OutcomeKind.UNAVAILABLE);
  }

  @Test
  void theFlowGoesOnAfterAnUnavailableStep() {
    StubSignInGateway stub =
        new StubSignInGateway()
            .onCreate(Answers.unavailable(), Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow = flowOver(stub);

    flow.submitPassword("ada@example.com", "pw");

    assertThat(flow.submitPassword("ada@example.com", "pw").state())
        .isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void aTokenReturnedWithAnErrorIsKeptForTheNextCall() {
    ClientToken issued = ClientToken.of("issued.with.error");
    StubSignInGateway stub =
        new StubSignInGateway()
            .onCreate(
                new GatewayResult.Rejected<>(
                    422,
                    java.util.List.of(ClerkError.of("form_password_incorrect", "m", "l")),
                    Optional.of(issued)),
                Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow = flowOver(stub);

    flow.submitPassword("ada@example.com", "wrong");
    flow.submitPassword("ada@example.com", "right");

    assertThat(stub.calls())
        .extracting(StubSignInGateway.RecordedCall::clientToken)
        .containsExactly(Optional.empty(), Optional.of(issued));
  }
}
