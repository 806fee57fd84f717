package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one event did to a flow. Expected failures are values here, never exceptions: check {@link
 * #kind()} and {@link #errors()}.
 */
public sealed interface StepResult
    permits StepResult.Applied,
        StepResult.IllegalEvent,
        StepResult.Busy,
        StepResult.FlowNotFound,
        StepResult.StoreUnavailable {

  /** The event that was sent. */
  SignInEvent event();

  /** The flow's state after the step. */
  SignInState state();

  /** What kind of thing happened. */
  OutcomeKind kind();

  /** The errors of this step, grouped by form field; empty on success. */
  FlowErrors errors();

  /** When to try again, after a rate limit or a resend cooldown. */
  Optional<Instant> retryAt();

  /** True when the step did what was asked. */
  default boolean succeeded() {
    return kind() == OutcomeKind.SUCCESS;
  }

  /**
   * The machine ran the event.
   *
   * @param event the event
   * @param from the state before
   * @param state the state after
   * @param kind what happened
   * @param errors the errors, empty on success
   * @param retryAt when to try again, after a rate limit or within a resend cooldown
   */
  record Applied(
      SignInEvent event,
      SignInState from,
      SignInState state,
      OutcomeKind kind,
      FlowErrors errors,
      Optional<Instant> retryAt)
      implements StepResult {
    public Applied {
      requireNonNull(event, "event");
      requireNonNull(from, "from");
      requireNonNull(state, "state");
      requireNonNull(kind, "kind");
      requireNonNull(errors, "errors");
      requireNonNull(retryAt, "retryAt");
    }
  }

  /**
   * The event is not allowed in this state: no gateway call, no state change.
   *
   * @param state the flow's state, unchanged
   * @param event the refused event
   */
  record IllegalEvent(SignInState state, SignInEvent event) implements StepResult {
    public IllegalEvent {
      requireNonNull(state, "state");
      requireNonNull(event, "event");
    }

    @Override
    public OutcomeKind kind() {
      return OutcomeKind.ILLEGAL_EVENT;
    }

    @Override
    public FlowErrors errors() {
      return FlowErrors.of(
          List.of(
              new ClerkError(
                  "event_not_allowed",
                  "This action is not available now.",
                  event + " is not allowed in state " + state + ".",
                  Map.of("state", state.name(), "event", event.name()),
                  Optional.empty())));
    }

    @Override
    public Optional<Instant> retryAt() {
      return Optional.empty();
    }
  }

  /**
   * Another event of the same flow was in flight; this one was refused, not queued.
   *
   * @param state the flow's state when the event was refused
   * @param event the refused event
   */
  record Busy(SignInState state, SignInEvent event) implements StepResult {
    public Busy {
      requireNonNull(state, "state");
      requireNonNull(event, "event");
    }

    @Override
    public OutcomeKind kind() {
      return OutcomeKind.BUSY;
    }

    @Override
    public FlowErrors errors() {
      return FlowErrors.of(
          List.of(
              ClerkError.of(
                  "flow_busy",
                  "Please wait for the previous step to finish.",
                  event + " was refused because another step of this flow is in progress.")));
    }

    @Override
    public Optional<Instant> retryAt() {
      return Optional.empty();
    }
  }

  /**
   * The stored flow the event was sent to does not exist (any more): it expired with its sign-in,
   * or the flow store forgot it. Nothing was sent to the server. A new flow starts in {@link
   * SignInState#IDENTIFYING}, which is what {@link #state()} says.
   *
   * @param flow the flow's id
   * @param event the event
   */
  record FlowNotFound(FlowId flow, SignInEvent event) implements StepResult {
    public FlowNotFound {
      requireNonNull(flow, "flow");
      requireNonNull(event, "event");
    }

    /** {@link SignInState#IDENTIFYING}: where the user starts again. */
    @Override
    public SignInState state() {
      return SignInState.IDENTIFYING;
    }

    @Override
    public OutcomeKind kind() {
      return OutcomeKind.FLOW_NOT_FOUND;
    }

    @Override
    public FlowErrors errors() {
      return FlowErrors.of(
          List.of(
              ClerkError.of(
                  "flow_not_found",
                  "This sign-in has expired. Please start again.",
                  "The stored flow does not exist: it expired, or the flow store lost it.")));
    }

    @Override
    public Optional<Instant> retryAt() {
      return Optional.empty();
    }
  }

  /**
   * The flow store could not be read or written ({@link OutcomeKind#UNAVAILABLE}). When it failed
   * before the event ran, nothing happened; when it failed to save the event's result, the server
   * may have seen the event but the flow keeps its stored state, and the user repeats the step.
   *
   * @param state the flow's state as this handle last read or saved it (the stored state is not
   *     changed)
   * @param event the event
   * @param reason what failed, for people; never holds a secret
   */
  record StoreUnavailable(SignInState state, SignInEvent event, String reason)
      implements StepResult {
    public StoreUnavailable {
      requireNonNull(state, "state");
      requireNonNull(event, "event");
      requireNonNull(reason, "reason");
    }

    @Override
    public OutcomeKind kind() {
      return OutcomeKind.UNAVAILABLE;
    }

    @Override
    public FlowErrors errors() {
      return FlowErrors.of(
          List.of(
              ClerkError.of(
                  "store_unavailable",
                  "Something went wrong on our side. Please try again.",
                  "The flow store failed: " + reason)));
    }

    @Override
    public Optional<Instant> retryAt() {
      return Optional.empty();
    }
  }
}
