package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * The engine's public surface beyond the state machine: every builder option chains, the overloads
 * without a request context do what the ones with it do, and what a flow, a view and a step say.
 */
@ExtendWith(MockitoExtension.class)
class EngineSurfaceTest {
  private static final DeviceId DEVICE = DeviceId.of("browser-1");

  @Mock SignInGateway gateway;

  @Test
  void everyBuilderOptionReturnsTheBuilderSoTheyChain() {
    List<Transition> heard = new ArrayList<>();
    SignInEngine engine =
        SignInEngine.builder()
            .emailLinkRedirectUrl("https://app.example.com/verify")
            .sessionTokenCache(SessionTokenCache.inMemory())
            .sharedBackOff(false)
            .listener(heard::add)
            .gateway(gateway)
            .build();

    engine.newFlow(DEVICE).reset();

    assertThat(heard).singleElement().extracting(Transition::event).isEqualTo(SignInEvent.RESET);
  }

  @Test
  void refreshWithoutARequestContextAsksTheServerForTheSignIn() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, Answers.TOTP));
    when(gateway.getSignIn(eq(RequestContext.none()), any(), eq(Answers.SIGN_IN_ID)))
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow = SignInEngine.builder().gateway(gateway).build().newFlow(DEVICE);
    flow.submitPassword("ada@example.com", "pw");

    StepResult refreshed = flow.refresh();

    assertThat(refreshed.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(refreshed.succeeded()).isTrue();
  }

  @Test
  void aFlowPrintsItsDeviceAndStateOnly() {
    SignInFlow flow = SignInEngine.builder().gateway(gateway).build().newFlow(DEVICE);

    assertThat(flow).hasToString("SignInFlow[browser-1, IDENTIFYING]");
  }

  @Test
  void aRefusedStepDidNotSucceedAndAFreshFlowIsNotOnANewDevice() {
    SignInFlow flow = SignInEngine.builder().gateway(gateway).build().newFlow(DEVICE);

    assertThat(flow.verifyCode("123456").succeeded()).isFalse();
    assertThat(flow.view().newDevice()).isFalse();
  }
}
