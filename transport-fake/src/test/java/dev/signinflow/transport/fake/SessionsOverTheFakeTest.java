package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.SessionView;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session part of the lifecycle through the real engine over {@link FakeSignInGateway}: sign
 * in, take a token the instance key verifies, sign out, sign in again on the same device without a
 * code; a second user on a signed-in device; multi-session mode.
 */
class SessionsOverTheFakeTest {
  private static final DeviceId LAPTOP = DeviceId.of("laptop-1");
  private static final String ADA = "ada@example.com";
  private static final String GRACE = "grace@example.com";
  private static final String PASSWORD = "correct horse battery staple";

  private FakeClerk fake;
  private final ClientTokenStore tokens = ClientTokenStore.inMemory();
  private SignInEngine engine;

  private void start(FakeSettings settings) {
    fake = FakeClerk.builder().settings(settings).build();
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
    fake.addUser(FakeUser.withEmail(GRACE).password(PASSWORD));
    engine =
        SignInEngine.builder()
            .gateway(FakeSignInGateway.over(fake))
            .clock(fake.clock())
            .clientTokenStore(tokens)
            .build();
  }

  private SignInFlow signInWithCode(String email) {
    SignInFlow flow = engine.newFlow(LAPTOP);
    assertThat(flow.submitPassword(email, PASSWORD).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    StepResult r = flow.verifyCode(fake.lastCodeSentTo(email).orElseThrow());
    assertThat(r.state()).as("%s", r).isEqualTo(SignInState.COMPLETE);
    assertThat(flow.finalizeSession().succeeded()).isTrue();
    return flow;
  }

  /** The sessions the fake lists as signed in on the laptop's client. */
  private List<String> signedIn() {
    FapiResponse r =
        fake.getClient(FapiRequest.of(tokens.load(LAPTOP).map(ClientToken::reveal), "127.0.0.1"));
    ClientView c = (ClientView) r.body().orElseThrow();
    return c.sessions().stream()
        .filter(s -> s.status().equals("active") || s.status().equals("pending"))
        .map(SessionView::id)
        .toList();
  }

  private String claims(SessionToken t) {
    return new String(
        Base64.getUrlDecoder().decode(t.reveal().split("\\.")[1]), StandardCharsets.UTF_8);
  }

  private boolean verifies(SessionToken t) throws Exception {
    String jwt = t.reveal();
    int dot = jwt.lastIndexOf('.');
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(fake.sessionTokenKey());
    rs256.update(jwt.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
    return rs256.verify(Base64.getUrlDecoder().decode(jwt.substring(dot + 1)));
  }

  @Test
  void signInTokenSignOutAndSignInAgainNeedsNoCodeAndYieldsOneSession() throws Exception {
    start(FakeSettings.defaults());
    SignInFlow first = signInWithCode(ADA);
    String firstSession = first.view().sessionId().orElseThrow();

    SessionToken token = engine.sessionToken(LAPTOP).ok().orElseThrow();
    assertThat(verifies(token)).isTrue();
    assertThat(token.sessionId()).contains(firstSession);
    assertThat(claims(token)).contains("\"sub\":\"" + fake.userId(ADA).orElseThrow() + "\"");

    assertThat(first.signOut().state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(signedIn()).isEmpty();
    assertThat(engine.sessionToken(LAPTOP)).isInstanceOf(SessionResult.SignedOut.class);

    int sent = fake.sendCount();
    SignInFlow second = engine.newFlow(LAPTOP);
    StepResult again = second.submitPassword(ADA, PASSWORD);

    assertThat(again.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(fake.sendCount()).as("no code on the trusted device").isEqualTo(sent);
    assertThat(signedIn()).containsExactly(second.view().sessionId().orElseThrow());
  }

  @Test
  void theSameUserAgainOnASignedInDeviceGetsTheExistingSession() {
    start(FakeSettings.defaults());
    String existing = signInWithCode(ADA).view().sessionId().orElseThrow();

    SignInFlow again = engine.newFlow(LAPTOP);
    StepResult r = again.submitPassword(ADA, PASSWORD);

    assertThat(r.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(again.view().sessionId()).contains(existing);
    assertThat(signedIn()).containsExactly(existing);
  }

  @Test
  void aSecondUserOnASingleSessionDeviceIsToldToSignOutFirst() {
    start(FakeSettings.defaults());
    String adas = signInWithCode(ADA).view().sessionId().orElseThrow();

    SignInFlow flow = engine.newFlow(LAPTOP);
    StepResult r = flow.submitPassword(GRACE, PASSWORD);

    assertThat(r.kind()).isEqualTo(OutcomeKind.SIGN_OUT_REQUIRED);
    assertThat(r.state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(r.errors().has("sign_out_required")).isTrue();
    assertThat(flow.view().sessionId()).isEmpty();
    assertThat(fake.lastCodeSentTo(GRACE)).isEmpty();
    assertThat(signedIn()).containsExactly(adas);
  }

  @Test
  void multiSessionModeGivesTheSameUserTheExistingSession() {
    start(FakeSettings.defaults().toBuilder().singleSessionMode(false).build());
    String existing = signInWithCode(ADA).view().sessionId().orElseThrow();

    SignInFlow again = engine.newFlow(LAPTOP);
    StepResult r = again.submitPassword(ADA, PASSWORD);

    assertThat(r.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(again.view().sessionId()).contains(existing);
    assertThat(signedIn()).containsExactly(existing);
    String graces = signInWithCode(GRACE).view().sessionId().orElseThrow();
    assertThat(signedIn()).containsExactly(existing, graces);
  }

  @Test
  void theTokenIsCachedOnTheFakesClockUntilTenSecondsBeforeExpiry() {
    start(FakeSettings.defaults());
    signInWithCode(ADA);

    SessionToken first = engine.sessionToken(LAPTOP).ok().orElseThrow();
    fake.clock().advance(Duration.ofSeconds(49));
    assertThat(engine.sessionToken(LAPTOP).ok()).contains(first);
    fake.clock().advance(Duration.ofSeconds(1));
    SessionToken next = engine.sessionToken(LAPTOP).ok().orElseThrow();

    assertThat(next).isNotEqualTo(first);
    assertThat(next.expiresAt()).isEqualTo(first.expiresAt().plusSeconds(50));
  }

  @Test
  void engineSignOutRemovesTheDevicesSessionsAndKeepsItTrusted() {
    start(FakeSettings.defaults());
    String adas = signInWithCode(ADA).view().sessionId().orElseThrow();

    SessionResult<List<Session>> out = engine.signOut(LAPTOP);

    assertThat(out.ok().orElseThrow())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo(adas);
              assertThat(s.userId()).isEqualTo(fake.userId(ADA).orElseThrow());
              assertThat(s.status()).isEqualTo(SessionStatus.REMOVED);
            });
    assertThat(engine.session(LAPTOP)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(
            fake.isKnownDevice(
                fake.userId(ADA).orElseThrow(), tokens.load(LAPTOP).orElseThrow().reveal()))
        .isTrue();
  }
}
