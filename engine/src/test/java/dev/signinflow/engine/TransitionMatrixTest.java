package dev.signinflow.engine;

import static dev.signinflow.engine.MatrixFixtures.EMAIL;
import static dev.signinflow.engine.MatrixFixtures.OTHER_EMAIL;
import static dev.signinflow.engine.MatrixFixtures.PASSWORD;
import static dev.signinflow.engine.MatrixFixtures.RETRY_AFTER_SEC;
import static dev.signinflow.engine.MatrixFixtures.activate;
import static dev.signinflow.engine.MatrixFixtures.advance;
import static dev.signinflow.engine.MatrixFixtures.alreadySignedIn;
import static dev.signinflow.engine.MatrixFixtures.attempt;
import static dev.signinflow.engine.MatrixFixtures.clientSession;
import static dev.signinflow.engine.MatrixFixtures.clientWith;
import static dev.signinflow.engine.MatrixFixtures.complete;
import static dev.signinflow.engine.MatrixFixtures.completed;
import static dev.signinflow.engine.MatrixFixtures.create;
import static dev.signinflow.engine.MatrixFixtures.emailCodeSent;
import static dev.signinflow.engine.MatrixFixtures.field;
import static dev.signinflow.engine.MatrixFixtures.finalizeSession;
import static dev.signinflow.engine.MatrixFixtures.get;
import static dev.signinflow.engine.MatrixFixtures.getClient;
import static dev.signinflow.engine.MatrixFixtures.global;
import static dev.signinflow.engine.MatrixFixtures.identifying;
import static dev.signinflow.engine.MatrixFixtures.legacyTrustAnswer;
import static dev.signinflow.engine.MatrixFixtures.metaOf;
import static dev.signinflow.engine.MatrixFixtures.mfa;
import static dev.signinflow.engine.MatrixFixtures.mfaAnswer;
import static dev.signinflow.engine.MatrixFixtures.prepare;
import static dev.signinflow.engine.MatrixFixtures.rateLimitedAt;
import static dev.signinflow.engine.MatrixFixtures.refresh;
import static dev.signinflow.engine.MatrixFixtures.removeSession;
import static dev.signinflow.engine.MatrixFixtures.resend;
import static dev.signinflow.engine.MatrixFixtures.resendOk;
import static dev.signinflow.engine.MatrixFixtures.reset;
import static dev.signinflow.engine.MatrixFixtures.select;
import static dev.signinflow.engine.MatrixFixtures.selectSending;
import static dev.signinflow.engine.MatrixFixtures.sessionExists;
import static dev.signinflow.engine.MatrixFixtures.signOut;
import static dev.signinflow.engine.MatrixFixtures.signedInAlready;
import static dev.signinflow.engine.MatrixFixtures.stateAnswer;
import static dev.signinflow.engine.MatrixFixtures.submit;
import static dev.signinflow.engine.MatrixFixtures.trust;
import static dev.signinflow.engine.MatrixFixtures.trustAnswer;
import static dev.signinflow.engine.MatrixFixtures.verify;
import static dev.signinflow.engine.OutcomeKind.CLERK_ERROR;
import static dev.signinflow.engine.OutcomeKind.ILLEGAL_EVENT;
import static dev.signinflow.engine.OutcomeKind.INVALID_INPUT;
import static dev.signinflow.engine.OutcomeKind.NOT_ALLOWED;
import static dev.signinflow.engine.OutcomeKind.RATE_LIMITED;
import static dev.signinflow.engine.OutcomeKind.SIGN_IN_GONE;
import static dev.signinflow.engine.OutcomeKind.SIGN_OUT_REQUIRED;
import static dev.signinflow.engine.OutcomeKind.SUCCESS;
import static dev.signinflow.engine.OutcomeKind.UNAVAILABLE;
import static dev.signinflow.engine.OutcomeKind.UNSUPPORTED_STATUS;
import static dev.signinflow.engine.SignInState.COMPLETE;
import static dev.signinflow.engine.SignInState.IDENTIFYING;
import static dev.signinflow.engine.SignInState.NEEDS_CLIENT_TRUST;
import static dev.signinflow.engine.SignInState.NEEDS_SECOND_FACTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;

