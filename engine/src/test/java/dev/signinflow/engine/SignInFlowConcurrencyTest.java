package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class SignInFlowConcurrencyTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  @Mock SignInGateway gateway;

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Waits until the test lets the gateway call go. */
  private static void awaitRelease(CountDownLatch release) {
    try {
      if (!release.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("test never released the gateway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void rejectsAnEventWhileAnotherOfTheSameFlowIsInFlight() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenAnswer(
            call -> {
              entered.countDown();
              awaitRelease(release);
              return Answers.signIn(SignInStatus.COMPLETE);
            });
    SignInEngine engine = SignInEngine.builder().gateway(gateway).clock(CLOCK).build();
    SignInFlow flow = engine.newFlow(DeviceId.of("d1"));

    Future<StepResult> first = pool.submit(() -> flow.submitPassword("ada@example.com", "pw"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    StepResult second = flow.submitPassword("ada@example.com", "pw");
    StepResult reset = flow.reset();

    assertThat(second).isInstanceOf(StepResult.Busy.class);
    assertThat(second.kind()).isEqualTo(OutcomeKind.BUSY);
    assertThat(second.errors().has("flow_busy")).isTrue();
    assertThat(reset).isInstanceOf(StepResult.Busy.class);

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).state()).isEqualTo(SignInState.COMPLETE);
    verify(gateway).createSignIn(any(), any(), any(), any());
    verifyNoMoreInteractions(gateway);
    assertThat(flow.state()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void acceptsTheNextEventOnceTheFirstReturned() {
    when(gateway.createSignIn(any(), any(), any(), any()))
        .thenReturn(Answers.passwordIncorrect())
        .thenReturn(Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow =
        SignInEngine.builder().gateway(gateway).clock(CLOCK).build().newFlow(DeviceId.of("d1"));

    assertThat(flow.submitPassword("ada@example.com", "wrong").kind())
        .isEqualTo(OutcomeKind.CLERK_ERROR);
    assertThat(flow.submitPassword("ada@example.com", "right").state())
        .isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void runsManyFlowsAtOnceOnOneEngine() throws Exception {
    SignInEngine engine =
        SignInEngine.builder().gateway(new CompletingGateway()).clock(CLOCK).build();
    int flows = 200;
    List<Future<SignInState>> results = new ArrayList<>();
    for (int i = 0; i < flows; i++) {
      DeviceId device = DeviceId.of("device-" + i);
      results.add(
          pool.submit(
              () -> {
                SignInFlow flow = engine.newFlow(device);
                flow.submitPassword("user" + device.value().substring(7) + "@example.com", "pw");
                StepResult r = flow.verifyCode("424242");
                flow.finalizeSession();
                return r.state();
              }));
    }
    for (Future<SignInState> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(SignInState.COMPLETE);
    }
  }

  /**
   * Answers like a tiny Clerk: every sign-in needs Client Trust, code 424242 completes it. Each
   * sign-in's id is its identifier, so concurrent flows cannot see each other's answers.
   *
   * <p>Hand-written rather than a Mockito mock: its answers depend on the arguments (ids made from
   * the identifier, a code check), which reads plainer as a class than as five {@code thenAnswer}
   * lambdas, and 200 flows on four threads need no recorded invocations.
   */
  private static final class CompletingGateway implements SignInGateway {
    @Override
    public GatewayResult<SignIn> createSignIn(
        RequestContext context,
        Optional<ClientToken> token,
        Identifier identifier,
        Password password) {
      return Answers.ok(
          SignIn.of("sia_" + identifier.value(), SignInStatus.NEEDS_CLIENT_TRUST)
              .withClientTrustState(ClientTrustState.NEW)
              .withSecondFactors(List.of(Answers.EMAIL_CODE)));
    }

    @Override
    public GatewayResult<SignIn> prepareSecondFactor(
        RequestContext context,
        Optional<ClientToken> token,
        String signInId,
        Factor factor,
        Optional<String> redirect) {
      return Answers.ok(
          SignIn.of(signInId, SignInStatus.NEEDS_CLIENT_TRUST)
              .withSecondFactors(List.of(Answers.EMAIL_CODE)));
    }

    @Override
    public GatewayResult<SignIn> attemptSecondFactor(
        RequestContext context,
        Optional<ClientToken> token,
        String signInId,
        Strategy strategy,
        VerificationCode code) {
      return code.reveal().equals("424242")
          ? Answers.ok(
              SignIn.of(signInId, SignInStatus.COMPLETE)
                  .withCreatedSessionId("sess_" + signInId.substring(4)))
          : Answers.codeIncorrect();
    }

    @Override
    public GatewayResult<SignIn> getSignIn(
        RequestContext context, Optional<ClientToken> token, String signInId) {
      return Answers.notFound();
    }

    @Override
    public GatewayResult<Session> activateSession(
        RequestContext context, Optional<ClientToken> token, String sessionId) {
      return Answers.ok(Session.of(sessionId, "user_1", SessionStatus.ACTIVE, List.of()));
    }

    @Override
    public GatewayResult<Client> getClient(RequestContext context, Optional<ClientToken> token) {
      return Answers.ok(Client.none());
    }

    @Override
    public GatewayResult<SessionToken> createSessionToken(
        RequestContext context,
        Optional<ClientToken> token,
        String sessionId,
        Optional<String> organizationId) {
      return Answers.notFound();
    }

    @Override
    public GatewayResult<Session> endSession(
        RequestContext context, Optional<ClientToken> token, String sessionId) {
      return Answers.notFound();
    }

    @Override
    public GatewayResult<Session> removeSession(
        RequestContext context, Optional<ClientToken> token, String sessionId) {
      return Answers.notFound();
    }

    @Override
    public GatewayResult<Client> removeAllSessions(
        RequestContext context, Optional<ClientToken> token) {
      return Answers.notFound();
    }
  }
}
