package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.Strategy;

/**
 * One event on its way through the machine: its arguments in, its {@link Step} out. The machine's
 * action fills {@link #step} and never throws; the engine reads it after the send, because Spring
 * Statemachine's own result cannot be trusted (a throwing action reports DENIED and loses the
 * exception; a false guard still reports ACCEPTED).
 *
 * <p>Holds the password or code of the event while it is in flight; {@code toString()} never shows
 * them, and the engine drops the call when the event returns.
 */
public final class Call {
  final SignInEvent event;
  final FlowData before;
  final String identifierText;
  final String passwordText;
  final String codeText;
  final Strategy strategy;
  Step step;
  RuntimeException defect;

  private Call(
      SignInEvent event,
      FlowData before,
      String identifierText,
      String passwordText,
      String codeText,
      Strategy strategy) {
    this.event = requireNonNull(event, "event");
    this.before = requireNonNull(before, "before");
    this.identifierText = identifierText;
    this.passwordText = passwordText;
    this.codeText = codeText;
    this.strategy = strategy;
  }

  /** An event without arguments. */
  public static Call of(SignInEvent event, FlowData before) {
    return new Call(event, before, null, null, null, null);
  }

  /** {@link SignInEvent#SUBMIT_PASSWORD}. */
  public static Call submitPassword(FlowData before, String identifier, String password) {
    return new Call(
        SignInEvent.SUBMIT_PASSWORD,
        before,
        requireNonNull(identifier, "identifier"),
        requireNonNull(password, "password"),
        null,
        null);
  }

  /** {@link SignInEvent#VERIFY_CODE}. */
  public static Call verifyCode(FlowData before, String code) {
    return new Call(
        SignInEvent.VERIFY_CODE, before, null, null, requireNonNull(code, "code"), null);
  }

  /** {@link SignInEvent#SELECT_FACTOR}. */
  public static Call selectFactor(FlowData before, Strategy strategy) {
    return new Call(
        SignInEvent.SELECT_FACTOR, before, null, null, null, requireNonNull(strategy, "strategy"));
  }

  /** The event. */
  public SignInEvent event() {
    return event;
  }

  @Override
  public String toString() {
    return "Call[" + event + " in " + before.state() + "]";
  }
}
