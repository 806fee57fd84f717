package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The session part of the lifecycle through the public API, against the reference server: sign in,
 * take tokens, sign out and in again on the same device, a second user on a signed-in device, and
 * multi-session mode. The same stories run against {@code FakeClerk} in {@code transport-fake}.
 */
class SessionsThroughTheEngineTest {
  private static final DeviceId DEVICE = DeviceId.of("laptop-1");

  private final MutableClock clock = MutableClock.at(ReferenceWorld.START);

  /** One server, one engine over it counting the tokens it mints. */
  private final class Setup {
    final ReferenceWorld world;
    final AtomicInteger minted = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final ClientTokenStore tokens = ClientTokenStore.inMemory();
    final SignInEngine engine;

    Setup(ReferenceGateway.Settings settings) {
      world = ReferenceWorld.fresh(settings, clock);
      engine =
          SignInEngine.builder()
              .gateway(
                  new DelegatingGateway(world.server()) {
                    @Override
                    public GatewayResult<Client> getClient(
                        RequestContext context, Optional<ClientToken> token) {
                      calls.incrementAndGet();
                      return super.getClient(context, token);
                    }

                    @Override
                    public GatewayResult<SessionToken> createSessionToken(
                        RequestContext context,
                        Optional<ClientToken> token,
                        String sessionId,
                        Optional<String> org) {
                      calls.incrementAndGet();
                      minted.incrementAndGet();
                      return super.createSessionToken(context, token, sessionId, org);
                    }
                  })
              .clock(clock)
              .clientTokenStore(tokens)
              .build();
    }

    /** Signs the user in on the device with the Client Trust code; the flow is COMPLETE. */
    SignInFlow signInWithCode(ContractWorld.User user) {
      SignInFlow flow = engine.newFlow(DEVICE);
      StepResult r = flow.submitPassword(user.identifier().value(), user.password().reveal());
      assertThat(r.state()).as("%s", r).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
      r = flow.verifyCode(world.lastCodeSentTo(user.identifier()).orElseThrow().reveal());
      assertThat(r.state()).as("%s", r).isEqualTo(SignInState.COMPLETE);
      assertThat(flow.finalizeSession().succeeded()).isTrue();
      return flow;
    }

    /** The device's signed-in sessions, as the server lists them. */
    List<String> signedInSessions() {
      GatewayResult<Client> c =
          world.server().getClient(RequestContext.none(), tokens.load(DEVICE));
      return ((GatewayResult.Success<Client>) c)
          .value().signedIn().stream().map(x -> x.id()).toList();
    }
  }

