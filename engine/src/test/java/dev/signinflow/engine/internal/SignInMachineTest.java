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
    when(gateway.createSignIn(any(), any(), any(), any())).thenReturn(Answers.passwordIncorrect());
    RuntimeException failure = new IllegalArgumentException("store down");

    assertThatThrownBy(
            () ->
                machineOver(gateway, new FailingStore(failure, 1))
                    .run(
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
        .thenReturn(Answers.passwordIncorrect())
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow =
        SignInEngine.builder()
            .gateway(gateway)
            .clock(CLOCK)
            .clientTokenStore(new FailingStore(new IllegalArgumentException("store down"), 1))
            .build()
            .newFlow(DEVICE);

    assertThatThrownBy(() -> flow.submitPassword("ada@example.com", PASSWORD))
        .isInstanceOf(IllegalStateException.class);
    assertThat(flow.state()).isEqualTo(SignInState.IDENTIFYING);

    assertThat(flow.submitPassword("ada@example.com", PASSWORD).state())
        .isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void theHandoffLetsGoOfTheInputWhenTheEventReturns() {
    SignInMachine.Handoff handoff =
        new SignInMachine.Handoff(
            Input.submitPassword(
                in(SignInState.IDENTIFYING), RequestContext.none(), "ada@example.com", PASSWORD));

    handoff.release();

    assertThatThrownBy(handoff::input).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theHandoffTakesOneStepOnly() {
    SignInMachine.Handoff handoff =
        new SignInMachine.Handoff(
            Input.of(SignInEvent.RESET, in(SignInState.IDENTIFYING), RequestContext.none()));
    Step first = Step.success(Route.STAY, in(SignInState.IDENTIFYING));

    handoff.record(first, null);
    handoff.record(Step.success(Route.COMPLETE, in(SignInState.IDENTIFYING)), null);

    assertThat(handoff.step()).isSameAs(first);
    assertThat(handoff).hasToString("Handoff[SUCCESS STAY]");
  }

  @Test
  void inputTextHoldsNeitherPasswordNorCode() {
    assertThat(
            Input.submitPassword(
                in(SignInState.IDENTIFYING), RequestContext.none(), "ada@example.com", PASSWORD))
        .hasToString("Input[SUBMIT_PASSWORD in IDENTIFYING]");
    assertThat(
            Input.verifyCode(in(SignInState.NEEDS_CLIENT_TRUST), RequestContext.none(), "987654")
                .toString())
        .doesNotContain("987654");
  }

  /** A token store whose first {@code failures} saves throw. */
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
