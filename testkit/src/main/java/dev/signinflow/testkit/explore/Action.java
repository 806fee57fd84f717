package dev.signinflow.testkit.explore;

import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.Strategy;
import java.util.Optional;

/**
 * One step the explorer can take: a user event with an argument drawn from a small domain, a move
 * of the clock, or a click on an email link. Events are sent in every state, so the steps a state
 * rejects are explored too.
 */
public enum Action {
  /** {@code submitPassword} with the user's identifier and password. */
  SUBMIT_RIGHT_PASSWORD(SignInEvent.SUBMIT_PASSWORD),
  /** {@code submitPassword} with the user's identifier and a wrong password. */
  SUBMIT_WRONG_PASSWORD(SignInEvent.SUBMIT_PASSWORD),
  /** {@code submitPassword} with a blank password. */
  SUBMIT_MALFORMED_PASSWORD(SignInEvent.SUBMIT_PASSWORD),
  /** {@code submitPassword} with a malformed identifier ({@code ada@@example}). */
  SUBMIT_MALFORMED_IDENTIFIER(SignInEvent.SUBMIT_PASSWORD),
  /** {@code resendCode}. */
  RESEND(SignInEvent.RESEND_CODE),
  /**
   * {@code verifyCode} with the right code for the current factor: the last one sent for this
   * sign-in (from the outbox; {@code 424242} for a test identity), the authenticator's code now, or
   * an unused backup code. Taken only when there is one.
   */
  VERIFY_RIGHT_CODE(SignInEvent.VERIFY_CODE),
  /** {@code verifyCode} with a well-formed code that is not the right one. */
  VERIFY_WRONG_CODE(SignInEvent.VERIFY_CODE),
  /** {@code verifyCode} with a malformed code ({@code 12ab}). */
  VERIFY_MALFORMED_CODE(SignInEvent.VERIFY_CODE),
  /**
   * The clock moves past the code's lifetime, then {@code verifyCode} with the code that was right.
   * Taken only for a sent code.
   */
  VERIFY_EXPIRED_CODE(SignInEvent.VERIFY_CODE),
  /** {@code selectFactor(EMAIL_CODE)}. */
  SELECT_EMAIL_CODE(SignInEvent.SELECT_FACTOR),
  /** {@code selectFactor(PHONE_CODE)}. */
  SELECT_PHONE_CODE(SignInEvent.SELECT_FACTOR),
  /** {@code selectFactor(EMAIL_LINK)}. */
  SELECT_EMAIL_LINK(SignInEvent.SELECT_FACTOR),
  /** {@code selectFactor(TOTP)}. */
  SELECT_TOTP(SignInEvent.SELECT_FACTOR),
  /** {@code selectFactor(BACKUP_CODE)}. */
  SELECT_BACKUP_CODE(SignInEvent.SELECT_FACTOR),
  /** {@code refresh}. */
  REFRESH(SignInEvent.REFRESH),
  /** {@code reset}. */
  RESET(SignInEvent.RESET),
  /** {@code finalizeSession}. */
  FINALIZE(SignInEvent.FINALIZE),
  /** {@code signOut}. */
  SIGN_OUT(SignInEvent.SIGN_OUT),
  /** The clock moves past the resend cooldown (the longer of the engine's and the server's). */
  ADVANCE_PAST_COOLDOWN(null),
  /** The clock moves past a code's lifetime. */
  ADVANCE_PAST_CODE_EXPIRY(null),
  /** The clock moves past a sign-in's lifetime: the server abandons it (and lockouts lift). */
  ADVANCE_PAST_SIGN_IN_EXPIRY(null),
  /**
   * The user clicks the last email link sent for the flow's sign-in ({@code
   * FakeClerk.visitEmailLink}). Taken only when there is one.
   */
  CLICK_EMAIL_LINK(null);

  private final SignInEvent event;

  Action(SignInEvent event) {
    this.event = event;
  }

  /** The engine event this step sends; empty for clock moves and link clicks. */
  public Optional<SignInEvent> event() {
    return Optional.ofNullable(event);
  }

  /** The strategy a select step selects. */
  Optional<Strategy> strategy() {
    switch (this) {
      case SELECT_EMAIL_CODE:
        return Optional.of(Strategy.EMAIL_CODE);
      case SELECT_PHONE_CODE:
        return Optional.of(Strategy.PHONE_CODE);
      case SELECT_EMAIL_LINK:
        return Optional.of(Strategy.EMAIL_LINK);
      case SELECT_TOTP:
        return Optional.of(Strategy.TOTP);
      case SELECT_BACKUP_CODE:
        return Optional.of(Strategy.BACKUP_CODE);
      default:
        return Optional.empty();
    }
  }
}
