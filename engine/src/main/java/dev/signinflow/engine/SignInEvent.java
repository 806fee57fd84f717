package dev.signinflow.engine;

/**
 * What a user can do to a flow. Each maps to one method of {@link SignInFlow}; events that the
 * current state does not allow are rejected as {@link StepResult.IllegalEvent} without a gateway
 * call.
 */
public enum SignInEvent {
  /** {@link SignInFlow#submitPassword(String, String)}. */
  SUBMIT_PASSWORD,
  /** {@link SignInFlow#resendCode()}. */
  RESEND_CODE,
  /** {@link SignInFlow#verifyCode(String)}. */
  VERIFY_CODE,
  /** {@link SignInFlow#selectFactor(Strategy)}. */
  SELECT_FACTOR,
  /** {@link SignInFlow#refresh()}. */
  REFRESH,
  /** {@link SignInFlow#reset()}. */
  RESET,
  /** {@link SignInFlow#finalizeSession()}. */
  FINALIZE,
  /** {@link SignInFlow#signOut()}. */
  SIGN_OUT
}
