package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One step of one flow, as a {@link TransitionListener} sees it. Holds no secret.
 *
 * @param device the flow's device
 * @param from the state before
 * @param event the event
 * @param to the state after
 * @param outcome what happened
 * @param duration how long the step took, read from the engine's clock
 */
public record Transition(
    DeviceId device,
    SignInState from,
    SignInEvent event,
    SignInState to,
    OutcomeKind outcome,
    Duration duration) {
  public Transition {
    requireNonNull(device, "device");
    requireNonNull(from, "from");
    requireNonNull(event, "event");
    requireNonNull(to, "to");
    requireNonNull(outcome, "outcome");
    requireNonNull(duration, "duration");
  }
}
