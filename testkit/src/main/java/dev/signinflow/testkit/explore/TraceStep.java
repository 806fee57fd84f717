package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.SignInState;
import java.util.List;

/**
 * What one step of a sequence did, as the explorer records it and a fixture expects it. Holds no
 * secret: error codes, not messages; operation names, not arguments.
 *
 * @param action the step
 * @param from the flow's state before
 * @param to the flow's state after
 * @param outcome the step's {@link dev.signinflow.engine.OutcomeKind} name for an engine event
 *     ({@code ILLEGAL_EVENT} and {@code BUSY} included); {@code CLOCK} for a clock move; {@code
 *     LINK_VERIFIED}, {@code LINK_EXPIRED} or {@code LINK_UNKNOWN} for a click; {@code SKIPPED}
 *     when a replayed step had nothing to act on (no right code, no link); {@code EXCEPTION} when
 *     the engine threw
 * @param errors the codes of the step's errors, in order
 * @param calls the gateway operations the step called, each with its result type, such as {@code
 *     createSignIn:Success}
 */
public record TraceStep(
    Action action,
    SignInState from,
    SignInState to,
    String outcome,
    List<String> errors,
    List<String> calls) {

  public TraceStep {
    requireNonNull(action, "action");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(outcome, "outcome");
    errors = List.copyOf(errors);
    calls = List.copyOf(calls);
  }

  @Override
  public String toString() {
    return action
        + ": "
        + from
        + " -> "
        + to
        + " "
        + outcome
        + (errors.isEmpty() ? "" : " " + errors)
        + (calls.isEmpty() ? "" : " " + calls);
  }
}
