package dev.signinflow.transport.feign;

import static dev.signinflow.engine.OutcomeKind.CLERK_ERROR;
import static dev.signinflow.engine.OutcomeKind.SUCCESS;
import static dev.signinflow.engine.SignInState.COMPLETE;
import static dev.signinflow.engine.SignInState.NEEDS_CLIENT_TRUST;
import static dev.signinflow.engine.SignInState.NEEDS_SECOND_FACTOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.FormField;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SessionTask;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FakeUser;
import dev.signinflow.transport.fake.FapiRequest;
import dev.signinflow.transport.fake.FapiResponse;
import dev.signinflow.transport.fake.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real engine over {@link FeignSignInGateway} over real HTTP on loopback to {@link
 * FakeFapiServer}: the seed flows end to end, with every request and response crossing the wire in
 * FAPI's format. The engine and the Feign transport read the fake's clock; codes are read from the
 * fake's outbox. Each test checks the steps, the outbox and the final session.
 */
class FeignEndToEndTest {
  private static final String ADA = "ada@example.com";
  private static final String ADA_MASKED = "a***@example.com";

  /** Not a test number (those are +1 XXX 555-01XX, which take 424242 and are sent nothing). */
  private static final String PHONE = "+14155552671";

  private static final String PHONE_MASKED = "+1******2671";
  private static final String PASSWORD = DemoSeed.PASSWORD;
  private static final DeviceId LAPTOP = DeviceId.of("laptop-1");
  private static final Duration COOLDOWN = Duration.ofSeconds(30);

  private FakeClerk fake;
  private FakeFapiServer server;
  private SignInEngine engine;
  private FeignSignInGateway gateway;
  private final ClientTokenStore tokens = ClientTokenStore.inMemory();

  private final ValidatingClient client = new ValidatingClient();

  @AfterEach
  void stopAndCheckEveryRequestAgainstTheSpec() {
    if (server != null) {
      server.close();
    }
    assertThat(client.violations())
        .as("requests that break Clerk's OpenAPI description of FAPI")
        .isEmpty();
  }

