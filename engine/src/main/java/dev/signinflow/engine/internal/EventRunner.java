package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.FlowErrors;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Transition;
import dev.signinflow.engine.TransitionListener;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs one event of one flow through the machine and turns what happened into a {@link StepResult};
 * tells the listeners. One per engine; thread-safe.
 */
public final class EventRunner {
  private static final System.Logger LOG = System.getLogger(EventRunner.class.getName());

  private final SignInMachine machine;
  private final FlowSteps steps;
  private final Clock clock;
  private final List<TransitionListener> listeners;

  public EventRunner(FlowSteps steps, Clock clock, List<TransitionListener> listeners) {
    this.steps = requireNonNull(steps, "steps");
    this.clock = requireNonNull(clock, "clock");
    this.listeners = List.copyOf(listeners);
    this.machine = new SignInMachine(steps);
  }

  /**
   * What one event did, as one immutable value: the flow's data afterwards and what the caller is
   * told.
   *
   * @param data the flow's data after the event; the input's data when the event was refused
   * @param result what the caller is told
   */
  public record Outcome(FlowData data, StepResult result) {}

  /** Runs one event from the state of the input's data; the input is not changed. */
  public Outcome run(Input input) {
    FlowData before = input.before;
    // The clock is read for the listeners' durations only.
    Instant started = listeners.isEmpty() ? null : clock.instant();
    SignInMachine.Ran ran = machine.run(input);
    Outcome outcome = outcome(input, ran);
    if (started != null) {
      tell(before, outcome.result(), Duration.between(started, clock.instant()));
    }
    return outcome;
  }

  private static Outcome outcome(Input input, SignInMachine.Ran ran) {
    FlowData before = input.before;
    Step step = ran.step();
    if (step == null) {
      return new Outcome(before, new StepResult.IllegalEvent(before.state(), input.event));
    }
    return new Outcome(
        step.data().withState(ran.state()),
        new StepResult.Applied(
            input.event,
            before.state(),
            ran.state(),
            step.kind(),
            FlowErrors.of(step.errors()),
            Optional.ofNullable(step.retryAt())));
  }

  /** The result for an event refused because another one of the flow is in flight. */
  public StepResult busy(FlowData data, SignInEvent event) {
    StepResult result = new StepResult.Busy(data.state(), event);
    tell(data, result, Duration.ZERO);
    return result;
  }

  /** What a UI shows for this data, now. */
  public FlowView view(FlowData d) {
    return new FlowView(
        d.device(),
        d.state(),
        Optional.ofNullable(d.signInId()),
        Optional.ofNullable(d.identifier()),
        Optional.ofNullable(d.factor()),
        d.factors(),
        Optional.ofNullable(d.clientTrust()),
        Optional.ofNullable(d.verification()),
        steps.resendAvailableAt(d),
        steps.sendsRemaining(d),
        Optional.ofNullable(d.createdSessionId()),
        Optional.ofNullable(d.session()));
  }

  private void tell(FlowData before, StepResult result, Duration took) {
    if (listeners.isEmpty()) {
      return;
    }
    Transition t =
        new Transition(
            before.device(), before.state(), result.event(), result.state(), result.kind(), took);
    for (TransitionListener l : listeners) {
      try {
        l.onTransition(t);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "transition listener {0} threw {1}; ignored",
            l.getClass().getName(),
            e.getClass().getName());
      }
    }
  }
}
