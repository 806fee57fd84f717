package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.Strategy;

/**
 * One event and everything it starts from: its arguments and the flow's data before it. Immutable;
 * it goes down into the machine in the event's message and nothing is ever written back into it.
 * What the event did comes back separately, as a {@link Step}.
 *
 * <p>Holds the password or code of the event, and the end user's request context, while it is in
 * flight; {@code toString()} never shows them, and the engine drops the input when the event
 * returns: neither ever reaches the flow's data.
 */
public final class Input {
  final SignInEvent event;
  final FlowData before;
  final RequestContext context;
  final String identifierText;
  final String passwordText;
  final String codeText;
  final Strategy strategy;

  private Input(
      SignInEvent event,
      FlowData before,
      RequestContext context,
      String identifierText,
      String passwordText,
      String codeText,
      Strategy strategy) {
    this.event = requireNonNull(event, "event");
    this.before = requireNonNull(before, "before");
    this.context = requireNonNull(context, "context");
    this.identifierText = identifierText;
    this.passwordText = passwordText;
    this.codeText = codeText;
    this.strategy = strategy;
  }

  /** An event without arguments. */
  public static Input of(SignInEvent event, FlowData before, RequestContext context) {
    return new Input(event, before, context, null, null, null, null);
  }

  /** {@link SignInEvent#SUBMIT_PASSWORD}. */
  public static Input submitPassword(
      FlowData before, RequestContext context, String identifier, String password) {
    return new Input(
        SignInEvent.SUBMIT_PASSWORD,
        before,
        context,
        requireNonNull(identifier, "identifier"),
        requireNonNull(password, "password"),
        null,
        null);
  }

  /** {@link SignInEvent#VERIFY_CODE}. */
  public static Input verifyCode(FlowData before, RequestContext context, String code) {
    return new Input(
        SignInEvent.VERIFY_CODE, before, context, null, null, requireNonNull(code, "code"), null);
  }

  /** {@link SignInEvent#SELECT_FACTOR}. */
  public static Input selectFactor(FlowData before, RequestContext context, Strategy strategy) {
    return new Input(
        SignInEvent.SELECT_FACTOR,
        before,
        context,
        null,
        null,
        null,
        requireNonNull(strategy, "strategy"));
  }

  /** The flow's data before the event. */
  public FlowData before() {
    return before;
  }

  @Override
  public String toString() {
    return "Input[" + event + " in " + before.state() + "]";
  }
}
