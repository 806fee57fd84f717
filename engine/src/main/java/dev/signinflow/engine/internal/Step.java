package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.OutcomeKind;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one event, computed by an action and captured as a value.
 *
 * @param route where the outcome points; the machine's choice turns it into a state
 * @param data the flow's data after the step (its state is set from the machine afterwards)
 * @param kind what happened
 * @param errors the step's errors
 * @param retryAt nullable; when to try again
 */
public record Step(
    Route route, FlowData data, OutcomeKind kind, List<ClerkError> errors, Instant retryAt) {
  public Step {
    requireNonNull(route, "route");
    requireNonNull(data, "data");
    requireNonNull(kind, "kind");
    errors = List.copyOf(errors);
  }

  static Step success(Route route, FlowData data) {
    return new Step(route, data, OutcomeKind.SUCCESS, List.of(), null);
  }

  static Step stay(FlowData data, OutcomeKind kind, List<ClerkError> errors) {
    return new Step(Route.STAY, data, kind, errors, null);
  }
}