  private void start(FakeSettings settings) {
    fake = FakeClerk.builder().settings(settings).build();
    server = FakeFapiServer.start(fake, 0);
    assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
    gateway =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl().toString())
            .clock(fake.clock())
            .client(client)
            .build();
    engine =
        SignInEngine.builder()
            .gateway(gateway)
            .clock(fake.clock())
            .clientTokenStore(tokens)
            .build();
  }

  // ---- Client Trust ---------------------------------------------------------------------------

  @Test
  void newDeviceProvesItselfWithAnEmailCodeAndIsKnownOnTheNextSignIn() {
    start(FakeSettings.defaults());
    String userId = fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
    SignInFlow flow = engine.newFlow(LAPTOP);
    Instant t0 = fake.clock().instant();

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_CLIENT_TRUST, SUCCESS);
    FlowView view = flow.view();
    assertFactor(view, Strategy.EMAIL_CODE, ADA_MASKED);
    assertThat(view.clientTrustState()).contains(ClientTrustState.NEW);
    assertThat(view.resendAvailableAt()).contains(t0.plus(COOLDOWN));
    assertThat(view.verification())
        .hasValueSatisfying(v -> assertThat(v.status()).isEqualTo(VerificationStatus.UNVERIFIED));
    assertThat(fake.outbox())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.to()).isEqualTo(ADA);
              assertThat(m.strategy()).isEqualTo("email_code");
              assertThat(m.signInId()).isEqualTo(view.signInId().orElseThrow());
              assertThat(m.code()).hasValueSatisfying(c -> assertThat(c).matches("[0-9]{6}"));
            });
    assertThat(knownDevice(userId)).isFalse();

    assertStep(flow.verifyCode(lastCode(ADA)), COMPLETE, SUCCESS);
    assertThat(knownDevice(userId)).isTrue();
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);

    Session session = flow.view().session().orElseThrow();
    assertThat(session.status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(session.tasks()).isEmpty();
    assertThat(fake.outbox()).hasSize(1);

    // The token Feign handed back and the engine kept makes this device known: no code next time.
    signOut(session.id());
    SignInFlow again = engine.newFlow(LAPTOP);
    assertStep(again.submitPassword(ADA, PASSWORD), COMPLETE, SUCCESS);
    assertStep(again.finalizeSession(), COMPLETE, SUCCESS);
    assertThat(again.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(fake.outbox()).hasSize(1);
  }

  @Test
  void newDeviceProvesItselfWithAnSmsCodeSignedInByPhoneNumber() {
    start(FakeSettings.defaults().toBuilder().smsOnly().build());
    String userId = fake.addUser(FakeUser.withPhone(PHONE).password(PASSWORD));
    SignInFlow flow = engine.newFlow(LAPTOP);
    Instant t0 = fake.clock().instant();

    // The identifier's '+' must cross the form encoding as %2B, not as a space.
    StepResult submitted = flow.submitPassword(PHONE, PASSWORD);

    assertStep(submitted, NEEDS_CLIENT_TRUST, SUCCESS);
    assertFactor(flow.view(), Strategy.PHONE_CODE, PHONE_MASKED);
    assertThat(flow.view().offeredFactors())
        .extracting(Factor::strategy)
        .containsExactly(Strategy.PHONE_CODE);
    assertThat(flow.view().newDevice()).isTrue();
    assertThat(flow.view().resendAvailableAt()).contains(t0.plus(COOLDOWN));
    assertThat(fake.outbox())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.to()).isEqualTo(PHONE);
              assertThat(m.strategy()).isEqualTo("phone_code");
            });

    assertStep(flow.verifyCode(lastCode(PHONE)), COMPLETE, SUCCESS);
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);

    assertThat(flow.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(knownDevice(userId)).isTrue();
    assertThat(fake.outbox()).hasSize(1);
  }

  // ---- MFA ------------------------------------------------------------------------------------

  @Test
  void totpSecondFactorSendsNothingRefusesAWrongCodeAndCompletes() {
    start(FakeSettings.defaults());
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD).totp(DemoSeed.GRACE_TOTP_SECRET));
    SignInFlow flow = engine.newFlow(LAPTOP);

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_SECOND_FACTOR, SUCCESS);
    assertThat(flow.view().currentFactor().map(Factor::strategy)).contains(Strategy.TOTP);
    assertThat(flow.view().resendAvailableAt()).isEmpty();
    assertThat(fake.outbox()).isEmpty();

    String right = Totp.code(DemoSeed.GRACE_TOTP_SECRET, fake.clock().instant());
    StepResult wrong = flow.verifyCode(right.equals("000000") ? "111111" : "000000");
    assertStep(wrong, NEEDS_SECOND_FACTOR, CLERK_ERROR);
    assertThat(wrong.errors().field(FormField.CODE))
        .extracting(ClerkError::code)
        .containsExactly("form_code_incorrect");

    assertStep(flow.verifyCode(right), COMPLETE, SUCCESS);
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);

    assertThat(flow.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(fake.outbox()).isEmpty();
  }

  @Test
  void backupCodeChosenInsteadOfTotpCompletes() {
    start(FakeSettings.defaults());
    DemoSeed.plant(fake);
    SignInFlow flow = engine.newFlow(LAPTOP);
    assertStep(flow.submitPassword(DemoSeed.GRACE, PASSWORD), NEEDS_SECOND_FACTOR, SUCCESS);
    assertThat(flow.view().offeredFactors())
        .extracting(Factor::strategy)
        .contains(Strategy.TOTP, Strategy.BACKUP_CODE);

    StepResult selected = flow.selectFactor(Strategy.BACKUP_CODE);

    assertStep(selected, NEEDS_SECOND_FACTOR, SUCCESS);
    assertThat(flow.view().currentFactor().map(Factor::strategy)).contains(Strategy.BACKUP_CODE);
    assertStep(flow.verifyCode(DemoSeed.GRACE_BACKUP_CODES.get(0)), COMPLETE, SUCCESS);
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);

    assertThat(flow.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(fake.outbox()).isEmpty();
  }

  // ---- finalize -------------------------------------------------------------------------------

  @Test
  void finalizeWithASessionTaskGivesAPendingSessionWithThatTask() {
    start(FakeSettings.defaults().toBuilder().sessionTasks(List.of("choose-organization")).build());
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
    SignInFlow flow = engine.newFlow(LAPTOP);
    assertStep(flow.submitPassword(ADA, PASSWORD), NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(fake.outbox()).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo(ADA));
    assertStep(flow.verifyCode(lastCode(ADA)), COMPLETE, SUCCESS);

    StepResult finalized = flow.finalizeSession();

    assertStep(finalized, COMPLETE, SUCCESS);
    Session session = flow.view().session().orElseThrow();
    assertThat(session.status()).isEqualTo(SessionStatus.PENDING);
    assertThat(session.rawStatus()).isEqualTo("pending");
    assertThat(session.tasks()).containsExactly(SessionTask.CHOOSE_ORGANIZATION);
    assertThat(session.currentTask()).contains(SessionTask.CHOOSE_ORGANIZATION);
  }

  // ---- sessions -------------------------------------------------------------------------------

  @Test
  void signInTokenSignOutAndSignInAgainNeedsNoCodeAndLeavesOneActiveSession() {
    start(FakeSettings.defaults());
    String userId = fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
    SignInFlow flow = engine.newFlow(LAPTOP);
    assertStep(flow.submitPassword(ADA, PASSWORD), NEEDS_CLIENT_TRUST, SUCCESS);
    assertStep(flow.verifyCode(lastCode(ADA)), COMPLETE, SUCCESS);
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);
    Session first = flow.view().session().orElseThrow();
    assertThat(first.userId()).isEqualTo(userId);

    Session current = engine.session(LAPTOP).ok().orElseThrow();
    assertThat(current.id()).isEqualTo(first.id());
    assertThat(current.userId()).isEqualTo(userId);
    SessionToken token = engine.sessionToken(LAPTOP).ok().orElseThrow();
    assertThat(token.sessionId()).contains(first.id());
    assertThat(token.expiresAt()).isEqualTo(fake.clock().instant().plusSeconds(60));
    assertThat(token.toString()).doesNotContain(token.reveal());

    assertStep(flow.signOut(), SignInState.IDENTIFYING, SUCCESS);
    assertThat(fake.sessionStatus(first.id())).isPresent().get().isNotEqualTo("active");
    assertThat(engine.session(LAPTOP)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(engine.sessionToken(LAPTOP)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(tokens.load(LAPTOP)).as("sign-out keeps the client token").isPresent();

    SignInFlow again = engine.newFlow(LAPTOP);
    assertStep(again.submitPassword(ADA, PASSWORD), COMPLETE, SUCCESS);
    assertStep(again.finalizeSession(), COMPLETE, SUCCESS);
    Session second = again.view().session().orElseThrow();

    assertThat(fake.outbox()).as("no code the second time").hasSize(1);
    assertThat(second.id()).isNotEqualTo(first.id());
    Client c = clientOverHttp();
    assertThat(c.signedIn())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo(second.id());
              assertThat(s.session().userId()).isEqualTo(userId);
              assertThat(s.userIdentifiers()).contains(ADA);
            });
    assertThat(c.current()).hasValueSatisfying(s -> assertThat(s.id()).isEqualTo(second.id()));
  }

  @Test
  void aSecondUserOnASingleSessionDeviceIsToldToSignOutFirst() {
    start(FakeSettings.defaults());
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
    fake.addUser(FakeUser.withEmail("grace@example.com").password(PASSWORD));
    SignInFlow ada = engine.newFlow(LAPTOP);
    assertStep(ada.submitPassword(ADA, PASSWORD), NEEDS_CLIENT_TRUST, SUCCESS);
    assertStep(ada.verifyCode(lastCode(ADA)), COMPLETE, SUCCESS);
    assertStep(ada.finalizeSession(), COMPLETE, SUCCESS);
    String adaSession = ada.view().session().orElseThrow().id();

    SignInFlow grace = engine.newFlow(LAPTOP);
    StepResult refused = grace.submitPassword("grace@example.com", PASSWORD);

    assertStep(refused, SignInState.IDENTIFYING, OutcomeKind.SIGN_OUT_REQUIRED);
    assertThat(refused.errors().all())
        .extracting(ClerkError::code)
        .containsExactly("sign_out_required");
    assertThat(grace.view().session()).isEmpty();
    assertThat(clientOverHttp().signedIn())
        .singleElement()
        .satisfies(s -> assertThat(s.id()).isEqualTo(adaSession));
    assertThat(engine.session(LAPTOP).ok().map(Session::id)).contains(adaSession);

    // Signed out, the device takes the second user, who proves it with a code of their own.
    assertThat(engine.signOut(LAPTOP)).isInstanceOf(SessionResult.Ok.class);
    assertStep(grace.submitPassword("grace@example.com", PASSWORD), NEEDS_CLIENT_TRUST, SUCCESS);
  }

  /** The device's client as the server holds it, read over HTTP with the device's token. */
  private Client clientOverHttp() {
    GatewayResult<Client> r = gateway.getClient(RequestContext.none(), tokens.load(LAPTOP));
    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    return ((GatewayResult.Success<Client>) r).value();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private String lastCode(String to) {
    return fake.lastCodeSentTo(to)
        .orElseThrow(() -> new AssertionError("no code was sent to " + to));
  }

  private boolean knownDevice(String userId) {
    return tokens.load(LAPTOP).map(t -> fake.isKnownDevice(userId, t.reveal())).orElse(false);
  }

  /** Ends the session past the engine, as an application's sign-out would; keeps the token. */
  private void signOut(String sessionId) {
    FapiResponse r =
        fake.endSession(
            FapiRequest.of(tokens.load(LAPTOP).map(ClientToken::reveal), "127.0.0.1"), sessionId);
    r.clientToken().ifPresent(t -> tokens.save(LAPTOP, ClientToken.of(t)));
    assertThat(r.ok()).as("sign-out: %s", r).isTrue();
  }

  private static void assertStep(StepResult r, SignInState state, OutcomeKind kind) {
    assertThat(r.kind()).as("kind of %s (errors %s)", r.event(), r.errors()).isEqualTo(kind);
    assertThat(r.state()).as("state after %s", r.event()).isEqualTo(state);
  }

  private static void assertFactor(FlowView view, Strategy strategy, String masked) {
    assertThat(view.currentFactor())
        .as("current factor")
        .hasValueSatisfying(
            factor -> {
              assertThat(factor.strategy()).isEqualTo(strategy);
              assertThat(factor.safeIdentifier()).contains(masked);
              assertThat(factor.id()).isPresent();
            });
  }
}
