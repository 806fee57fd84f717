package dev.signinflow.transport.fake;

import static dev.signinflow.engine.OutcomeKind.CLERK_ERROR;
import static dev.signinflow.engine.OutcomeKind.INVALID_INPUT;
import static dev.signinflow.engine.OutcomeKind.NOT_ALLOWED;
import static dev.signinflow.engine.OutcomeKind.RATE_LIMITED;
import static dev.signinflow.engine.OutcomeKind.SIGN_IN_GONE;
import static dev.signinflow.engine.OutcomeKind.SUCCESS;
import static dev.signinflow.engine.OutcomeKind.UNAVAILABLE;
import static dev.signinflow.engine.SignInState.COMPLETE;
import static dev.signinflow.engine.SignInState.IDENTIFYING;
import static dev.signinflow.engine.SignInState.NEEDS_CLIENT_TRUST;
import static dev.signinflow.engine.SignInState.NEEDS_SECOND_FACTOR;
import static dev.signinflow.transport.fake.FlowFixture.PASSWORD;
import static dev.signinflow.transport.fake.FlowFixture.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowSnapshot;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.FormField;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.ResendPolicy;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SessionTask;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seed flows of password sign-in, end to end: the real engine over {@link FakeSignInGateway},
 * both on one {@link FakeClock}. Codes are read from the fake's outbox and time moves only when a
 * test moves it. Each test checks the steps (state, kind, error codes), what the fake saw (outbox,
 * sessions, known devices) and what the flow shows (factor, masked destination, resend time, sends
 * left, device trust, session).
 */
class SeedFlowsTest {
  private static final String ADA = "ada@example.com";
  private static final String ADA_MASKED = "a***@example.com";

  /** Not a test number: those are +1 XXX 555-01XX, which take 424242 and are sent nothing. */
  private static final String PHONE = "+14155552671";

  private static final String PHONE_MASKED = "+1******2671";
  private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXP";
  private static final String LAPTOP = "laptop-1";
  private static final String TABLET = "tablet-2";
  private static final Duration COOLDOWN = Duration.ofSeconds(30);
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

  // ---- 1. Client Trust by email code ---------------------------------------------------------