import dev.signinflow.engine.MatrixFixtures.Action;
import dev.signinflow.engine.MatrixFixtures.Call;
import dev.signinflow.engine.MatrixFixtures.Case;
import dev.signinflow.engine.MatrixFixtures.Check;
import dev.signinflow.engine.MatrixFixtures.Err;
import dev.signinflow.engine.MatrixFixtures.Harness;
import dev.signinflow.engine.MatrixFixtures.Observed;
import dev.signinflow.engine.MatrixFixtures.Start;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.SignInStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * Every (state, event) pair of the sign-in machine, and for every allowed pair every class of
 * gateway outcome, driven through the real engine over a Mockito mock of {@link
 * dev.signinflow.engine.spi.SignInGateway}. Each case stubs the answers of the calls it expects,
 * then verifies those calls in order with their exact arguments and no other; a rejected pair
 * verifies the gateway saw no interaction at all. The expected table below is written from the
 * specification (DESIGN.md's transition table and the engine semantics), not from the machine's
 * configuration.
 */
@ExtendWith(MockitoExtension.class) // strict stubs: an answer no call used fails the case
class TransitionMatrixTest {

  /** The pairs the specification allows; every other pair is an {@link StepResult.IllegalEvent}. */
  static final Map<SignInState, Set<SignInEvent>> ALLOWED =
      Map.of(
          IDENTIFYING,
          EnumSet.of(SignInEvent.SUBMIT_PASSWORD, SignInEvent.RESET),
          NEEDS_CLIENT_TRUST,
          EnumSet.of(
              SignInEvent.RESEND_CODE,
              SignInEvent.VERIFY_CODE,
              SignInEvent.SELECT_FACTOR,
              SignInEvent.REFRESH,
              SignInEvent.RESET),
          NEEDS_SECOND_FACTOR,
          EnumSet.of(
              SignInEvent.RESEND_CODE,
              SignInEvent.VERIFY_CODE,
              SignInEvent.SELECT_FACTOR,
              SignInEvent.REFRESH,
              SignInEvent.RESET),
          COMPLETE,
          EnumSet.of(SignInEvent.RESET, SignInEvent.FINALIZE, SignInEvent.SIGN_OUT));

  /** Outcome kinds that never carry a retry instant. */
  private static final Set<OutcomeKind> NO_RETRY_AT =
      EnumSet.of(
          SUCCESS,
          INVALID_INPUT,
          ILLEGAL_EVENT,
          CLERK_ERROR,
          SIGN_IN_GONE,
          UNSUPPORTED_STATUS,
          SIGN_OUT_REQUIRED);

  // ============================================================================================
  // The expected table
  // ============================================================================================

  static List<Case> table() {
    List<Case> t = new ArrayList<>();
    rejectedPairs(t);
    identifyingRows(t);
    alreadySignedInRows(t);
    for (SignInState s : List.of(NEEDS_CLIENT_TRUST, NEEDS_SECOND_FACTOR)) {
      resendCode(t, s);
      verifyCode(t, s);
      selectFactor(t, s);
      refreshSignIn(t, s);
      resetCodeState(t, s);
    }
    completedRows(t);
    return t;
  }

  static Stream<Case> cases() {
    return table().stream();
  }

  // ---- The 17 rejected pairs -----------------------------------------------------------------

  private static void rejectedPairs(List<Case> t) {
    for (Action a :
        List.of(
            resend(),
            verify(),
            select(Strategy.EMAIL_CODE),
            refresh(),
            finalizeSession(),
            signOut())) {
      t.add(illegal(identifying(), a));
    }
    // A rejected event is rejected before its input is looked at.
    t.add(illegal(identifying(), verify("")));
    t.add(illegal(trust(Answers.EMAIL_CODE), submit()));
    t.add(illegal(trust(Answers.EMAIL_CODE), finalizeSession()));
    t.add(illegal(trust(Answers.EMAIL_CODE), signOut()));
    t.add(illegal(mfa(Answers.EMAIL_CODE, Answers.EMAIL_CODE), submit()));
    t.add(illegal(mfa(Answers.TOTP, Answers.TOTP), finalizeSession()));
    t.add(illegal(mfa(Answers.TOTP, Answers.TOTP), signOut()));
    for (Action a : List.of(submit(), resend(), verify(), select(Strategy.EMAIL_CODE), refresh())) {
      t.add(illegal(completed(), a));
    }
  }

  private static Case illegal(Start start, Action a) {
    return Case.of(start, a, "rejected, nothing sent, nothing changed")
        .expect(start.state(), ILLEGAL_EVENT)
        .errors(global("event_not_allowed"))
        .viewUnchanged()
        .check(
            "result is IllegalEvent(state, event)",
            o ->
                assertThat(o.result())
                    .isEqualTo(new StepResult.IllegalEvent(start.state(), a.event())));
  }

  // ---- IDENTIFYING ---------------------------------------------------------------------------

  private static void identifyingRows(List<Case> t) {
    // Locally invalid input: a field error, nothing sent.
    t.add(
        invalidSubmit(
            "", PASSWORD, "empty identifier", field(FormField.IDENTIFIER, "form_param_nil")));
    t.add(
        invalidSubmit(
            "   ", PASSWORD, "blank identifier", field(FormField.IDENTIFIER, "form_param_nil")));
    t.add(
        invalidSubmit(
            "a".repeat(257),
            PASSWORD,
            "identifier of 257 characters",
            field(FormField.IDENTIFIER, "form_param_max_length_exceeded")));
    for (String malformed : List.of("not an email@", "+12", "a b")) {
      t.add(
          invalidSubmit(
              malformed,
              PASSWORD,
              "malformed identifier '" + malformed + "'",
              field(FormField.IDENTIFIER, "form_param_format_invalid")));
    }
    t.add(invalidSubmit(EMAIL, "", "blank password", field(FormField.PASSWORD, "form_param_nil")));
    t.add(
        invalidSubmit(
            EMAIL,
            "x".repeat(1025),
            "password of 1025 characters",
            field(FormField.PASSWORD, "form_param_max_length_exceeded")));
    t.add(
        invalidSubmit(
            "",
            "",
            "both blank",
            field(FormField.IDENTIFIER, "form_param_nil"),
            field(FormField.PASSWORD, "form_param_nil")));

    t.add(
        Case.of(identifying(), submit(), "create → complete")
            .calls(create(complete()))
            .expect(COMPLETE, SUCCESS)
            .noErrors());
    t.add(
        Case.of(identifying(), submit(), "create → needs_client_trust, prepare ok")
            .calls(
                create(trustAnswer(Answers.EMAIL_CODE)),
                prepare(Answers.EMAIL_CODE, trustAnswer(Answers.EMAIL_CODE)))
            .expect(NEEDS_CLIENT_TRUST, SUCCESS)
            .noErrors()
            .sendsRemaining(4)
            .resendAvailableAt(30)
            .currentFactor(Strategy.EMAIL_CODE)
            .newDevice(true));
    t.add(
        Case.of(identifying(), submit(), "create → needs_client_trust, prepare → 429")
            .calls(
                create(trustAnswer(Answers.EMAIL_CODE)),
                prepare(Answers.EMAIL_CODE, rateLimitedAt(RETRY_AFTER_SEC)))
            .expect(NEEDS_CLIENT_TRUST, RATE_LIMITED)
            .retryAt(RETRY_AFTER_SEC)
            .sendsRemaining(5));
    t.add(
        Case.of(identifying(), submit(), "create → needs_client_trust, prepare → unavailable")
            .calls(
                create(trustAnswer(Answers.EMAIL_CODE)),
                prepare(Answers.EMAIL_CODE, Answers.unavailable()))
            .expect(NEEDS_CLIENT_TRUST, UNAVAILABLE)
            .errors(global("gateway_unavailable")));
    t.add(
        Case.of(identifying(), submit(), "create → needs_second_factor [totp, phone_code]")
            .calls(create(mfaAnswer(Answers.TOTP, Answers.PHONE_CODE)))
            .expect(NEEDS_SECOND_FACTOR, SUCCESS)
            .noErrors()
            .currentFactor(Strategy.TOTP));
    t.add(
        Case.of(identifying(), submit(), "create → needs_second_factor [email_code, phone_code]")
            .calls(
                create(mfaAnswer(Answers.EMAIL_CODE, Answers.PHONE_CODE)),
                prepare(Answers.PHONE_CODE, mfaAnswer(Answers.EMAIL_CODE, Answers.PHONE_CODE)))
            .expect(NEEDS_SECOND_FACTOR, SUCCESS)
            .noErrors()
            .currentFactor(Strategy.PHONE_CODE));
    t.add(
        Case.of(identifying(), submit(), "create → needs_second_factor [email_code, backup_code]")
            .calls(
                create(mfaAnswer(Answers.EMAIL_CODE, Answers.BACKUP_CODE)),
                prepare(Answers.EMAIL_CODE, mfaAnswer(Answers.EMAIL_CODE, Answers.BACKUP_CODE)))
            .expect(NEEDS_SECOND_FACTOR, SUCCESS)
            .noErrors()
            .currentFactor(Strategy.EMAIL_CODE));
    t.add(
        Case.of(identifying(), submit(), "create → needs_second_factor [backup_code]")
            .calls(create(mfaAnswer(Answers.BACKUP_CODE)))
            .expect(NEEDS_SECOND_FACTOR, SUCCESS)
            .noErrors()
            .currentFactor(Strategy.BACKUP_CODE));
    t.add(
        Case.of(
                identifying(),
                submit(),
                "legacy: create → needs_second_factor, client_trust_state=new [email_code]")
            .calls(
                create(legacyTrustAnswer(Answers.EMAIL_CODE)),
                prepare(Answers.EMAIL_CODE, legacyTrustAnswer(Answers.EMAIL_CODE)))
            .expect(NEEDS_SECOND_FACTOR, SUCCESS)
            .noErrors()
            .currentFactor(Strategy.EMAIL_CODE)
            .newDevice(true));
    for (String raw : List.of("needs_new_password", "brand_new_status")) {
      t.add(
          Case.of(identifying(), submit(), "create → status " + raw)
              .calls(create(Answers.unknownStatus(raw)))
              .expect(IDENTIFYING, UNSUPPORTED_STATUS)
              .errors(global("unsupported_status"))
              .check("meta status=" + raw, unsupportedStatusMeta(raw)));
    }
    t.add(
        Case.of(identifying(), submit(), "create → 422 form_password_incorrect")
            .calls(create(Answers.passwordIncorrect()))
            .expect(IDENTIFYING, CLERK_ERROR)
            .errors(field(FormField.PASSWORD, "form_password_incorrect")));
    t.add(
        Case.of(identifying(), submit(), "create → 422 form_identifier_not_found")
            .calls(create(Answers.rejected(422, "form_identifier_not_found", "identifier")))
            .expect(IDENTIFYING, CLERK_ERROR)
            .errors(field(FormField.IDENTIFIER, "form_identifier_not_found")));
    t.add(
        Case.of(identifying(), submit(), "create → 403 user_locked")
            .calls(create(Answers.rejected(403, "user_locked", null)))
            .expect(IDENTIFYING, CLERK_ERROR)
            .errors(global("user_locked")));
    t.add(
        Case.of(identifying(), submit(), "create → 429")
            .calls(create(rateLimitedAt(RETRY_AFTER_SEC)))
            .expect(IDENTIFYING, RATE_LIMITED)
            .retryAt(RETRY_AFTER_SEC));
    t.add(
        Case.of(identifying(), submit(), "create → unavailable")
            .calls(create(Answers.unavailable()))
            .expect(IDENTIFYING, UNAVAILABLE)
            .errors(global("gateway_unavailable")));

    t.add(
        Case.of(identifying(), reset(), "stays, nothing sent")
            .expect(IDENTIFYING, SUCCESS)
            .noErrors()
            .viewCleared());
  }

  // ---- IDENTIFYING × SUBMIT_PASSWORD on a device that is signed in already -------------------

  private static void alreadySignedInRows(List<Case> t) {
    ClientSession own = clientSession("sess_own", EMAIL, SessionStatus.ACTIVE);
    ClientSession other = clientSession("sess_other", OTHER_EMAIL, SessionStatus.ACTIVE);
    t.add(
        Case.of(identifying(), submit(), "create → 400 identifier_already_signed_in [sess_own]")
            .calls(create(alreadySignedIn("sess_own")))
            .expect(COMPLETE, SUCCESS)
            .noErrors()
            .check("completes with the existing session, no sign-in", completedWith("sess_own")));
    t.add(
        Case.of(
                identifying(),
                submit(),
                "create → 400 identifier_already_signed_in without meta.session_id")
            .calls(create(alreadySignedIn(null)))
            .expect(IDENTIFYING, CLERK_ERROR)
            .errors(global("identifier_already_signed_in")));
    t.add(
        Case.of(identifying(), submit(), "create → 400 session_exists, client: this user's")
            .calls(create(sessionExists()), getClient(clientWith(own)))
            .expect(COMPLETE, SUCCESS)
            .noErrors()
            .check("completes with the existing session, no sign-in", completedWith("sess_own")));
    t.add(
        Case.of(
                identifying(),
                submit(),
                "create → 400 session_exists, client: another user's active, this user's too")
            .calls(create(sessionExists()), getClient(clientWith(other, own)))
            .expect(COMPLETE, SUCCESS)
            .noErrors()
            .check("completes with this user's session", completedWith("sess_own")));
    t.add(
        Case.of(identifying(), submit(), "create → 400 session_exists, client: another user's")
            .calls(create(sessionExists()), getClient(clientWith(other)))
            .expect(IDENTIFYING, SIGN_OUT_REQUIRED)
            .errors(global("sign_out_required"))
            .viewCleared()
            .check(
                "names neither the other user nor the session; keeps Clerk's trace id",
                o -> {
                  ClerkError e = o.result().errors().all().get(0);
                  assertThat(e.toString()).doesNotContain("sess_other", "grace", OTHER_EMAIL);
                  assertThat(e.traceId()).contains("trace_stub");
                  assertThat(o.after().sessionId()).isEmpty();
                }));
    t.add(
        Case.of(identifying(), submit(), "create → 400 session_exists, client: ended session")
            .calls(
                create(sessionExists()),
                getClient(clientWith(clientSession("sess_own", EMAIL, SessionStatus.ENDED))))
            .expect(IDENTIFYING, CLERK_ERROR)
            .errors(global("session_exists")));
    t.add(
        Case.of(identifying(), submit(), "create → 400 session_exists, client → 429")
            .calls(create(sessionExists()), getClient(rateLimitedAt(RETRY_AFTER_SEC)))
            .expect(IDENTIFYING, RATE_LIMITED)
            .retryAt(RETRY_AFTER_SEC));
    t.add(
        Case.of(identifying(), submit(), "create → 400 session_exists, client → unavailable")
            .calls(create(sessionExists()), getClient(Answers.unavailable()))
            .expect(IDENTIFYING, UNAVAILABLE)
            .errors(global("gateway_unavailable")));
  }

  private static Consumer<Observed> completedWith(String sessionId) {
    return o -> {
      assertThat(o.after().sessionId()).contains(sessionId);
      assertThat(o.after().signInId()).isEmpty();
      assertThat(o.after().identifier()).contains(EMAIL);
    };
  }

  private static Case invalidSubmit(String id, String pw, String what, Err... errs) {
    return Case.of(identifying(), submit(id, pw), what + " → field error")
        .expect(IDENTIFYING, INVALID_INPUT)
        .errors(errs);
  }

  // ---- NEEDS_CLIENT_TRUST / NEEDS_SECOND_FACTOR: RESEND_CODE ----------------------------------

  private static void resendCode(List<Case> t, SignInState s) {
    Factor e = Answers.EMAIL_CODE;
    t.add(
        Case.of(emailCodeSent(s), resend(), "within the cooldown → refused")
            .before(advance(10))
            .expect(s, NOT_ALLOWED)
            .errors(global("resend_cooldown"))
            .retryAt(30)
            .resendAvailableAt(30)
            .sendsRemaining(4));
    t.add(
        Case.of(emailCodeSent(s), resend(), "after the cooldown → sent")
            .before(advance(31))
            .calls(prepare(e, stateAnswer(s, e)))
            .expect(s, SUCCESS)
            .noErrors()
            .sendsRemaining(3)
            .resendAvailableAt(31 + 30));
    Case limit =
        Case.of(emailCodeSent(s), resend(), "after 5 sends → limit reached")
            .expect(s, NOT_ALLOWED)
            .errors(global("resend_limit_reached"))
            .sendsRemaining(0)
            .noResendAvailableAt();
    for (int i = 0; i < 4; i++) {
      limit.before(resendOk(s, e));
    }
    t.add(limit.before(advance(31)));
    if (s == NEEDS_SECOND_FACTOR) {
      t.add(
          Case.of(mfa(Answers.TOTP, Answers.TOTP, Answers.PHONE_CODE), resend(), "totp → refused")
              .expect(s, NOT_ALLOWED)
              .errors(global("factor_not_resendable"))
              .noResendAvailableAt());
      t.add(
          Case.of(mfa(Answers.BACKUP_CODE, Answers.BACKUP_CODE), resend(), "backup_code → refused")
              .expect(s, NOT_ALLOWED)
              .errors(global("factor_not_resendable"))
              .noResendAvailableAt());
    }
    t.add(
        Case.of(emailCodeSent(s), resend(), "prepare → 429 → cooldown moved to Retry-After")
            .before(advance(31))
            .calls(prepare(e, rateLimitedAt(31 + RETRY_AFTER_SEC)))
            .expect(s, RATE_LIMITED)
            .retryAt(31 + RETRY_AFTER_SEC)
            .resendAvailableAt(31 + RETRY_AFTER_SEC)
            .sendsRemaining(4));
    t.add(
        gone(
                emailCodeSent(s),
                resend(),
                "prepare → 403 resource_forbidden",
                prepare(e, Answers.gone()))
            .before(advance(31))
            .expect(IDENTIFYING, SIGN_IN_GONE));
    t.add(
        gone(
                emailCodeSent(s),
                resend(),
                "prepare → 404 resource_not_found",
                prepare(e, Answers.notFound()))
            .before(advance(31))
            .expect(IDENTIFYING, SIGN_IN_GONE));
    t.add(
        Case.of(emailCodeSent(s), resend(), "prepare → 400 strategy_for_user_invalid")
            .before(advance(31))
            .calls(prepare(e, Answers.rejected(400, "strategy_for_user_invalid", null)))
            .expect(s, CLERK_ERROR)
            .errors(global("strategy_for_user_invalid")));
    t.add(
        Case.of(emailCodeSent(s), resend(), "prepare → unavailable")
            .before(advance(31))
            .calls(prepare(e, Answers.unavailable()))
            .expect(s, UNAVAILABLE)
            .errors(global("gateway_unavailable")));
  }

  // ---- NEEDS_CLIENT_TRUST / NEEDS_SECOND_FACTOR: VERIFY_CODE ----------------------------------

  private static void verifyCode(List<Case> t, SignInState s) {
    Factor e = Answers.EMAIL_CODE;
    for (String blank : List.of("", "   ")) {
      t.add(
          Case.of(emailCodeSent(s), verify(blank), "blank code → field error")
              .expect(s, INVALID_INPUT)
              .errors(field(FormField.CODE, "form_param_nil")));
    }
    for (String malformed : List.of("12ab56", "1234567", "12345")) {
      t.add(
          Case.of(emailCodeSent(s), verify(malformed), "malformed code → field error")
              .expect(s, INVALID_INPUT)
              .errors(field(FormField.CODE, "form_param_format_invalid")));
    }
    Start link =
        s == NEEDS_CLIENT_TRUST
            ? trust(Answers.EMAIL_LINK)
            : mfa(Answers.EMAIL_LINK, Answers.EMAIL_LINK);
    t.add(
        Case.of(link, verify(), "current factor email_link → no code expected")
            .emailLinkRedirect()
            .expect(s, INVALID_INPUT)
            .errors(global("code_not_expected")));
    t.add(
        Case.of(emailCodeSent(s), verify("123 456"), "attempt → complete")
            .calls(attempt(Strategy.EMAIL_CODE, "123456", complete()))
            .expect(COMPLETE, SUCCESS)
            .noErrors());
    t.add(
        Case.of(emailCodeSent(s), verify("123-456"), "attempt → 422 form_code_incorrect")
            .calls(attempt(Strategy.EMAIL_CODE, "123456", Answers.codeIncorrect()))
            .expect(s, CLERK_ERROR)
            .errors(field(FormField.CODE, "form_code_incorrect")));
    t.add(
        Case.of(emailCodeSent(s), verify(), "attempt → 400 verification_expired")
            .calls(attempt(Strategy.EMAIL_CODE, "123456", Answers.verificationExpired()))
            .expect(s, CLERK_ERROR)
            .errors(global("verification_expired")));
    t.add(
        Case.of(emailCodeSent(s), verify(), "attempt → 400 verification_failed")
            .calls(attempt(Strategy.EMAIL_CODE, "123456", Answers.verificationFailed()))
            .expect(s, CLERK_ERROR)
            .errors(global("verification_failed")));
    t.add(
        Case.of(emailCodeSent(s), verify(), "attempt → 429")
            .calls(attempt(Strategy.EMAIL_CODE, "123456", rateLimitedAt(RETRY_AFTER_SEC)))
            .expect(s, RATE_LIMITED)
            .retryAt(RETRY_AFTER_SEC));
    t.add(
        gone(
                emailCodeSent(s),
                verify(),
                "attempt → 403 resource_forbidden",
                attempt(Strategy.EMAIL_CODE, "123456", Answers.gone()))
            .expect(IDENTIFYING, SIGN_IN_GONE));
    t.add(
        gone(
                emailCodeSent(s),
                verify(),
                "attempt → 404 resource_not_found",
                attempt(Strategy.EMAIL_CODE, "123456", Answers.notFound()))
            .expect(IDENTIFYING, SIGN_IN_GONE));
    t.add(
        Case.of(emailCodeSent(s), verify(), "attempt → unavailable")
            .calls(attempt(Strategy.EMAIL_CODE, "123456", Answers.unavailable()))
            .expect(s, UNAVAILABLE)
            .errors(global("gateway_unavailable")));
    t.add(
        Case.of(emailCodeSent(s), verify(), "attempt → ok, status unchanged")
            .calls(attempt(Strategy.EMAIL_CODE, "123456", stateAnswer(s, e)))
            .expect(s, SUCCESS)
            .noErrors());
    t.add(
        Case.of(emailCodeSent(s), verify(), "attempt → ok, status brand_new_status")
            .calls(
                attempt(Strategy.EMAIL_CODE, "123456", Answers.unknownStatus("brand_new_status")))
            .expect(s, UNSUPPORTED_STATUS)
            .errors(global("unsupported_status"))
            .check("meta status=brand_new_status", unsupportedStatusMeta("brand_new_status")));
    if (s == NEEDS_SECOND_FACTOR) {
      t.add(
          Case.of(mfa(Answers.TOTP, Answers.TOTP), verify("654 321"), "totp → complete")
              .calls(attempt(Strategy.TOTP, "654321", complete()))
              .expect(COMPLETE, SUCCESS)
              .noErrors());
      Start backup = mfa(Answers.BACKUP_CODE, Answers.BACKUP_CODE);
      t.add(
          Case.of(backup, verify("abc123"), "backup code of 6 → complete")
              .calls(attempt(Strategy.BACKUP_CODE, "abc123", complete()))
              .expect(COMPLETE, SUCCESS)
              .noErrors());
      String b32 = "a1".repeat(16);
      t.add(
          Case.of(backup, verify(b32), "backup code of 32 → complete")
              .calls(attempt(Strategy.BACKUP_CODE, b32, complete()))
              .expect(COMPLETE, SUCCESS)
              .noErrors());
      for (String bad : List.of("abc12", "a".repeat(33), "abc!23")) {
        t.add(
            Case.of(backup, verify(bad), "malformed backup code → field error")
                .expect(s, INVALID_INPUT)
                .errors(field(FormField.CODE, "form_param_format_invalid")));
      }
    }
  }

  // ---- NEEDS_CLIENT_TRUST / NEEDS_SECOND_FACTOR: SELECT_FACTOR --------------------------------

  private static void selectFactor(List<Case> t, SignInState s) {
    Factor e = Answers.EMAIL_CODE;
    Factor p = Answers.PHONE_CODE;
    Factor totp = Answers.TOTP;
    t.add(
        Case.of(emailCodeSent(s), select(Strategy.BACKUP_CODE), "not offered → refused")
            .expect(s, NOT_ALLOWED)
            .errors(global("factor_not_found"))
            .currentFactor(Strategy.EMAIL_CODE));
    if (s == NEEDS_CLIENT_TRUST) {
      t.add(
          Case.of(trust(e, totp), select(Strategy.TOTP), "offered totp → switched, nothing sent")
              .expect(s, SUCCESS)
              .noErrors()
              .currentFactor(Strategy.TOTP));
    } else {
      t.add(
          Case.of(
                  mfa(totp, totp, p),
                  select(Strategy.TOTP),
                  "back to offered totp → switched, nothing sent")
              .before(selectSending(s, Strategy.PHONE_CODE, totp, p))
              .expect(s, SUCCESS)
              .noErrors()
              .currentFactor(Strategy.TOTP));
    }
    // A start where a second code factor is offered but has never been sent.
    Start oneUnsent = s == NEEDS_CLIENT_TRUST ? trust(e, p) : mfa(totp, totp, p);
    Factor[] offered = s == NEEDS_CLIENT_TRUST ? new Factor[] {e, p} : new Factor[] {totp, p};
    int sendsBefore = s == NEEDS_CLIENT_TRUST ? 4 : 5;
    t.add(
        Case.of(oneUnsent, select(Strategy.PHONE_CODE), "code factor never sent → sent")
            .calls(prepare(p, stateAnswer(s, offered)))
            .expect(s, SUCCESS)
            .noErrors()
            .currentFactor(Strategy.PHONE_CODE)
            .sendsRemaining(sendsBefore - 1)
            .resendAvailableAt(30));
    // Both code factors sent, the first at T0, the other at T0+5 s. The server keeps one
    // verification per sign-in, so the first code died when the other was prepared: switching
    // back needs a new send, which its cooldown (until T0+30 s) refuses; the flow stays put.
    Start bothCodes = s == NEEDS_CLIENT_TRUST ? trust(e, p) : mfa(p, e, p);
    Strategy other = s == NEEDS_CLIENT_TRUST ? Strategy.PHONE_CODE : Strategy.EMAIL_CODE;
    Factor backFactor = s == NEEDS_CLIENT_TRUST ? e : p;
    Strategy back = backFactor.strategy();
    t.add(
        Case.of(bothCodes, select(back), "back to a replaced code within its cooldown → refused")
            .before(advance(5))
            .before(selectSending(s, other, e, p))
            .before(advance(5))
            .expect(s, NOT_ALLOWED)
            .errors(global("resend_cooldown"))
            .retryAt(30)
            .currentFactor(other)
            .sendsRemaining(3));
    t.add(
        Case.of(bothCodes, select(back), "back to a replaced code after its cooldown → sent")
            .before(advance(5))
            .before(selectSending(s, other, e, p))
            .before(advance(26))
            .calls(prepare(backFactor, stateAnswer(s, e, p)))
            .expect(s, SUCCESS)
            .noErrors()
            .currentFactor(back)
            .sendsRemaining(2));
    t.add(
        gone(
                oneUnsent,
                select(Strategy.PHONE_CODE),
                "prepare → 403 resource_forbidden",
                prepare(p, Answers.gone()))
            .expect(IDENTIFYING, SIGN_IN_GONE));
    t.add(
        gone(
                oneUnsent,
                select(Strategy.PHONE_CODE),
                "prepare → 404 resource_not_found",
                prepare(p, Answers.notFound()))
            .expect(IDENTIFYING, SIGN_IN_GONE));
    t.add(
        Case.of(oneUnsent, select(Strategy.PHONE_CODE), "prepare → 429")
            .calls(prepare(p, rateLimitedAt(RETRY_AFTER_SEC)))
            .expect(s, RATE_LIMITED)
            .retryAt(RETRY_AFTER_SEC));
    // Not spelled out for SELECT_FACTOR; DESIGN.md's rule for every event: stay, typed error.
    t.add(
        Case.of(oneUnsent, select(Strategy.PHONE_CODE), "prepare → 400 strategy_for_user_invalid")
            .calls(prepare(p, Answers.rejected(400, "strategy_for_user_invalid", null)))
            .expect(s, CLERK_ERROR)
            .errors(global("strategy_for_user_invalid")));
    t.add(
        Case.of(oneUnsent, select(Strategy.PHONE_CODE), "prepare → unavailable")
            .calls(prepare(p, Answers.unavailable()))
            .expect(s, UNAVAILABLE)
            .errors(global("gateway_unavailable")));
  }

  // ---- NEEDS_CLIENT_TRUST / NEEDS_SECOND_FACTOR: REFRESH --------------------------------------

  private static void refreshSignIn(List<Case> t, SignInState s) {
    Factor e = Answers.EMAIL_CODE;
    t.add(
        Case.of(emailCodeSent(s), refresh(), "get → complete")
            .calls(get(complete()))
            .expect(COMPLETE, SUCCESS)
            .noErrors());
    t.add(
        Case.of(emailCodeSent(s), refresh(), "get → unchanged")
            .calls(get(stateAnswer(s, e)))
            .expect(s, SUCCESS)
            .noErrors());
    t.add(
        gone(emailCodeSent(s), refresh(), "get → 403 resource_forbidden", get(Answers.gone()))
            .expect(IDENTIFYING, SIGN_IN_GONE));
    t.add(
        gone(emailCodeSent(s), refresh(), "get → 404 resource_not_found", get(Answers.notFound()))
            .expect(IDENTIFYING, SIGN_IN_GONE));
    t.add(
        Case.of(emailCodeSent(s), refresh(), "get → status brand_new_status")
            .calls(get(Answers.unknownStatus("brand_new_status")))
            .expect(s, UNSUPPORTED_STATUS)
            .errors(global("unsupported_status"))
            .check("meta status=brand_new_status", unsupportedStatusMeta("brand_new_status")));
    SignInStatus otherKnown =
        s == NEEDS_CLIENT_TRUST
            ? SignInStatus.NEEDS_SECOND_FACTOR
            : SignInStatus.NEEDS_CLIENT_TRUST;
    t.add(
        Case.of(emailCodeSent(s), refresh(), "get → other status " + otherKnown.wireName())
            .calls(get(Answers.signIn(otherKnown, e)))
            .expect(s, UNSUPPORTED_STATUS)
            .errors(global("unsupported_status"))
            .check(
                "meta status=" + otherKnown.wireName(),
                unsupportedStatusMeta(otherKnown.wireName())));
    t.add(
        Case.of(emailCodeSent(s), refresh(), "get → 429")
            .calls(get(rateLimitedAt(RETRY_AFTER_SEC)))
            .expect(s, RATE_LIMITED)
            .retryAt(RETRY_AFTER_SEC));
    t.add(
        Case.of(emailCodeSent(s), refresh(), "get → unavailable")
            .calls(get(Answers.unavailable()))
            .expect(s, UNAVAILABLE)
            .errors(global("gateway_unavailable")));
    // Not spelled out for REFRESH; DESIGN.md's rule for every event: stay, typed error.
    t.add(
        Case.of(emailCodeSent(s), refresh(), "get → 400 request_invalid")
            .calls(get(Answers.rejected(400, "request_invalid", null)))
            .expect(s, CLERK_ERROR)
            .errors(global("request_invalid")));
  }

  // ---- NEEDS_CLIENT_TRUST / NEEDS_SECOND_FACTOR: RESET ----------------------------------------

  private static void resetCodeState(List<Case> t, SignInState s) {
    t.add(
        Case.of(emailCodeSent(s), reset(), "back to identifying, token kept")
            .expect(IDENTIFYING, SUCCESS)
            .noErrors()
            .viewCleared()
            .check("the next CREATE carries the device's token", nextCreateCarriesToken()));
  }

  // ---- COMPLETE ------------------------------------------------------------------------------

  private static void completedRows(List<Case> t) {
    t.add(
        Case.of(completed(), finalizeSession(), "activate → active")
            .calls(activate(Answers.session(SessionStatus.ACTIVE)))
            .expect(COMPLETE, SUCCESS)
            .noErrors()
            .check(
                "session active",
                o -> {
                  assertThat(o.after().session().map(Session::id)).contains(Answers.SESSION_ID);
                  assertThat(o.after().session().map(Session::status))
                      .contains(SessionStatus.ACTIVE);
                }));
    t.add(
        Case.of(completed(), finalizeSession(), "activate → pending [choose-organization]")
            .calls(
                activate(Answers.session(SessionStatus.PENDING, SessionTask.CHOOSE_ORGANIZATION)))
            .expect(COMPLETE, SUCCESS)
            .noErrors()
            .check(
                "session pending with choose-organization",
                o -> {
                  assertThat(o.after().session().map(Session::status))
                      .contains(SessionStatus.PENDING);
                  assertThat(o.after().session().map(Session::tasks))
                      .contains(List.of(SessionTask.CHOOSE_ORGANIZATION));
                }));
    t.add(
        Case.of(completed(), finalizeSession(), "activate → 400 session_exists")
            .calls(activate(Answers.rejected(400, "session_exists", null)))
            .expect(COMPLETE, CLERK_ERROR)
            .errors(global("session_exists")));
    t.add(
        Case.of(completed(), finalizeSession(), "activate → 404 resource_not_found")
            .calls(activate(Answers.notFound()))
            .expect(COMPLETE, CLERK_ERROR)
            .errors(global("resource_not_found")));
    t.add(
        Case.of(completed(), finalizeSession(), "activate → 429")
            .calls(activate(rateLimitedAt(RETRY_AFTER_SEC)))
            .expect(COMPLETE, RATE_LIMITED)
            .retryAt(RETRY_AFTER_SEC));
    t.add(
        Case.of(completed(), finalizeSession(), "activate → unavailable")
            .calls(activate(Answers.unavailable()))
            .expect(COMPLETE, UNAVAILABLE)
            .errors(global("gateway_unavailable")));
    t.add(
        Case.of(completed(), reset(), "back to identifying, token kept")
            .expect(IDENTIFYING, SUCCESS)
            .noErrors()
            .viewCleared()
            .check("the next CREATE carries the device's token", nextCreateCarriesToken()));
    t.add(
        Case.of(signedInAlready(), finalizeSession(), "existing session: activate → active")
            .calls(activate(Answers.session(SessionStatus.ACTIVE)))
            .expect(COMPLETE, SUCCESS)
            .noErrors()
            .check(
                "the existing session is the flow's",
                o ->
                    assertThat(o.after().session().map(Session::id)).contains(Answers.SESSION_ID)));

    // SIGN_OUT: remove the flow's session (clerk-js's signOut({sessionId})), keep the token.
    t.add(
        Case.of(completed(), signOut(), "remove → removed")
            .calls(removeSession(Answers.session(SessionStatus.REMOVED)))
            .expect(IDENTIFYING, SUCCESS)
            .noErrors()
            .viewCleared()
            .check("no session left in the view", o -> assertThat(o.after().sessionId()).isEmpty())
            .check("the next CREATE carries the device's token", nextCreateCarriesToken()));
    t.add(
        Case.of(signedInAlready(), signOut(), "existing session: remove → removed")
            .calls(removeSession(Answers.session(SessionStatus.REMOVED)))
            .expect(IDENTIFYING, SUCCESS)
            .noErrors()
            .viewCleared());
    t.add(
        Case.of(completed(), signOut(), "remove → 404 resource_not_found: gone already")
            .calls(removeSession(Answers.notFound()))
            .expect(IDENTIFYING, SUCCESS)
            .noErrors()
            .viewCleared()
            .check("the next CREATE carries the device's token", nextCreateCarriesToken()));
    t.add(
        Case.of(completed(), signOut(), "remove → 401 signed_out: gone already")
            .calls(removeSession(Answers.rejected(401, "signed_out", null)))
            .expect(IDENTIFYING, SUCCESS)
            .noErrors()
            .viewCleared());
    t.add(
        Case.of(completed(), signOut(), "remove → 400 invalid_action_for_session")
            .calls(removeSession(Answers.rejected(400, "invalid_action_for_session", null)))
            .expect(COMPLETE, CLERK_ERROR)
            .errors(global("invalid_action_for_session"))
            .check("still the session", o -> assertThat(o.after().sessionId()).isPresent()));
    t.add(
        Case.of(completed(), signOut(), "remove → 429")
            .calls(removeSession(rateLimitedAt(RETRY_AFTER_SEC)))
            .expect(COMPLETE, RATE_LIMITED)
            .retryAt(RETRY_AFTER_SEC)
            .check("still the session", o -> assertThat(o.after().sessionId()).isPresent()));
    t.add(
        Case.of(completed(), signOut(), "remove → unavailable")
            .calls(removeSession(Answers.unavailable()))
            .expect(COMPLETE, UNAVAILABLE)
            .errors(global("gateway_unavailable"))
            .viewUnchanged());
  }

  // ---- Row helpers ---------------------------------------------------------------------------

  /** The sign-in is gone: back to identifying, the view forgets it, an error says why. */
  private static Case gone(Start start, Action a, String what, Call call) {
    return Case.of(start, a, what + " → gone")
        .calls(call)
        .viewCleared()
        .check("reports an error", o -> assertThat(o.result().errors().isEmpty()).isFalse());
  }

  private static Consumer<Observed> unsupportedStatusMeta(String raw) {
    return o -> assertThat(metaOf(o.result(), "unsupported_status")).containsEntry("status", raw);
  }

  private static Consumer<Observed> nextCreateCarriesToken() {
    return o -> {
      Harness h = o.harness();
      h.step(
          "the next submit",
          List.of(create(Optional.of(Answers.TOKEN), complete())),
          () -> h.flow.submitPassword(MatrixFixtures.CONTEXT, EMAIL, PASSWORD));
    };
  }

  // ============================================================================================
  // The tests
  // ============================================================================================

  @Test
  void tableCoversAllThirtyTwoPairs() {
    Set<String> covered = new HashSet<>();
    for (Case c : table()) {
      covered.add(c.from() + "×" + c.event());
    }
    Set<String> all = new HashSet<>();
    for (SignInState s : SignInState.values()) {
      for (SignInEvent e : SignInEvent.values()) {
        all.add(s + "×" + e);
      }
    }
    assertThat(all).hasSize(32);
    assertThat(covered).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void tableRejectsExactlyThePairsTheSpecificationForbids() {
    int allowed = 0;
    for (SignInState s : SignInState.values()) {
      allowed += ALLOWED.get(s).size();
    }
    assertThat(allowed).isEqualTo(15);
    for (Case c : table()) {
      boolean isAllowed = ALLOWED.get(c.from()).contains(c.event());
      assertThat(c.kind == ILLEGAL_EVENT).as(c.toString()).isEqualTo(!isAllowed);
    }
  }

  @Test
  void everyAllowedPairWithAGatewayCallHasEveryOutcomeClass() {
    // For each allowed pair that calls the gateway, the table has a success, a Clerk rejection,
    // a rate limit and an unavailable answer.
    Map<SignInState, Set<SignInEvent>> calling =
        Map.of(
            IDENTIFYING, EnumSet.of(SignInEvent.SUBMIT_PASSWORD),
            NEEDS_CLIENT_TRUST,
                EnumSet.of(
                    SignInEvent.RESEND_CODE,
                    SignInEvent.VERIFY_CODE,
                    SignInEvent.SELECT_FACTOR,
                    SignInEvent.REFRESH),
            NEEDS_SECOND_FACTOR,
                EnumSet.of(
                    SignInEvent.RESEND_CODE,
                    SignInEvent.VERIFY_CODE,
                    SignInEvent.SELECT_FACTOR,
                    SignInEvent.REFRESH),
            COMPLETE, EnumSet.of(SignInEvent.FINALIZE, SignInEvent.SIGN_OUT));
    List<Case> table = table();
    calling.forEach(
        (s, events) -> {
          for (SignInEvent e : events) {
            Set<OutcomeKind> kinds = EnumSet.noneOf(OutcomeKind.class);
            for (Case c : table) {
              if (c.from() == s && c.event() == e && !c.calls.isEmpty()) {
                kinds.add(c.kind);
              }
            }
            assertThat(kinds)
                .as("%s × %s", s, e)
                .contains(SUCCESS, CLERK_ERROR, RATE_LIMITED, UNAVAILABLE);
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matrix(Case c) {
    Harness h = new Harness(c.emailLinkRedirect);
    c.start.run().accept(h);
    assertThat(h.flow.state()).as("starting state").isEqualTo(c.from());
    for (Consumer<Harness> step : c.before) {
      step.accept(h);
    }
    clearInvocations(h.gateway);
    h.answer(c.calls);

    FlowView before = h.flow.view();
    StepResult r = c.action.run().apply(h.flow);
    FlowView after = h.flow.view();
    Observed o = new Observed(h, r, before, after);

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(r.event()).as("event").isEqualTo(c.event());
    soft.assertThat(r.state()).as("next state (result)").isEqualTo(c.next);
    soft.assertThat(h.flow.state()).as("next state (flow)").isEqualTo(c.next);
    soft.assertThat(after.state()).as("next state (view)").isEqualTo(c.next);
    soft.assertThat(r.kind()).as("kind (errors %s)", r.errors()).isEqualTo(c.kind);
    // Every call with its arguments, in order, and no other; a rejected pair: no interaction.
    soft.check(() -> labelled("gateway calls", () -> h.verifyCalls(c.calls)));

    if (c.errors != null) {
      soft.assertThat(grouped(r.errors()))
          .as("errors by field (all: %s)", r.errors())
          .containsExactlyInAnyOrderElementsOf(c.errors);
      soft.assertThat(r.errors().all()).as("no ungrouped error").hasSize(c.errors.size());
    }
    if (c.kind == CLERK_ERROR) {
      soft.assertThat(r.errors().all())
          .as("Clerk's errors kept with their trace id")
          .allSatisfy(e -> assertThat(e.traceId()).contains("trace_stub"));
    }
    if (c.retryAtSec != null) {
      soft.assertThat(r.retryAt()).as("retryAt").isEqualTo(c.retryAtSec.map(MatrixFixtures::at));
    } else if (NO_RETRY_AT.contains(c.kind)) {
      soft.assertThat(r.retryAt()).as("retryAt").isEmpty();
    }
    if (c.sendsRemaining != null) {
      soft.assertThat(after.sendsRemaining()).as("sendsRemaining").isEqualTo(c.sendsRemaining);
    }
    if (c.resendAvailableAtSec != null) {
      soft.assertThat(after.resendAvailableAt())
          .as("resendAvailableAt")
          .isEqualTo(c.resendAvailableAtSec.map(MatrixFixtures::at));
    }
    if (c.currentFactor != null) {
      soft.assertThat(after.currentFactor().map(Factor::strategy))
          .as("current factor")
          .contains(c.currentFactor);
    }
    if (c.newDevice != null) {
      soft.assertThat(after.newDevice()).as("newDevice").isEqualTo(c.newDevice);
    }
    if (c.viewCleared) {
      soft.assertThat(after.signInId()).as("view cleared: signInId").isEmpty();
      soft.assertThat(after.currentFactor()).as("view cleared: currentFactor").isEmpty();
      soft.assertThat(after.offeredFactors()).as("view cleared: offeredFactors").isEmpty();
    }
    if (c.viewUnchanged) {
      soft.assertThat(after).as("view unchanged").isEqualTo(before);
    }
    for (Check check : c.checks) {
      soft.check(() -> labelled(check.label(), () -> check.run().accept(o)));
    }
    // The build log names a case by its index only; the message names it by its row.
    labelled(c.toString(), soft::assertAll);
  }

  /** Runs a check; its failure message starts with the label. */
  private static void labelled(String label, Runnable check) {
    try {
      check.run();
    } catch (AssertionError e) {
      throw new AssertionError(label + ": " + e.getMessage(), e);
    }
  }

  /** Each error as the UI groups it: on a field, or global. */
  private static List<Err> grouped(FlowErrors errors) {
    List<Err> out = new ArrayList<>();
    for (FormField f : FormField.values()) {
      errors.field(f).forEach(e -> out.add(new Err(e.code(), f)));
    }
    errors.global().forEach(e -> out.add(new Err(e.code(), null)));
    return out;
  }
}
