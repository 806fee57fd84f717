package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.ObjectStateMachineFactory;
import org.springframework.statemachine.config.model.ChoiceData;
import org.springframework.statemachine.config.model.ConfigurationData;
import org.springframework.statemachine.config.model.DefaultStateMachineModel;
import org.springframework.statemachine.config.model.StateData;
import org.springframework.statemachine.config.model.StateMachineModel;
import org.springframework.statemachine.config.model.StatesData;
import org.springframework.statemachine.config.model.TransitionData;
import org.springframework.statemachine.config.model.TransitionsData;
import org.springframework.statemachine.guard.Guard;
import org.springframework.statemachine.state.PseudoStateKind;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import org.springframework.statemachine.transition.TransitionKind;
import reactor.core.publisher.Mono;

/**
 * The sign-in machine on Spring Statemachine: its configuration model, built once, and a pool of
 * machines that run one event at a time each.
 *
 * <p>Every allowed (state, event) pair is a transition whose action runs the event's {@link
 * FlowSteps} method and records the {@link Step} in the {@link Call}; where the outcome decides the
 * next state, the transition leads into a choice pseudo-state whose guards only read the step's
 * {@link Route}. Pairs with no transition are refused by the machine itself.
 *
 * <p>Flows do not own machines: an idle flow is just its {@link FlowData}. For each event a machine
 * is taken from the pool, reset to the flow's state (which runs no entry action), sent the event,
 * and given back. A machine is never used by two threads at once.
 *
 * <p>Thread-safe.
 */
public final class SignInMachine {
  static final String CALL = "signinflow.call";

  private static final int MAX_IDLE_MACHINES = 64;

  private final StateMachineModel<Node, SignInEvent> model;
  private final ObjectStateMachineFactory<Node, SignInEvent> factory;
  private final ConcurrentLinkedDeque<StateMachine<Node, SignInEvent>> idle =
      new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  public SignInMachine(FlowSteps steps) {
    requireNonNull(steps, "steps");
    this.model = model(steps);
    this.factory = new ObjectStateMachineFactory<>(model);
  }

  /** The configuration model the machines are built from; the diagram is drawn from it. */
  public StateMachineModel<Node, SignInEvent> model() {
    return model;
  }

  /**
   * Runs one event from a state. Returns the state the machine rests in afterwards, with the call's
   * step filled in when a transition ran, or left empty when the machine refused the event.
   *
   * @throws IllegalStateException when the machine and the captured step disagree (an engine bug)
   */
  public SignInState run(SignInState from, Call call) {
    StateMachine<Node, SignInEvent> machine = take(from);
    boolean reusable = false;
    try {
      machine.getExtendedState().getVariables().put(CALL, call);
      machine.sendEvent(Mono.just(MessageBuilder.withPayload(call.event).build())).blockLast();
      Node after = machine.getState().getId();
      if (call.defect != null) {
        throw new IllegalStateException("the " + call.event + " action failed", call.defect);
      }
      if (after.isChoice()) {
        throw new IllegalStateException("machine stopped in choice " + after + " on " + call);
      }
      if (call.step == null && after != Node.of(from)) {
        throw new IllegalStateException("machine moved without an action on " + call);
      }
      reusable = true;
      return after.state();
    } finally {
      machine.getExtendedState().getVariables().remove(CALL);
      if (reusable) {
        give(machine);
      }
    }
  }

  private StateMachine<Node, SignInEvent> take(SignInState from) {
    StateMachine<Node, SignInEvent> machine = idle.pollFirst();
    boolean started = machine != null;
    if (machine == null) {
      machine = factory.getStateMachine();
    } else {
      idleCount.decrementAndGet();
    }
    StateMachine<Node, SignInEvent> m = machine;
    m.getStateMachineAccessor()
        .doWithAllRegions(
            access ->
                access
                    .resetStateMachineReactively(
                        new DefaultStateMachineContext<>(Node.of(from), null, null, null))
                    .block());
    if (!started) {
      m.startReactively().block();
    }
    return m;
  }

  private void give(StateMachine<Node, SignInEvent> machine) {
    if (idleCount.incrementAndGet() <= MAX_IDLE_MACHINES) {
      idle.offerFirst(machine);
    } else {
      idleCount.decrementAndGet();
    }
  }

  // ---- the configuration model ----------------------------------------------------------------