  @Test
  void signInTokenSignOutAndSignInAgainNeedsNoCodeAndLeavesOneSession() {
    Setup s = new Setup(ReferenceGateway.Settings.DEFAULTS);
    ContractWorld.User ada = s.world.newUserWithVerifiedEmail();
    SignInFlow first = s.signInWithCode(ada);
    String firstSession = first.view().sessionId().orElseThrow();

    SessionToken token = s.engine.sessionToken(DEVICE).ok().orElseThrow();
    assertThat(token.sessionId()).contains(firstSession);

    StepResult out = first.signOut();
    assertThat(out.state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(out.kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(s.engine.session(DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.engine.sessionToken(DEVICE))
        .as("the cached token went with the session")
        .isInstanceOf(SessionResult.SignedOut.class);

    Optional<String> codeBefore = lastCode(s, ada);
    SignInFlow second = s.engine.newFlow(DEVICE);
    StepResult again = second.submitPassword(ada.identifier().value(), ada.password().reveal());

    assertThat(again.state()).as("no code on a trusted device").isEqualTo(SignInState.COMPLETE);
    assertThat(lastCode(s, ada)).isEqualTo(codeBefore);
    String secondSession = second.view().sessionId().orElseThrow();
    assertThat(secondSession).isNotEqualTo(firstSession);
    assertThat(s.signedInSessions()).containsExactly(secondSession);
    assertThat(s.engine.session(DEVICE).ok().map(Session::id)).contains(secondSession);
  }

  private static Optional<String> lastCode(Setup s, ContractWorld.User user) {
    return s.world.lastCodeSentTo(user.identifier()).map(VerificationCode::reveal);
  }

  @Test
  void theSameUserSigningInAgainGetsTheExistingSessionAndNoSecondOne() {
    Setup s = new Setup(ReferenceGateway.Settings.DEFAULTS);
    ContractWorld.User ada = s.world.newUserWithVerifiedEmail();
    String existing = s.signInWithCode(ada).view().sessionId().orElseThrow();

    SignInFlow again = s.engine.newFlow(DEVICE);
    StepResult r = again.submitPassword(ada.identifier().value(), ada.password().reveal());

    assertThat(r.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(r.kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(again.view().sessionId()).contains(existing);
    assertThat(again.view().signInId()).isEmpty();
    assertThat(s.signedInSessions()).containsExactly(existing);
    assertThat(again.finalizeSession().succeeded()).isTrue();
    assertThat(again.view().session().map(Session::id)).contains(existing);
  }

  @Test
  void anotherUserOnASignedInDeviceIsToldToSignOutFirst() {
    Setup s = new Setup(ReferenceGateway.Settings.DEFAULTS);
    ContractWorld.User ada = s.world.newUserWithVerifiedEmail();
    ContractWorld.User grace = s.world.newUserWithVerifiedEmail();
    String adas = s.signInWithCode(ada).view().sessionId().orElseThrow();

    SignInFlow flow = s.engine.newFlow(DEVICE);
    StepResult r = flow.submitPassword(grace.identifier().value(), grace.password().reveal());

    assertThat(r.kind()).isEqualTo(OutcomeKind.SIGN_OUT_REQUIRED);
    assertThat(r.state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(r.errors().has("sign_out_required")).isTrue();
    assertThat(flow.view().sessionId()).as("never Ada's session").isEmpty();
    assertThat(s.world.lastCodeSentTo(grace.identifier())).isEmpty();
    assertThat(s.engine.session(DEVICE).ok().map(Session::id)).contains(adas);

    SessionResult<List<Session>> out = s.engine.signOut(DEVICE);
    assertThat(out.ok().orElseThrow())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.id()).isEqualTo(adas);
              assertThat(x.status()).isEqualTo(SessionStatus.REMOVED);
            });
    StepResult retry = flow.submitPassword(grace.identifier().value(), grace.password().reveal());
    assertThat(retry.state())
        .as("a new device for Grace")
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
  }

  @Test
  void multiSessionModeGivesTheSameUserTheExistingSessionAndLetsAnotherUserIn() {
    Setup s = new Setup(new ReferenceGateway.Settings(false, List.of(), false));
    ContractWorld.User ada = s.world.newUserWithVerifiedEmail();
    ContractWorld.User grace = s.world.newUserWithVerifiedEmail();
    String adas = s.signInWithCode(ada).view().sessionId().orElseThrow();

    SignInFlow again = s.engine.newFlow(DEVICE);
    StepResult r = again.submitPassword(ada.identifier().value(), ada.password().reveal());
    assertThat(r.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(again.view().sessionId()).contains(adas);

    String graces = s.signInWithCode(grace).view().sessionId().orElseThrow();
    assertThat(s.signedInSessions()).containsExactly(adas, graces);
    assertThat(s.engine.session(DEVICE).ok().map(Session::id))
        .as("the last active session is Grace's")
        .contains(graces);
  }

  @Test
  void tokenIsCachedUntilTenSecondsBeforeItsExpiry() {
    Setup s = new Setup(ReferenceGateway.Settings.DEFAULTS);
    s.signInWithCode(s.world.newUserWithVerifiedEmail());

    SessionToken first = s.engine.sessionToken(DEVICE).ok().orElseThrow();
    assertThat(first.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    clock.advance(Duration.ofSeconds(49));
    SessionToken cached = s.engine.sessionToken(DEVICE).ok().orElseThrow();
    assertThat(s.minted).hasValue(1);
    assertThat(cached).isEqualTo(first);

    clock.advance(Duration.ofSeconds(1)); // 50 s: 10 s left
    SessionToken fresh = s.engine.sessionToken(DEVICE).ok().orElseThrow();

    assertThat(s.minted).hasValue(2);
    assertThat(fresh).isNotEqualTo(first);
    assertThat(fresh.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
  }

  @Test
  void aDeviceThatNeverSignedInIsSignedOutWithoutAServerCall() {
    Setup s = new Setup(ReferenceGateway.Settings.DEFAULTS);

    assertThat(s.engine.session(DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.engine.sessionToken(DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.engine.signOut(DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.calls).hasValue(0);
  }

  @Test
  void theCurrentSessionCarriesItsUserStatusAndTasks() {
    Setup s =
        new Setup(
            new ReferenceGateway.Settings(false, List.of(SessionTask.CHOOSE_ORGANIZATION), true));
    s.signInWithCode(s.world.newUserWithVerifiedEmail());

    Session current = s.engine.session(DEVICE).ok().orElseThrow();

    assertThat(current.userId()).startsWith("user_");
    assertThat(current.status()).isEqualTo(SessionStatus.PENDING);
    assertThat(current.tasks()).containsExactly(SessionTask.CHOOSE_ORGANIZATION);
  }

  @Test
  void signingOutTwiceIsSignedOutTheSecondTime() {
    Setup s = new Setup(ReferenceGateway.Settings.DEFAULTS);
    s.signInWithCode(s.world.newUserWithVerifiedEmail());

    assertThat(s.engine.signOut(DEVICE).ok()).isPresent();
    assertThat(s.engine.signOut(DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
  }
}