  @Test
  void newDeviceProvesItselfWithAnEmailCodeAndGetsAnActiveSession() {
    FlowFixture f = FlowFixture.standard();
    String userId = f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    Instant t0 = f.now();

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(submitted.errors().isEmpty()).isTrue();
    assertThat(f.calls()).containsExactly("createSignIn", "prepareSecondFactor");
    FlowView view = flow.view();
    assertThat(f.outbox())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.to()).isEqualTo(ADA);
              assertThat(m.strategy()).isEqualTo("email_code");
              assertThat(m.code()).hasValueSatisfying(c -> assertThat(c).matches("[0-9]{6}"));
              assertThat(m.signInId()).isEqualTo(view.signInId().orElseThrow());
              assertThat(m.sentAt()).isEqualTo(t0);
            });
    assertFactor(view, Strategy.EMAIL_CODE, ADA_MASKED);
    assertThat(view.offeredFactors())
        .extracting(Factor::strategy)
        .containsExactly(Strategy.EMAIL_CODE);
    assertThat(view.clientTrustState()).contains(ClientTrustState.NEW);
    assertThat(view.newDevice()).isTrue();
    assertThat(view.identifier()).contains(ADA);
    assertThat(view.resendAvailableAt()).contains(t0.plus(COOLDOWN));
    assertThat(view.sendsRemaining()).isEqualTo(4);
    assertThat(view.verification())
        .hasValueSatisfying(
            v -> {
              assertThat(v.status()).isEqualTo(VerificationStatus.UNVERIFIED);
              assertThat(v.strategy()).isEqualTo(Strategy.EMAIL_CODE);
              assertThat(v.attempts()).isZero();
              assertThat(v.expireAt()).contains(t0.plus(CODE_LIFETIME));
            });
    assertThat(f.knownDevice(userId, LAPTOP)).isFalse();

    StepResult verified = flow.verifyCode(f.lastCode(ADA));

    assertStep(verified, COMPLETE, SUCCESS);
    assertThat(flow.view().verification())
        .hasValueSatisfying(v -> assertThat(v.status()).isEqualTo(VerificationStatus.VERIFIED));
    assertThat(flow.view().session()).isEmpty();
    assertThat(f.knownDevice(userId, LAPTOP)).isTrue();

    StepResult finalized = flow.finalizeSession();

    assertStep(finalized, COMPLETE, SUCCESS);
    Session session = flow.view().session().orElseThrow();
    assertThat(session.status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(session.tasks()).isEmpty();
    ClientView client = f.client(LAPTOP);
    assertThat(client.lastActiveSessionId()).isEqualTo(session.id());
    assertThat(client.sessions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo(session.id());
              assertThat(s.status()).isEqualTo("active");
              assertThat(s.userId()).isEqualTo(userId);
            });
    assertThat(f.calls())
        .containsExactly(
            "createSignIn", "prepareSecondFactor", "attemptSecondFactor", "activateSession");
    assertThat(f.outbox()).hasSize(1);
  }

  // ---- 2. Client Trust by SMS code -----------------------------------------------------------

  @Test
  void newDeviceProvesItselfWithAnSmsCodeWhenTheInstanceSendsNoEmail() {
    FlowFixture f = FlowFixture.with(FlowFixture.settings().smsOnly().build());
    String userId = f.addUser(FakeUser.withEmail(ADA).phone(PHONE));
    SignInFlow flow = f.newFlow(LAPTOP);
    Instant t0 = f.now();

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_CLIENT_TRUST, SUCCESS);
    assertFactor(flow.view(), Strategy.PHONE_CODE, PHONE_MASKED);
    assertThat(flow.view().offeredFactors())
        .extracting(Factor::strategy)
        .containsExactly(Strategy.PHONE_CODE);
    assertThat(flow.view().newDevice()).isTrue();
    assertThat(flow.view().resendAvailableAt()).contains(t0.plus(COOLDOWN));
    assertThat(f.fake.outbox(ADA)).isEmpty();
    assertThat(f.fake.outbox(PHONE))
        .singleElement()
        .satisfies(m -> assertThat(m.strategy()).isEqualTo("phone_code"));

    assertStep(flow.verifyCode(f.lastCode(PHONE)), COMPLETE, SUCCESS);
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);
    assertThat(flow.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(f.knownDevice(userId, LAPTOP)).isTrue();
  }

  // ---- 3. MFA before Client Trust ------------------------------------------------------------

  @Test
  void multiFactorTakesPrecedenceOverClientTrustAndNothingIsSentForTotp() {
    FlowFixture f = FlowFixture.standard();
    String userId = f.addUser(FakeUser.withEmail(ADA).totp(TOTP_SECRET));
    SignInFlow flow = f.newFlow(LAPTOP);

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_SECOND_FACTOR, SUCCESS);
    assertThat(f.calls()).containsExactly("createSignIn");
    assertThat(f.outbox()).isEmpty();
    FlowView view = flow.view();
    assertThat(view.currentFactor())
        .hasValueSatisfying(
            factor -> {
              assertThat(factor.strategy()).isEqualTo(Strategy.TOTP);
              assertThat(factor.safeIdentifier()).isEmpty();
            });
    assertThat(view.offeredFactors()).extracting(Factor::strategy).containsExactly(Strategy.TOTP);
    assertThat(view.resendAvailableAt()).isEmpty();
    assertThat(view.sendsRemaining()).isEqualTo(5);
    // The OAS defines client_trust_state by the device alone: new until the user had a session on
    // it.
    assertThat(view.clientTrustState()).contains(ClientTrustState.NEW);

    StepResult verified = flow.verifyCode(Totp.code(TOTP_SECRET, f.now()));

    assertStep(verified, COMPLETE, SUCCESS);
    assertThat(f.outbox()).isEmpty();
    assertThat(f.knownDevice(userId, LAPTOP)).isTrue();
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);
    assertThat(flow.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
  }

  // ---- 4. wrong code, then the right one -----------------------------------------------------

  @Test
  void wrongCodeIsAFieldErrorOnTheCodeAndTheRightOneStillCompletes() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    String code = f.lastCode(ADA);

    StepResult wrongOne = flow.verifyCode(wrong(code));

    assertStep(wrongOne, NEEDS_CLIENT_TRUST, CLERK_ERROR);
    assertThat(wrongOne.errors().field(FormField.CODE))
        .extracting(ClerkError::code)
        .containsExactly("form_code_incorrect");
    assertThat(wrongOne.errors().global()).isEmpty();
    assertThat(flow.view().currentFactor()).isPresent();

    StepResult rightOne = flow.verifyCode(code);

    assertStep(rightOne, COMPLETE, SUCCESS);
    assertThat(f.outbox()).hasSize(1);
  }

  // ---- 5. resend cooldown, then a new code that replaces the old -----------------------------

  @Test
  void resendWithinTheCooldownIsRefusedLocallyAndAfterItANewCodeReplacesTheOld() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    Instant t0 = f.now();
    flow.submitPassword(ADA, PASSWORD);
    String oldCode = f.lastCode(ADA);
    f.advance(Duration.ofSeconds(10));
    List<String> callsBefore = f.calls();

    StepResult tooSoon = flow.resendCode();

    assertStep(tooSoon, NEEDS_CLIENT_TRUST, NOT_ALLOWED);
    assertThat(tooSoon.retryAt()).contains(t0.plus(COOLDOWN));
    assertThat(tooSoon.errors().all())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo("resend_cooldown");
              assertThat(e.meta())
                  .containsEntry("resend_available_at", t0.plus(COOLDOWN).toString());
            });
    assertThat(f.calls()).isEqualTo(callsBefore);
    assertThat(f.outbox()).hasSize(1);

    f.advance(Duration.ofSeconds(21));
    StepResult resent = flow.resendCode();

    assertStep(resent, NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(f.outbox()).hasSize(2);
    String newCode = f.lastCode(ADA);
    assertThat(newCode).isNotEqualTo(oldCode);
    assertThat(flow.view().resendAvailableAt()).contains(f.now().plus(COOLDOWN));
    assertThat(flow.view().sendsRemaining()).isEqualTo(3);

    StepResult old = flow.verifyCode(oldCode);

    assertStep(old, NEEDS_CLIENT_TRUST, CLERK_ERROR);
    assertThat(old.errors().field(FormField.CODE))
        .extracting(ClerkError::code)
        .containsExactly("form_code_incorrect");

    assertStep(flow.verifyCode(newCode), COMPLETE, SUCCESS);
  }

  // ---- 6. an expired code --------------------------------------------------------------------

  @Test
  void expiredCodeNeedsANewOneWhichCompletes() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    String code = f.lastCode(ADA);
    f.advance(CODE_LIFETIME.plusSeconds(1));

    StepResult late = flow.verifyCode(code);

    assertStep(late, NEEDS_CLIENT_TRUST, CLERK_ERROR);
    assertThat(late.errors().global())
        .extracting(ClerkError::code)
        .containsExactly("verification_expired");
    assertThat(late.errors().field(FormField.CODE)).isEmpty();
    assertThat(flow.view().resendAvailableAt()).contains(f.now());

    StepResult resent = flow.resendCode();

    assertStep(resent, NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(f.outbox()).hasSize(2);
    assertThat(flow.view().verification())
        .hasValueSatisfying(
            v -> {
              assertThat(v.status()).isEqualTo(VerificationStatus.UNVERIFIED);
              assertThat(v.attempts()).isZero();
              assertThat(v.expireAt()).contains(f.now().plus(CODE_LIFETIME));
            });
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
  }

  // ---- 7. too many wrong codes ---------------------------------------------------------------

  @Test
  void afterThreeWrongCodesEvenTheRightOneFailsUntilANewCodeIsSent() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    String code = f.lastCode(ADA);

    for (int i = 0; i < 3; i++) {
      StepResult r = flow.verifyCode(wrong(code));
      assertStep(r, NEEDS_CLIENT_TRUST, CLERK_ERROR);
      assertThat(r.errors().field(FormField.CODE))
          .extracting(ClerkError::code)
          .containsExactly("form_code_incorrect");
    }
    // Clerk allows 3 attempts per 10 s from one address; wait that out, not the code's limit.
    f.advance(Duration.ofSeconds(10));

    StepResult fourth = flow.verifyCode(code);

    assertStep(fourth, NEEDS_CLIENT_TRUST, CLERK_ERROR);
    assertThat(fourth.errors().global())
        .extracting(ClerkError::code)
        .containsExactly("verification_failed");
    assertThat(fourth.errors().field(FormField.CODE)).isEmpty();

    f.advance(Duration.ofSeconds(21));
    StepResult resent = flow.resendCode();

    assertStep(resent, NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(f.outbox()).hasSize(2);
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
  }

  // ---- 8. start over from each state ---------------------------------------------------------

  @Test
  void startOverWhileIdentifyingCallsNothingAndSigningInThenWorks() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    StepResult typo = flow.submitPassword(ADA, "correct horse battery stapler");
    assertStep(typo, IDENTIFYING, CLERK_ERROR);
    assertThat(typo.errors().field(FormField.PASSWORD))
        .extracting(ClerkError::code)
        .containsExactly("form_password_incorrect");
    ClientView before = f.client(LAPTOP);
    Optional<ClientToken> token = f.token(LAPTOP);
    List<String> calls = f.calls();

    StepResult reset = flow.reset();

    assertStep(reset, IDENTIFYING, SUCCESS);
    assertThat(f.calls()).isEqualTo(calls);
    assertThat(f.token(LAPTOP)).isEqualTo(token);
    assertThat(f.client(LAPTOP)).isEqualTo(before);
    assertThat(f.outbox()).isEmpty();

    assertStep(flow.submitPassword(ADA, PASSWORD), NEEDS_CLIENT_TRUST, SUCCESS);
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
  }

  @Test
  void startOverDuringClientTrustLeavesTheServerAsItWasAndSigningInAgainSendsAFreshCode() {
    FlowFixture f = FlowFixture.standard();
    String userId = f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    String firstSignIn = flow.view().signInId().orElseThrow();
    ClientView before = f.client(LAPTOP);
    Optional<ClientToken> token = f.token(LAPTOP);
    List<String> calls = f.calls();

    StepResult reset = flow.reset();

    assertStep(reset, IDENTIFYING, SUCCESS);
    assertCleared(flow.view());
    assertThat(f.calls()).isEqualTo(calls);
    assertThat(f.outbox()).hasSize(1);
    assertThat(f.token(LAPTOP)).isEqualTo(token);
    ClientView after = f.client(LAPTOP);
    assertThat(after).isEqualTo(before);
    assertThat(after.signIn().id()).isEqualTo(firstSignIn);
    assertThat(after.signIn().status()).isEqualTo("needs_client_trust");

    // A new sign-in has its own cooldown: the fresh code goes out at once.
    StepResult again = flow.submitPassword(ADA, PASSWORD);

    assertStep(again, NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(flow.view().signInId()).isPresent().isNotEqualTo(Optional.of(firstSignIn));
    assertThat(f.outbox()).hasSize(2);
    assertThat(flow.view().sendsRemaining()).isEqualTo(4);
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
    assertThat(f.knownDevice(userId, LAPTOP)).isTrue();
  }

  @Test
  void startOverDuringSecondFactorLeavesTheServerAsItWasAndSigningInAgainWorks() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA).phone(PHONE).withSmsSecondFactor());
    SignInFlow flow = f.newFlow(LAPTOP);
    assertStep(flow.submitPassword(ADA, PASSWORD), NEEDS_SECOND_FACTOR, SUCCESS);
    ClientView before = f.client(LAPTOP);
    Optional<ClientToken> token = f.token(LAPTOP);
    List<String> calls = f.calls();

    StepResult reset = flow.reset();

    assertStep(reset, IDENTIFYING, SUCCESS);
    assertCleared(flow.view());
    assertThat(f.calls()).isEqualTo(calls);
    assertThat(f.outbox()).hasSize(1);
    assertThat(f.token(LAPTOP)).isEqualTo(token);
    assertThat(f.client(LAPTOP)).isEqualTo(before);

    assertStep(flow.submitPassword(ADA, PASSWORD), NEEDS_SECOND_FACTOR, SUCCESS);
    assertThat(f.outbox()).hasSize(2);
    assertStep(flow.verifyCode(f.lastCode(PHONE)), COMPLETE, SUCCESS);
  }

  @Test
  void startOverAfterCompletionKeepsTheDeviceTrustedSoTheNextSignInIsNotChallenged() {
    FlowFixture f = FlowFixture.standard();
    String userId = f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    flow.verifyCode(f.lastCode(ADA));
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);
    String sessionId = flow.view().session().orElseThrow().id();
    ClientView before = f.client(LAPTOP);
    Optional<ClientToken> token = f.token(LAPTOP);
    List<String> calls = f.calls();

    StepResult reset = flow.reset();

    assertStep(reset, IDENTIFYING, SUCCESS);
    assertCleared(flow.view());
    assertThat(flow.view().session()).isEmpty();
    assertThat(f.calls()).isEqualTo(calls);
    assertThat(f.token(LAPTOP)).isEqualTo(token);
    ClientView after = f.client(LAPTOP);
    assertThat(after).isEqualTo(before);
    assertThat(after.sessions()).extracting(SessionView::id).containsExactly(sessionId);
    assertThat(f.knownDevice(userId, LAPTOP)).isTrue();
    // Clerk refuses a sign-in over a live session (session_exists): sign out, as its own test does.
    f.signOut(LAPTOP, sessionId);

    StepResult again = flow.submitPassword(ADA, PASSWORD);

    assertStep(again, COMPLETE, SUCCESS);
    assertThat(f.outbox()).hasSize(1);
    assertThat(flow.view().clientTrustState()).contains(ClientTrustState.KNOWN);
    assertThat(flow.view().newDevice()).isFalse();
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);
    assertThat(flow.view().session().orElseThrow().id()).isNotEqualTo(sessionId);
  }

  // ---- 9. a trusted device is not challenged again -------------------------------------------

  @Test
  void aDeviceThatVerifiedOnceSignsInWithoutACodeAndAnotherDeviceIsStillChallenged() {
    FlowFixture f = FlowFixture.standard();
    String userId = f.addUser(FakeUser.withEmail(ADA));
    SignInFlow first = f.newFlow(LAPTOP);
    first.submitPassword(ADA, PASSWORD);
    assertStep(first.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
    first.finalizeSession();
    // Clerk refuses a sign-in over a live session (session_exists): sign out, as its own test does.
    f.signOut(LAPTOP, first.view().session().orElseThrow().id());
    List<String> calls = f.calls();

    SignInFlow second = f.newFlow(LAPTOP);
    StepResult again = second.submitPassword(ADA, PASSWORD);

    assertStep(again, COMPLETE, SUCCESS);
    assertThat(f.calls().subList(calls.size(), f.calls().size())).containsExactly("createSignIn");
    assertThat(f.outbox()).hasSize(1);
    assertThat(second.view().clientTrustState()).contains(ClientTrustState.KNOWN);
    assertThat(second.view().currentFactor()).isEmpty();
    assertStep(second.finalizeSession(), COMPLETE, SUCCESS);
    assertThat(second.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);

    SignInFlow elsewhere = f.newFlow(TABLET);
    StepResult challenged = elsewhere.submitPassword(ADA, PASSWORD);

    assertStep(challenged, NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(elsewhere.view().newDevice()).isTrue();
    assertThat(f.outbox()).hasSize(2);
    assertThat(f.knownDevice(userId, TABLET)).isFalse();
    assertThat(f.knownDevice(userId, LAPTOP)).isTrue();
  }

  // ---- 10. finalize with and without a session task ------------------------------------------

  @Test
  void finalizeGivesAPendingSessionWithItsTaskWhenTheInstanceHasSessionTasks() {
    FlowFixture f =
        FlowFixture.with(
            FlowFixture.settings().sessionTasks(List.of("choose-organization")).build());
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);

    StepResult finalized = flow.finalizeSession();

    assertStep(finalized, COMPLETE, SUCCESS);
    Session session = flow.view().session().orElseThrow();
    assertThat(session.status()).isEqualTo(SessionStatus.PENDING);
    assertThat(session.rawStatus()).isEqualTo("pending");
    assertThat(session.tasks()).containsExactly(SessionTask.CHOOSE_ORGANIZATION);
    assertThat(session.currentTask()).contains(SessionTask.CHOOSE_ORGANIZATION);
    ClientView client = f.client(LAPTOP);
    assertThat(client.lastActiveSessionId()).isEqualTo(session.id());
    assertThat(client.sessions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo("pending");
              assertThat(s.tasks()).containsExactly("choose-organization");
            });
  }

  @Test
  void finalizeGivesAnActiveSessionWithoutTasksByDefault() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    flow.verifyCode(f.lastCode(ADA));

    StepResult finalized = flow.finalizeSession();

    assertStep(finalized, COMPLETE, SUCCESS);
    Session session = flow.view().session().orElseThrow();
    assertThat(session.status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(session.tasks()).isEmpty();
    assertThat(session.currentTask()).isEmpty();
    assertThat(f.client(LAPTOP).sessions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo("active");
              assertThat(s.tasks()).isEmpty();
            });
  }

  // ---- 11. the legacy Client Trust shape -----------------------------------------------------

  @Test
  void legacyClientTrustShapeIsASecondFactorStepMarkedAsANewDevice() {
    FlowFixture f = FlowFixture.with(FlowFixture.settings().legacyClientTrustShape(true).build());
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_SECOND_FACTOR, SUCCESS);
    FlowView view = flow.view();
    assertThat(view.newDevice()).isTrue();
    assertThat(view.clientTrustState()).contains(ClientTrustState.NEW);
    assertFactor(view, Strategy.EMAIL_CODE, ADA_MASKED);
    assertThat(f.outbox()).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo(ADA));

    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);
    assertThat(flow.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
  }

  // ---- more a demanding user expects ---------------------------------------------------------

  @Test
  void backupCodeCompletesOnceAndTheSameCodeIsRefusedOnTheNextSignIn() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA).backupCodes(List.of("a1b2c3d4", "e5f6g7h8")));
    SignInFlow flow = f.newFlow(LAPTOP);

    assertStep(flow.submitPassword(ADA, PASSWORD), NEEDS_SECOND_FACTOR, SUCCESS);
    assertThat(flow.view().currentFactor().map(Factor::strategy)).contains(Strategy.BACKUP_CODE);
    assertThat(flow.view().resendAvailableAt()).isEmpty();
    assertThat(f.outbox()).isEmpty();
    assertStep(flow.verifyCode("a1b2c3d4"), COMPLETE, SUCCESS);
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);
    f.signOut(LAPTOP, flow.view().session().orElseThrow().id());

    SignInFlow next = f.newFlow(LAPTOP);
    // A known device still needs the user's second factor: Client Trust never replaces MFA.
    assertStep(next.submitPassword(ADA, PASSWORD), NEEDS_SECOND_FACTOR, SUCCESS);
    assertThat(next.view().clientTrustState()).contains(ClientTrustState.KNOWN);
    StepResult reused = next.verifyCode("a1b2c3d4");

    assertStep(reused, NEEDS_SECOND_FACTOR, CLERK_ERROR);
    assertThat(reused.errors().field(FormField.CODE))
        .extracting(ClerkError::code)
        .containsExactly("form_code_incorrect");
    assertStep(next.verifyCode("e5f6g7h8"), COMPLETE, SUCCESS);
    assertThat(f.outbox()).isEmpty();
  }

  @Test
  void smsSecondFactorSendsACodeToThePhoneAndCompletes() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA).phone(PHONE).withSmsSecondFactor());
    SignInFlow flow = f.newFlow(LAPTOP);
    Instant t0 = f.now();

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_SECOND_FACTOR, SUCCESS);
    assertFactor(flow.view(), Strategy.PHONE_CODE, PHONE_MASKED);
    assertThat(flow.view().resendAvailableAt()).contains(t0.plus(COOLDOWN));
    assertThat(flow.view().sendsRemaining()).isEqualTo(4);
    assertThat(f.outbox())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.to()).isEqualTo(PHONE);
              assertThat(m.strategy()).isEqualTo("phone_code");
            });

    assertStep(flow.verifyCode(f.lastCode(PHONE)), COMPLETE, SUCCESS);
  }

  @Test
  void selectingTheSmsFactorInsteadOfTotpSendsACodeThatCompletes() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA).phone(PHONE).totp(TOTP_SECRET).withSmsSecondFactor());
    SignInFlow flow = f.newFlow(LAPTOP);
    assertStep(flow.submitPassword(ADA, PASSWORD), NEEDS_SECOND_FACTOR, SUCCESS);
    assertThat(flow.view().currentFactor().map(Factor::strategy)).contains(Strategy.TOTP);
    assertThat(flow.view().offeredFactors())
        .extracting(Factor::strategy)
        .containsExactly(Strategy.TOTP, Strategy.PHONE_CODE);
    assertThat(f.outbox()).isEmpty();

    StepResult selected = flow.selectFactor(Strategy.PHONE_CODE);

    assertStep(selected, NEEDS_SECOND_FACTOR, SUCCESS);
    assertFactor(flow.view(), Strategy.PHONE_CODE, PHONE_MASKED);
    assertThat(flow.view().resendAvailableAt()).contains(f.now().plus(COOLDOWN));
    assertThat(f.outbox()).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo(PHONE));

    assertStep(flow.verifyCode(f.lastCode(PHONE)), COMPLETE, SUCCESS);
  }

  @Test
  void emailLinkClickedElsewhereCompletesTheSignInOnRefresh() {
    FlowFixture f =
        FlowFixture.with(
            FlowFixture.settings().emailCodeEnabled(false).build(),
            b -> b.emailLinkRedirectUrl("https://app.example/verify"));
    String userId = f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    Instant t0 = f.now();

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_CLIENT_TRUST, SUCCESS);
    assertFactor(flow.view(), Strategy.EMAIL_LINK, ADA_MASKED);
    assertThat(flow.view().resendAvailableAt()).contains(t0.plus(COOLDOWN));
    OutboxMessage link = f.outbox().get(0);
    assertThat(f.outbox()).hasSize(1);
    assertThat(link.strategy()).isEqualTo("email_link");
    assertThat(link.code()).isEmpty();
    assertThat(link.linkToken()).isPresent();

    StepResult typed = flow.verifyCode("123456");
    assertStep(typed, NEEDS_CLIENT_TRUST, INVALID_INPUT);
    assertThat(typed.errors().has("code_not_expected")).isTrue();
    StepResult notYet = flow.refresh();
    assertStep(notYet, NEEDS_CLIENT_TRUST, SUCCESS);

    assertThat(f.fake.visitEmailLink(link.linkToken().orElseThrow()))
        .isEqualTo(FakeClerk.LinkVisit.VERIFIED);
    StepResult refreshed = flow.refresh();

    assertStep(refreshed, COMPLETE, SUCCESS);
    assertThat(f.knownDevice(userId, LAPTOP)).isTrue();
    assertStep(flow.finalizeSession(), COMPLETE, SUCCESS);
    assertThat(flow.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(f.calls())
        .containsExactly(
            "createSignIn", "prepareSecondFactor", "getSignIn", "getSignIn", "activateSession");
  }

  @Test
  void tenWrongPasswordsLockTheAccountForAnHour() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);

    for (int i = 1; i <= 10; i++) {
      // 3 s apart, so the 5-per-10-s limit on creating sign-ins is never reached.
      f.advance(Duration.ofSeconds(3));
      StepResult r = flow.submitPassword(ADA, "wrong password " + i);
      assertStep(r, IDENTIFYING, CLERK_ERROR);
      if (i < 10) {
        assertThat(r.errors().field(FormField.PASSWORD))
            .extracting(ClerkError::code)
            .containsExactly("form_password_incorrect");
      }
    }
    f.advance(Duration.ofSeconds(3));

    StepResult locked = flow.submitPassword(ADA, PASSWORD);

    assertStep(locked, IDENTIFYING, CLERK_ERROR);
    assertThat(locked.errors().global())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo("user_locked");
              assertThat(e.meta()).containsEntry("lockout_expires_in_seconds", "3597");
            });
    assertThat(f.outbox()).isEmpty();

    f.advance(Duration.ofHours(1));
    StepResult unlocked = flow.submitPassword(ADA, PASSWORD);

    assertStep(unlocked, NEEDS_CLIENT_TRUST, SUCCESS);
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
  }

  @Test
  void sixQuickSignInsAreRateLimitedUntilRetryAfter() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    Instant t0 = f.now();
    for (int i = 1; i <= 5; i++) {
      assertStep(flow.submitPassword(ADA, "wrong password " + i), IDENTIFYING, CLERK_ERROR);
    }

    StepResult sixth = flow.submitPassword(ADA, PASSWORD);

    assertStep(sixth, IDENTIFYING, RATE_LIMITED);
    assertThat(sixth.retryAt()).contains(t0.plusSeconds(10));
    assertThat(sixth.errors().has("too_many_requests")).isTrue();
    assertThat(f.calls()).hasSize(6).containsOnly("createSignIn");
    assertThat(f.outbox()).isEmpty();

    f.clock().set(sixth.retryAt().orElseThrow());
    StepResult later = flow.submitPassword(ADA, PASSWORD);

    assertStep(later, NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(f.outbox()).hasSize(1);
  }

  @Test
  void serverErrorWhileSendingTheFirstCodeLeavesTheFlowWaitingForAResend() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    f.fake.injectFault(
        FapiOperation.PREPARE_SECOND_FACTOR, Fault.serverError(503), FaultTrigger.once());
    SignInFlow flow = f.newFlow(LAPTOP);

    StepResult submitted = flow.submitPassword(ADA, PASSWORD);

    assertStep(submitted, NEEDS_CLIENT_TRUST, UNAVAILABLE);
    assertThat(submitted.errors().global())
        .extracting(ClerkError::code)
        .containsExactly("gateway_unavailable");
    assertThat(f.outbox()).isEmpty();
    assertFactor(flow.view(), Strategy.EMAIL_CODE, ADA_MASKED);
    assertThat(flow.view().sendsRemaining()).isEqualTo(5);
    assertThat(flow.view().resendAvailableAt()).contains(f.now());

    StepResult resent = flow.resendCode();

    assertStep(resent, NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(f.outbox()).hasSize(1);
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
  }

  @Test
  void aSecondSignInOnTheSameDeviceReplacesTheFirstWhoseCodeThenFindsItGone() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow first = f.newFlow(LAPTOP);
    first.submitPassword(ADA, PASSWORD);
    String firstCode = f.lastCode(ADA);
    SignInFlow second = f.newFlow(LAPTOP);
    assertStep(second.submitPassword(ADA, PASSWORD), NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(f.outbox()).hasSize(2);

    StepResult gone = first.verifyCode(firstCode);

    assertStep(gone, IDENTIFYING, SIGN_IN_GONE);
    assertThat(gone.errors().all())
        .extracting(ClerkError::code)
        .containsExactly("resource_forbidden");
    assertCleared(first.view());
    assertStep(second.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
  }

  @Test
  void snapshotResumedOnAnotherNodeContinuesTheCodeStepWithoutSendingAgain() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    String code = f.lastCode(ADA);
    f.advance(Duration.ofSeconds(5));
    List<String> calls = f.calls();

    String json = flow.snapshot().toJson();
    SignInFlow resumed = f.anotherEngine().resume(FlowSnapshot.fromJson(json));

    assertThat(json).doesNotContain(code, PASSWORD, f.token(LAPTOP).orElseThrow().reveal());
    assertThat(f.calls()).isEqualTo(calls);
    assertThat(f.outbox()).hasSize(1);
    assertThat(resumed.view()).isEqualTo(flow.view());
    StepResult tooSoon = resumed.resendCode();
    assertStep(tooSoon, NEEDS_CLIENT_TRUST, NOT_ALLOWED);
    assertThat(f.calls()).isEqualTo(calls);

    assertStep(resumed.verifyCode(code), COMPLETE, SUCCESS);
    assertStep(resumed.finalizeSession(), COMPLETE, SUCCESS);
    assertThat(resumed.view().session().orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
  }

  @Test
  void afterFiveSendsNoMoreCodesAreSentButTheLastOneStillWorks() {
    FlowFixture f = FlowFixture.standard();
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    for (int i = 0; i < 4; i++) {
      f.advance(COOLDOWN.plusSeconds(1));
      assertStep(flow.resendCode(), NEEDS_CLIENT_TRUST, SUCCESS);
    }
    assertThat(f.outbox()).hasSize(5);
    assertThat(flow.view().sendsRemaining()).isZero();
    assertThat(flow.view().resendAvailableAt()).isEmpty();
    f.advance(COOLDOWN.plusSeconds(1));
    List<String> calls = f.calls();

    StepResult sixth = flow.resendCode();

    assertStep(sixth, NEEDS_CLIENT_TRUST, NOT_ALLOWED);
    assertThat(sixth.errors().has("resend_limit_reached")).isTrue();
    assertThat(f.calls()).isEqualTo(calls);
    assertThat(f.outbox()).hasSize(5);
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
  }

  @Test
  void serverCooldownOutlastsALaxerLocalPolicyAndMovesTheNextResend() {
    FlowFixture f =
        FlowFixture.with(
            FakeSettings.defaults(),
            b -> b.resendPolicy(ResendPolicy.of(Duration.ofSeconds(5), 5)));
    f.addUser(FakeUser.withEmail(ADA));
    SignInFlow flow = f.newFlow(LAPTOP);
    Instant t0 = f.now();
    flow.submitPassword(ADA, PASSWORD);
    f.advance(Duration.ofSeconds(10));

    StepResult refused = flow.resendCode();

    assertStep(refused, NEEDS_CLIENT_TRUST, RATE_LIMITED);
    assertThat(refused.errors().has("verification_code_too_many_requests")).isTrue();
    assertThat(refused.retryAt()).contains(t0.plus(COOLDOWN));
    assertThat(flow.view().resendAvailableAt()).contains(t0.plus(COOLDOWN));
    assertThat(flow.view().sendsRemaining()).isEqualTo(4);
    assertThat(f.outbox()).hasSize(1);

    f.advance(Duration.ofSeconds(10));
    List<String> calls = f.calls();
    assertStep(flow.resendCode(), NEEDS_CLIENT_TRUST, NOT_ALLOWED);
    assertThat(f.calls()).isEqualTo(calls);

    f.advance(Duration.ofSeconds(10));
    assertStep(flow.resendCode(), NEEDS_CLIENT_TRUST, SUCCESS);
    assertThat(f.outbox()).hasSize(2);
    assertStep(flow.verifyCode(f.lastCode(ADA)), COMPLETE, SUCCESS);
  }

  @Test
  void testEmailAddressTakes424242AndIsSentNothing() {
    FlowFixture f = FlowFixture.standard();
    String testEmail = "ada+clerk_test@example.com";
    f.addUser(FakeUser.withEmail(testEmail));
    SignInFlow flow = f.newFlow(LAPTOP);

    assertStep(flow.submitPassword(testEmail, PASSWORD), NEEDS_CLIENT_TRUST, SUCCESS);
    assertFactor(flow.view(), Strategy.EMAIL_CODE, "a***@example.com");
    assertThat(f.outbox()).isEmpty();

    assertStep(flow.verifyCode(FakeClerk.TEST_CODE), COMPLETE, SUCCESS);
  }

  // ---- helpers -------------------------------------------------------------------------------

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

  /** The flow forgot its sign-in: nothing but the device is left. */
  private static void assertCleared(FlowView view) {
    assertThat(view.state()).isEqualTo(IDENTIFYING);
    assertThat(view.signInId()).isEmpty();
    assertThat(view.identifier()).isEmpty();
    assertThat(view.currentFactor()).isEmpty();
    assertThat(view.offeredFactors()).isEmpty();
    assertThat(view.clientTrustState()).isEmpty();
    assertThat(view.verification()).isEmpty();
    assertThat(view.resendAvailableAt()).isEmpty();
    assertThat(view.session()).isEmpty();
  }
}
