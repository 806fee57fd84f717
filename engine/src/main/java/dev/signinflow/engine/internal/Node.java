package dev.signinflow.engine.internal;

import dev.signinflow.engine.SignInState;

/**
 * The machine's vertices: the four {@link SignInState}s and one choice pseudo-state per (state,
 * event) pair whose outcome decides the next state.
 */
public enum Node {
  IDENTIFYING(SignInState.IDENTIFYING),
  NEEDS_CLIENT_TRUST(SignInState.NEEDS_CLIENT_TRUST),
  NEEDS_SECOND_FACTOR(SignInState.NEEDS_SECOND_FACTOR),
  COMPLETE(SignInState.COMPLETE),
  SUBMITTED(null),
  CLIENT_TRUST_RESENT(null),
  CLIENT_TRUST_VERIFIED(null),
  CLIENT_TRUST_SELECTED(null),
  CLIENT_TRUST_REFRESHED(null),
  SECOND_FACTOR_RESENT(null),
  SECOND_FACTOR_VERIFIED(null),
  SECOND_FACTOR_SELECTED(null),
  SECOND_FACTOR_REFRESHED(null),
  SIGNED_OUT(null);

  private final SignInState state;

  Node(SignInState state) {
    this.state = state;
  }

  /** True for the choice pseudo-states, which the machine never rests in. */
  public boolean isChoice() {
    return state == null;
  }

  /** The public state this node is; fails for a choice. */
  public SignInState state() {
    if (state == null) {
      throw new IllegalStateException(this + " is a choice, not a state");
    }
    return state;
  }

  /** The node of a public state. */
  public static Node of(SignInState state) {
    return switch (state) {
      case IDENTIFYING -> IDENTIFYING;
      case NEEDS_CLIENT_TRUST -> NEEDS_CLIENT_TRUST;
      case NEEDS_SECOND_FACTOR -> NEEDS_SECOND_FACTOR;
      case COMPLETE -> COMPLETE;
    };
  }
}
