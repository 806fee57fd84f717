package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.Answers;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.ResendPolicy;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/** The one-way event path: an immutable input goes in, one immutable result comes out. */
@ExtendWith(MockitoExtension.class)
class SignInMachineTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final DeviceId DEVICE = DeviceId.of("d1");
  private static final String PASSWORD = "Pa55-SECRET-word";

  @Mock SignInGateway gateway;

  private static SignInMachine machineOver(SignInGateway gateway, ClientTokenStore tokens) {
    return new SignInMachine(
        new FlowSteps(
            gateway, CLOCK, ResendPolicy.defaults(), tokens, Optional.empty(), device -> {}));
  }

  private static SignInMachine machineOver(SignInGateway gateway) {
    return machineOver(gateway, ClientTokenStore.inMemory());
  }

  private static FlowData in(SignInState state) {
    return FlowData.initial(DEVICE).withState(state);
  }

  @Test
  void returnsTheStepAndTheStateTheChoicePicked() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.clientTrust(Answers.EMAIL_CODE));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_CLIENT_TRUST, Answers.EMAIL_CODE));

    SignInMachine.Ran ran =
        machineOver(gateway)
            .run(
                Input.submitPassword(
                    in(SignInState.IDENTIFYING),
                    RequestContext.none(),
                    "ada@example.com",
                    PASSWORD));

    assertThat(ran.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(ran.refused()).isFalse();
    assertThat(ran.step().route()).isEqualTo(Route.CLIENT_TRUST);
    assertThat(ran.step().kind()).isEqualTo(OutcomeKind.SUCCESS);
  }

  @Test
  void refusesAnEventTheStateDoesNotAllowWithoutAStep() {
    SignInMachine.Ran ran =
        machineOver(gateway)
            .run(
                Input.of(SignInEvent.FINALIZE, in(SignInState.IDENTIFYING), RequestContext.none()));

    assertThat(ran.refused()).isTrue();
    assertThat(ran.step()).isNull();
    assertThat(ran.state()).isEqualTo(SignInState.IDENTIFYING);
    verifyNoInteractions(gateway);
  }

  @Test
  void leavesTheInputsDataAsItWas() {
    when(gateway.createSignIn(any(), any(), any(), any())).thenReturn(Answers.passwordIncorrect());
    FlowData before = in(SignInState.IDENTIFYING);
    Input input = Input.submitPassword(before, RequestContext.none(), "ada@example.com", PASSWORD);

    SignInMachine.Ran ran = machineOver(gateway).run(input);

    assertThat(input.before()).isSameAs(before).isEqualTo(in(SignInState.IDENTIFYING));
    assertThat(ran.step().kind()).isEqualTo(OutcomeKind.CLERK_ERROR);
  }

  @Test
  void resetsAPooledMachineThatRestsInAnotherState() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    SignInMachine machine = machineOver(gateway);
    machine.run(
        Input.submitPassword(
            in(SignInState.IDENTIFYING), RequestContext.none(), "ada@example.com", PASSWORD));

    // The only pooled machine now rests in COMPLETE, where SUBMIT_PASSWORD is not allowed.
    SignInMachine.Ran ran =
        machine.run(
            Input.submitPassword(
                in(SignInState.IDENTIFYING), RequestContext.none(), "grace@example.com", PASSWORD));

    assertThat(ran.refused()).isFalse();
    assertThat(ran.state()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void reusesAPooledMachineThatRestsInTheFlowsState() {
    SignInMachine machine = machineOver(gateway);
    machine.run(
        Input.of(
            SignInEvent.RESEND_CODE, in(SignInState.NEEDS_CLIENT_TRUST), RequestContext.none()));

    SignInMachine.Ran ran =
        machine.run(
            Input.of(
                SignInEvent.RESEND_CODE,
                in(SignInState.NEEDS_CLIENT_TRUST),
                RequestContext.none()));

    assertThat(ran.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(ran.step().kind()).isEqualTo(OutcomeKind.NOT_ALLOWED);
    verifyNoInteractions(gateway);
  }

  @Test
  void aStepThatThrowsIsReportedWithItsCauseNotLost() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.clientTrust(Answers.EMAIL_CODE));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.clientTrust(Answers.EMAIL_CODE));
    RuntimeException failure = new IllegalArgumentException("clock broke");
    SignInMachine machine =
        new SignInMachine(
            new FlowSteps(
                gateway,
                new ThrowingInSteps(failure, 1),
                ResendPolicy.defaults(),
                ClientTokenStore.inMemory(),
                Optional.empty(),
                device -> {}));

    assertThatThrownBy(
            () ->
                machine.run(
                    Input.submitPassword(
                        in(SignInState.IDENTIFYING),
                        RequestContext.none(),
                        "ada@example.com",
                        PASSWORD)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SUBMIT_PASSWORD")
        .hasMessageNotContaining(PASSWORD)
        .hasCause(failure);
  }

  @Test
  void aFlowWhoseStepThrewStaysWhereItWasAndTakesTheNextEvent() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.clientTrust(Answers.EMAIL_CODE))
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.clientTrust(Answers.EMAIL_CODE));
    SignInFlow flow =
        SignInEngine.builder()
            .gateway(gateway)
            .clock(new ThrowingInSteps(new IllegalArgumentException("clock broke"), 1))
            .build()
            .newFlow(DEVICE);

    assertThatThrownBy(() -> flow.submitPassword("ada@example.com", PASSWORD))
        .isInstanceOf(IllegalStateException.class);
    assertThat(flow.state()).isEqualTo(SignInState.IDENTIFYING);

    assertThat(flow.submitPassword("ada@example.com", PASSWORD).state())
        .isEqualTo(SignInState.COMPLETE);
  }

  /**
   * A clock that throws when a step reads it (a collaborator of the step failing), this many times;
   * the engine's own reads around the step get the fixed time.
   */
  private static final class ThrowingInSteps extends Clock {
    private final RuntimeException failure;
    private final AtomicInteger failuresLeft;

    ThrowingInSteps(RuntimeException failure, int failures) {
      this.failure = failure;
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public Instant instant() {
      boolean inStep =
          StackWalker.getInstance()
              .walk(
                  frames ->
                      frames.anyMatch(f -> f.getClassName().equals(FlowSteps.class.getName())));
      if (inStep && failuresLeft.getAndDecrement() > 0) {
        throw failure;
      }
      return CLOCK.instant();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static final class FailingStore implements ClientTokenStore {
    private final ClientTokenStore delegate = ClientTokenStore.inMemory();
    private final RuntimeException failure;
    private final AtomicInteger failuresLeft;

    FailingStore(RuntimeException failure, int failures) {
      this.failure = failure;
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public Optional<ClientToken> load(DeviceId device) {
      return delegate.load(device);
    }

    @Override
    public void save(DeviceId device, ClientToken token) {
      if (failuresLeft.getAndDecrement() > 0) {
        throw failure;
      }
      delegate.save(device, token);
    }
  }
}
