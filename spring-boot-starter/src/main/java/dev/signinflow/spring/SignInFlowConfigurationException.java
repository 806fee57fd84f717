package dev.signinflow.spring;

/**
 * signinflow's settings cannot make an engine: what is wrong, and what to do about it. Spring Boot
 * reports it at start-up through {@link SignInFlowFailureAnalyzer}. Its messages never hold a
 * secret.
 */
public final class SignInFlowConfigurationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String action;

  /**
   * @param problem what is wrong
   * @param action what to do about it
   */
  public SignInFlowConfigurationException(String problem, String action) {
    super(problem);
    this.action = action;
  }

  /** What to do about it. */
  public String action() {
    return action;
  }
}
