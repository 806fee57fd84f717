package dev.signinflow.engine;

import static dev.signinflow.engine.SecretMatchers.passwordRevealing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class GatewayMisbehaviourTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Mock SignInGateway gateway;

  private static SignInFlow flowOver(SignInGateway gateway) {
    return SignInEngine.builder().gateway(gateway).clock(CLOCK).build().newFlow(DeviceId.of("d"));
  }

  @Test
  void aThrowingGatewayIsUnavailableNotAnException() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenThrow(new IllegalStateException("adapter bug"));
    SignInFlow flow = flowOver(gateway);

    StepResult r = flow.submitPassword("ada@example.com", "pw");

    assertThat(r.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(r.state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(r.errors().has("gateway_unavailable")).isTrue();
  }

  @Test
  void aGatewayReturningNullIsUnavailable() {
    when(gateway.createSignIn(any(), any(), any(), any())).thenReturn(null);
    SignInFlow flow = flowOver(gateway);

    assertThat(flow.submitPassword("ada@example.com", "pw").kind())
        .isEqualTo(OutcomeKind.UNAVAILABLE);
  }

  @Test
  void theFlowGoesOnAfterAnUnavailableStep() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.unavailable())
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow = flowOver(gateway);

    flow.submitPassword("ada@example.com", "pw");

    assertThat(flow.submitPassword("ada@example.com", "pw").state())
        .isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void aTokenReturnedWithAnErrorIsKeptForTheNextCall() {
    ClientToken issued = ClientToken.of("issued.with.error");
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(
            new GatewayResult.Rejected<>(
                422,
                List.of(ClerkError.of("form_password_incorrect", "m", "l")),
                Optional.of(issued)))
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow = flowOver(gateway);

    flow.submitPassword("ada@example.com", "wrong");
    flow.submitPassword("ada@example.com", "right");

    InOrder inOrder = inOrder(gateway);
    inOrder
        .verify(gateway)
        .createSignIn(any(), eq(Optional.empty()), any(), passwordRevealing("wrong"));
    inOrder
        .verify(gateway)
        .createSignIn(any(), eq(Optional.of(issued)), any(), passwordRevealing("right"));
    verifyNoMoreInteractions(gateway);
  }
}
