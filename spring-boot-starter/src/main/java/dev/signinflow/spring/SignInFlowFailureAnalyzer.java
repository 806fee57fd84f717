package dev.signinflow.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link SignInFlowConfigurationException} into Spring Boot's start-up report. */
final class SignInFlowFailureAnalyzer
    extends AbstractFailureAnalyzer<SignInFlowConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable root, SignInFlowConfigurationException cause) {
    return new FailureAnalysis("signinflow: " + cause.getMessage() + ".", cause.action(), cause);
  }
}
