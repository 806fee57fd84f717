package dev.signinflow.engine;

/** What kind of thing happened in one step. */
public enum OutcomeKind {
  /** The step did what was asked. */
  SUCCESS,
  /** The input was blank or malformed; nothing was sent. */
  INVALID_INPUT,
  /**
   * A local rule refused the step (resend cooldown or limit, factor not offered or not resendable);
   * nothing was sent.
   */
  NOT_ALLOWED,
  /** The server refused with Clerk errors (wrong password or code, expired code, lockout, ...). */
  CLERK_ERROR,
  /** The server answered 429; see {@link StepResult#retryAt()}. */
  RATE_LIMITED,
  /**
   * The server could not be reached or gave no usable answer, or the flow store could not be read
   * or written.
   */
  UNAVAILABLE,
  /** The sign-in was replaced or no longer exists; the flow went back to identifying. */
  SIGN_IN_GONE,
  /** The server answered with a status the flow cannot continue from. */
  UNSUPPORTED_STATUS,
  /**
   * Another user is signed in on this device and the instance allows one session per device
   * (Clerk's single-session mode): that user must sign out first. The flow stays where it was.
   */
  SIGN_OUT_REQUIRED,
  /** The event is not allowed in the flow's state; nothing happened. */
  ILLEGAL_EVENT,
  /** Another event of the same flow was in flight; nothing happened. */
  BUSY,
  /**
   * The stored flow is gone: it expired with its sign-in, or the flow store forgot it (a store
   * restarted empty). Nothing happened; start a new flow.
   */
  FLOW_NOT_FOUND
}
