package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * Effects of a step beyond its state: the cached session token dropped when a sign-in completes or
 * a session is activated, a new code sent when the selected factor's code has expired, and what a
 * step says when there is nothing to verify with a code or no factor to start on.
 */
@ExtendWith(MockitoExtension.class)
class FlowEffectsTest {
  private static final DeviceId DEVICE = DeviceId.of("browser-1");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Mock SignInGateway gateway;
  private final MutableClock clock = MutableClock.at(T0);
  private final SessionTokenCache cache = SessionTokenCache.inMemory();

  private SignInFlow flow() {
    return SignInEngine.builder()
        .gateway(gateway)
        .clock(clock)
        .sessionTokenCache(cache)
        .build()
        .newFlow(DEVICE);
  }

  private static SessionToken staleToken() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return SessionToken.of(
        b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(
                "{\"sid\":\"sess_old\",\"exp\":1767229200}".getBytes(StandardCharsets.UTF_8))
            + ".c2ln");
  }

  @Test
  void completingASignInDropsTheDevicesCachedSessionToken() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    cache.put(DEVICE, staleToken());

    assertThat(flow().submitPassword("ada@example.com", "pw").state())
        .isEqualTo(SignInState.COMPLETE);
    assertThat(cache.get(DEVICE)).isEmpty();
  }

  @Test
  void activatingTheSessionDropsTheDevicesCachedSessionToken() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    when(gateway.activateSession(any(), any(), any()))
        .thenReturn(Answers.session(SessionStatus.ACTIVE));
    SignInFlow flow = flow();
    flow.submitPassword("ada@example.com", "pw");
    cache.put(DEVICE, staleToken());

    assertThat(flow.finalizeSession().succeeded()).isTrue();
    assertThat(cache.get(DEVICE)).isEmpty();
  }

  @Test
  void selectingTheFactorWhoseCodeExpiredSendsANewCode() {
    SignIn sent =
        SignIn.of(Answers.SIGN_IN_ID, SignInStatus.NEEDS_SECOND_FACTOR)
            .withSecondFactors(List.of(Answers.PHONE_CODE))
            .withVerification(
                new Verification(
                    VerificationStatus.UNVERIFIED,
                    Strategy.PHONE_CODE,
                    0,
                    Optional.of(T0.plus(Duration.ofMinutes(10)))));
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, Answers.PHONE_CODE));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.ok(sent));
    SignInFlow flow = flow();
    flow.submitPassword("ada@example.com", "pw");

    clock.advance(Duration.ofMinutes(9));
    assertThat(flow.selectFactor(Strategy.PHONE_CODE).succeeded()).isTrue();
    verify(gateway, times(1)).prepareSecondFactor(any(), any(), any(), any(), any());

    clock.advance(Duration.ofMinutes(2));
    assertThat(flow.selectFactor(Strategy.PHONE_CODE).succeeded()).isTrue();
    verify(gateway, times(2)).prepareSecondFactor(any(), any(), any(), any(), any());
  }

  @Test
  void aCodeTypedForALinkFactorIsRefusedSayingToRefresh() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, Answers.EMAIL_LINK));
    when(gateway.prepareSecondFactor(any(), any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, Answers.EMAIL_LINK));
    SignInFlow flow =
        SignInEngine.builder()
            .gateway(gateway)
            .clock(clock)
            .emailLinkRedirectUrl("https://app.example.com/verify")
            .build()
            .newFlow(DEVICE);
    flow.submitPassword("ada@example.com", "pw");

    StepResult refused = flow.verifyCode("123456");

    assertThat(refused.kind()).isEqualTo(OutcomeKind.INVALID_INPUT);
    assertThat(refused.errors().first().orElseThrow().longMessage())
        .contains("verified by the link it sends; refresh instead");
  }

  @Test
  void aSecondStepWithNoFactorTheFlowCanUseSaysSo() {
    Factor passkey =
        new Factor(Strategy.UNKNOWN, "passkey", Optional.empty(), Optional.empty(), false, false);
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, passkey));

    StepResult step = flow().submitPassword("ada@example.com", "pw");

    assertThat(step.state()).isEqualTo(SignInState.NEEDS_SECOND_FACTOR);
    assertThat(step.kind()).isEqualTo(OutcomeKind.UNSUPPORTED_STATUS);
    assertThat(step.errors().has("no_second_factors")).isTrue();
  }
}
