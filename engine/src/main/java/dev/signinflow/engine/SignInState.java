package dev.signinflow.engine;

/** Where a sign-in flow stands: the four states of the sign-in machine. */
public enum SignInState {
  /** Waiting for an identifier and a password; the initial state. */
  IDENTIFYING,
  /** The password was right but the device is new: a code or link must prove it (Client Trust). */
  NEEDS_CLIENT_TRUST,
  /** The password was right and the user has multi-factor authentication enabled. */
  NEEDS_SECOND_FACTOR,
  /** The server created a session; {@link SignInEvent#FINALIZE} activates it. */
  COMPLETE
}
