package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignInFlowConcurrencyTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A gateway whose create call waits until the test lets it go. */
  private static final class BlockingGateway extends DelegatingGateway {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger creates = new AtomicInteger();

    BlockingGateway(SignInGateway delegate) {
      super(delegate);
    }

    @Override
    public GatewayResult<SignIn> createSignIn(
        Optional<ClientToken> token, Identifier identifier, Password password) {
      creates.incrementAndGet();
      entered.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("test never released the gateway");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return super.createSignIn(token, identifier, password);
    }
  }

  @Test
  void rejectsAnEventWhileAnotherOfTheSameFlowIsInFlight() throws Exception {
    StubSignInGateway stub =
        new StubSignInGateway().onCreate(Answers.signIn(SignInStatus.COMPLETE));
    BlockingGateway gateway = new BlockingGateway(stub);
    SignInEngine engine = SignInEngine.builder().gateway(gateway).clock(CLOCK).build();
    SignInFlow flow = engine.newFlow(DeviceId.of("d1"));

    Future<StepResult> first = pool.submit(() -> flow.submitPassword("ada@example.com", "pw"));
    assertThat(gateway.entered.await(10, TimeUnit.SECONDS)).isTrue();

    StepResult second = flow.submitPassword("ada@example.com", "pw");
    StepResult reset = flow.reset();

    assertThat(second).isInstanceOf(StepResult.Busy.class);
    assertThat(second.kind()).isEqualTo(OutcomeKind.BUSY);
    assertThat(second.errors().has("flow_busy")).isTrue();
    assertThat(reset).isInstanceOf(StepResult.Busy.class);

    gateway.release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).state()).isEqualTo(SignInState.COMPLETE);
    assertThat(gateway.creates).hasValue(1);
    assertThat(flow.state()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void acceptsTheNextEventOnceTheFirstReturned() {
    StubSignInGateway stub =
        new StubSignInGateway()
            .onCreate(Answers.passwordIncorrect(), Answers.signIn(SignInStatus.COMPLETE));
    SignInFlow flow =
        SignInEngine.builder().gateway(stub).clock(CLOCK).build().newFlow(DeviceId.of("d1"));

    assertThat(flow.submitPassword("ada@example.com", "wrong").kind())
        .isEqualTo(OutcomeKind.CLERK_ERROR);
    assertThat(flow.submitPassword("ada@example.com", "right").state())
        .isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void runsManyFlowsAtOnceOnOneEngine() throws Exception {
    SignInGateway gateway = new CompletingGateway();
    SignInEngine engine = SignInEngine.builder().gateway(gateway).clock(CLOCK).build();
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
   */
  private static final class CompletingGateway implements SignInGateway {
    @Override
    public GatewayResult<SignIn> createSignIn(
        Optional<ClientToken> token, Identifier identifier, Password password) {
      return Answers.ok(
          SignIn.of("sia_" + identifier.value(), SignInStatus.NEEDS_CLIENT_TRUST)
              .withClientTrustState(ClientTrustState.NEW)
              .withSecondFactors(List.of(Answers.EMAIL_CODE)));
    }

    @Override
    public GatewayResult<SignIn> prepareSecondFactor(
        Optional<ClientToken> token, String signInId, Factor factor, Optional<String> redirect) {
      return Answers.ok(
          SignIn.of(signInId, SignInStatus.NEEDS_CLIENT_TRUST)
              .withSecondFactors(List.of(Answers.EMAIL_CODE)));
    }

    @Override
    public GatewayResult<SignIn> attemptSecondFactor(
        Optional<ClientToken> token, String signInId, Strategy strategy, VerificationCode code) {
      return code.reveal().equals("424242")
          ? Answers.ok(
              SignIn.of(signInId, SignInStatus.COMPLETE)
                  .withCreatedSessionId("sess_" + signInId.substring(4)))
          : Answers.codeIncorrect();
    }

    @Override
    public GatewayResult<SignIn> getSignIn(Optional<ClientToken> token, String signInId) {
      return Answers.notFound();
    }

    @Override
    public GatewayResult<Session> activateSession(Optional<ClientToken> token, String sessionId) {
      return Answers.ok(Session.of(sessionId, SessionStatus.ACTIVE, List.of()));
    }
  }
}