  private static StateMachineModel<Node, SignInEvent> model(FlowSteps steps) {
    List<StateData<Node, SignInEvent>> states = new ArrayList<>();
    for (Node node : Node.values()) {
      StateData<Node, SignInEvent> data = new StateData<>(node, node == Node.IDENTIFYING);
      if (node.isChoice()) {
        data.setPseudoStateKind(PseudoStateKind.CHOICE);
      }
      states.add(data);
    }

    List<TransitionData<Node, SignInEvent>> transitions = new ArrayList<>();
    Map<Node, List<ChoiceData<Node, SignInEvent>>> choices = new EnumMap<>(Node.class);

    transitions.add(
        transition(
            Node.IDENTIFYING, Node.SUBMITTED, SignInEvent.SUBMIT_PASSWORD, steps::submitPassword));
    choices.put(
        Node.SUBMITTED,
        choice(
            Node.SUBMITTED,
            Node.IDENTIFYING,
            branch(Route.COMPLETE, Node.COMPLETE),
            branch(Route.CLIENT_TRUST, Node.NEEDS_CLIENT_TRUST),
            branch(Route.SECOND_FACTOR, Node.NEEDS_SECOND_FACTOR)));

    waiting(
        Node.NEEDS_CLIENT_TRUST,
        Node.CLIENT_TRUST_RESENT,
        Node.CLIENT_TRUST_VERIFIED,
        Node.CLIENT_TRUST_SELECTED,
        Node.CLIENT_TRUST_REFRESHED,
        steps,
        transitions,
        choices);
    waiting(
        Node.NEEDS_SECOND_FACTOR,
        Node.SECOND_FACTOR_RESENT,
        Node.SECOND_FACTOR_VERIFIED,
        Node.SECOND_FACTOR_SELECTED,
        Node.SECOND_FACTOR_REFRESHED,
        steps,
        transitions,
        choices);

    for (SignInState s : SignInState.values()) {
      transitions.add(transition(Node.of(s), Node.IDENTIFYING, SignInEvent.RESET, steps::reset));
    }
    transitions.add(
        transition(Node.COMPLETE, Node.COMPLETE, SignInEvent.FINALIZE, steps::finalizeSession));

    TransitionsData<Node, SignInEvent> transitionsData =
        new TransitionsData<>(
            transitions, choices, Map.of(), Map.of(), Map.of(), List.of(), List.of(), List.of());
    return new DefaultStateMachineModel<>(
        new ConfigurationData<>(), new StatesData<>(states), transitionsData);
  }

  /** The four events of a state that waits for a second step, each into its own choice. */
  private static void waiting(
      Node state,
      Node resent,
      Node verified,
      Node selected,
      Node refreshed,
      FlowSteps steps,
      List<TransitionData<Node, SignInEvent>> transitions,
      Map<Node, List<ChoiceData<Node, SignInEvent>>> choices) {
    transitions.add(transition(state, resent, SignInEvent.RESEND_CODE, steps::resendCode));
    choices.put(resent, choice(resent, state, branch(Route.GONE, Node.IDENTIFYING)));

    transitions.add(transition(state, verified, SignInEvent.VERIFY_CODE, steps::verifyCode));
    choices.put(
        verified,
        choice(
            verified,
            state,
            branch(Route.COMPLETE, Node.COMPLETE),
            branch(Route.GONE, Node.IDENTIFYING)));

    transitions.add(transition(state, selected, SignInEvent.SELECT_FACTOR, steps::selectFactor));
    choices.put(selected, choice(selected, state, branch(Route.GONE, Node.IDENTIFYING)));

    transitions.add(transition(state, refreshed, SignInEvent.REFRESH, steps::refresh));
    choices.put(
        refreshed,
        choice(
            refreshed,
            state,
            branch(Route.COMPLETE, Node.COMPLETE),
            branch(Route.GONE, Node.IDENTIFYING)));
  }

  private static TransitionData<Node, SignInEvent> transition(
      Node source, Node target, SignInEvent event, Function<Call, Step> step) {
    Collection<Function<StateContext<Node, SignInEvent>, Mono<Void>>> actions =
        List.of(new StepAction(step));
    return new TransitionData<>(source, target, event, actions, null, TransitionKind.EXTERNAL);
  }

  private record Branch(Route route, Node target) {}

  private static Branch branch(Route route, Node target) {
    return new Branch(route, target);
  }

  /** A choice: the branches in order, then {@code otherwise} (the {@link Route#STAY} branch). */
  private static List<ChoiceData<Node, SignInEvent>> choice(
      Node source, Node otherwise, Branch... branches) {
    List<ChoiceData<Node, SignInEvent>> list = new ArrayList<>();
    for (Branch b : branches) {
      list.add(new ChoiceData<>(source, b.target, new RouteGuard(b.route)));
    }
    list.add(new ChoiceData<>(source, otherwise, null));
    return list;
  }

  /** Reads the {@link Call} a machine is running. */
  static Call callOf(StateContext<Node, SignInEvent> context) {
    return context.getExtendedState().get(CALL, Call.class);
  }

  /**
   * A transition action: runs one event's step and captures it. Never throws, because Spring
   * Statemachine would swallow the exception and report the event as DENIED.
   */
  static final class StepAction implements Function<StateContext<Node, SignInEvent>, Mono<Void>> {
    private final Function<Call, Step> step;

    StepAction(Function<Call, Step> step) {
      this.step = step;
    }

    @Override
    public Mono<Void> apply(StateContext<Node, SignInEvent> context) {
      return Mono.fromRunnable(
          () -> {
            Call call = callOf(context);
            try {
              call.step = step.apply(call);
            } catch (RuntimeException e) {
              call.defect = e;
            }
          });
    }
  }

  /** A choice guard: true when the captured step's route is this one. Reads, never computes. */
  public static final class RouteGuard implements Guard<Node, SignInEvent> {
    private final Route route;

    RouteGuard(Route route) {
      this.route = route;
    }

    /** The route this guard tests for. */
    public Route route() {
      return route;
    }

    @Override
    public boolean evaluate(StateContext<Node, SignInEvent> context) {
      Call call = callOf(context);
      return call != null && call.step != null && call.step.route() == route;
    }

    @Override
    public String toString() {
      return "[" + route.label() + "]";
    }
  }
}
