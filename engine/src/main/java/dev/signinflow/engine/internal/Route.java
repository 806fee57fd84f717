package dev.signinflow.engine.internal;

/**
 * Where a step's outcome points. The action that ran the step records one; the choice
 * pseudo-states' guards read it. Which state each route leads to from each state is the machine's
 * business ({@link SignInMachine}), not the action's.
 */
public enum Route {
  /** The server created a session. */
  COMPLETE("complete"),
  /** The server demands Client Trust. */
  CLIENT_TRUST("needs_client_trust"),
  /** The server demands a second factor. */
  SECOND_FACTOR("needs_second_factor"),
  /** The sign-in was replaced or no longer exists. */
  GONE("sign-in gone"),
  /** The flow's session was signed out on the server, or was gone already. */
  SIGNED_OUT("signed out"),
  /** Anything else: stay where the flow is. */
  STAY("else");

  private final String label;

  Route(String label) {
    this.label = label;
  }

  /** How the diagram names this branch. */
  public String label() {
    return label;
  }
}
