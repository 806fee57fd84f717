package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class TransitionListenerTest {
  private static final String PASSWORD = "Pa55-SECRET-word";
  private static final String CODE = "987654";
  private static final ClientToken TOKEN = ClientToken.of("client.SECRET-TOKEN.jwt");

  /** A clock that moves one second each time it is read, so durations are not zero. */
  private static final class TickingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public synchronized Instant instant() {
      Instant t = now;
      now = now.plusSeconds(1);
      return t;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final List<Transition> seen = new ArrayList<>();
  @Mock SignInGateway gateway;

  private SignInFlow flowWith(TransitionListener... listeners) {
    SignInEngine.Builder b = SignInEngine.builder().gateway(gateway).clock(new TickingClock());
    for (TransitionListener l : listeners) {
      b.listener(l);
    }
    return b.build().newFlow(DeviceId.of("d1"));
  }

  private static GatewayResult<SignIn> withToken(GatewayResult<SignIn> r) {
    return new GatewayResult.Success<>(
        ((GatewayResult.Success<SignIn>) r).value(), Optional.of(TOKEN));
  }

  @Test
  void toldOfEveryStepWithFromEventToAndOutcome() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(withToken(Answers.clientTrust(Answers.EMAIL_CODE)));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(withToken(Answers.signIn(SignInStatus.NEEDS_CLIENT_TRUST)));
    when(gateway.attemptSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(withToken(Answers.signIn(SignInStatus.COMPLETE)));
    SignInFlow flow = flowWith(seen::add);

    flow.submitPassword("ada@example.com", PASSWORD);
    flow.finalizeSession();
    flow.verifyCode(CODE);

    assertThat(seen)
        .extracting(Transition::from, Transition::event, Transition::to, Transition::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SignInState.IDENTIFYING,
                SignInEvent.SUBMIT_PASSWORD,
                SignInState.NEEDS_CLIENT_TRUST,
                OutcomeKind.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(
                SignInState.NEEDS_CLIENT_TRUST,
                SignInEvent.FINALIZE,
                SignInState.NEEDS_CLIENT_TRUST,
                OutcomeKind.ILLEGAL_EVENT),
            org.assertj.core.groups.Tuple.tuple(
                SignInState.NEEDS_CLIENT_TRUST,
                SignInEvent.VERIFY_CODE,
                SignInState.COMPLETE,
                OutcomeKind.SUCCESS));
    assertThat(seen).allSatisfy(t -> assertThat(t.device()).isEqualTo(DeviceId.of("d1")));
  }

  @Test
  void durationIsReadFromTheEngineClock() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    flowWith(seen::add).submitPassword("ada@example.com", PASSWORD);

    assertThat(seen)
        .singleElement()
        .extracting(Transition::duration)
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void noSecretReachesAListener() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(withToken(Answers.clientTrust(Answers.EMAIL_CODE)));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(withToken(Answers.signIn(SignInStatus.NEEDS_CLIENT_TRUST)));
    when(gateway.attemptSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.codeIncorrect());
    SignInFlow flow = flowWith(seen::add);

    flow.submitPassword("ada@example.com", PASSWORD);
    flow.verifyCode(CODE);

    assertThat(seen).hasSize(2);
    for (Transition t : seen) {
      assertThat(t.toString()).doesNotContain(PASSWORD, CODE, TOKEN.reveal());
    }
  }

  @Test
  void aThrowingListenerCannotBreakTheFlow() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow =
        flowWith(
            t -> {
              throw new IllegalStateException("listener bug");
            },
            seen::add);

    StepResult r = flow.submitPassword("ada@example.com", PASSWORD);

    assertThat(r.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(seen).hasSize(1);
  }

  @Test
  void toldOfBusyRejections() {
    List<StepResult> inner = new ArrayList<>();
    SignInFlow flow = flowWith(seen::add);
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenAnswer(
            call -> {
              // An event sent from inside the gateway call: the flow is in flight, so it is Busy.
              inner.add(flow.reset());
              return Answers.signIn(SignInStatus.COMPLETE);
            });

    flow.submitPassword("ada@example.com", PASSWORD);

    assertThat(inner).singleElement().isInstanceOf(StepResult.Busy.class);
    assertThat(seen)
        .extracting(Transition::outcome)
        .containsExactly(OutcomeKind.BUSY, OutcomeKind.SUCCESS);
  }
}
