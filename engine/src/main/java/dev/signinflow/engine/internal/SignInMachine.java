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
import org.springframework.statemachine.support.StateMachineObjectSupport;
import org.springframework.statemachine.transition.TransitionKind;
import reactor.core.publisher.Mono;

/**
 * The sign-in machine on Spring Statemachine: its configuration model, built once, and a pool of
 * machines that run one event at a time each.
 *
 * <p>Every allowed (state, event) pair is a transition whose action runs the event's {@link
 * FlowSteps} method; where the outcome decides the next state, the transition leads into a choice
 * pseudo-state whose guards only read the {@link Route} of the {@link Step} the action computed.
 * Pairs with no transition are refused by the machine itself.
 *
 * <p>Data flows one way: {@link #run(Input)} sends the event in a message whose one header, a
 * {@link Handoff}, carries the immutable {@link Input} down; the action computes one immutable
 * {@link Step} and leaves it there once for the guards; {@code run} returns one immutable {@link
 * Ran}. Nothing is put in the machine's extended state.
 *
 * <p>Flows do not own machines: an idle flow is just its {@link FlowData}. For each event a machine
 * is taken from the pool, reset to the flow's state unless it already rests there (a reset runs no
 * entry action), sent the event, and given back. A machine is never used by two threads at once.
 *
 * <p>Thread-safe.
 */
public final class SignInMachine {
  /** The message header that carries the event's {@link Handoff}. */
  static final String HANDOFF = "signinflow.handoff";

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
   * What one event did: the state the machine rests in, and the step its transition's action
   * computed, or {@code null} when the machine refused the event and no action ran.
   *
   * @param state the state the machine rests in afterwards
   * @param step nullable; the action's step, {@code null} when the event was refused
   */
  public record Ran(SignInState state, Step step) {
    public Ran {
      requireNonNull(state, "state");
    }

    /** True when the machine refused the event: no action ran, the state did not change. */
    public boolean refused() {
      return step == null;
    }
  }

  /**
   * Runs one event from the state of the input's data.
   *
   * @throws IllegalStateException when the step threw, or when the machine and the step disagree
   *     (an engine bug); the machine is then dropped, not pooled
   */
  public Ran run(Input input) {
    requireNonNull(input, "input");
    Node from = Node.of(input.before.state());
    Handoff handoff = new Handoff(input);
    StateMachine<Node, SignInEvent> machine = take(from);
    try {
      machine
          .sendEvent(
              Mono.just(
                  MessageBuilder.withPayload(input.event).setHeader(HANDOFF, handoff).build()))
          .blockLast();
    } finally {
      handoff.release();
    }
    Node after = machine.getState().getId();
    // Spring Statemachine's own result cannot be trusted (a throwing action reports DENIED and
    // loses the exception; a false guard still reports ACCEPTED), so check what happened instead.
    if (handoff.defect != null) {
      throw new IllegalStateException("the " + input.event + " action failed", handoff.defect);
    }
    if (after.isChoice()) {
      throw new IllegalStateException("machine stopped in choice " + after + " on " + input);
    }
    if (handoff.step == null && after != from) {
      throw new IllegalStateException("machine moved without an action on " + input);
    }
    give(machine);
    return new Ran(after.state(), handoff.step);
  }

  private StateMachine<Node, SignInEvent> take(Node from) {
    StateMachine<Node, SignInEvent> machine = idle.pollFirst();
    if (machine == null) {
      machine = factory.getStateMachine();
      unname(machine);
      reset(machine, from);
      machine.startReactively().block();
      return machine;
    }
    idleCount.decrementAndGet();
    // A pooled machine rests where its last event left it, often where this flow is now (a flow
    // that stays in a state, or the next event of the same flow): then there is nothing to reset.
    if (machine.getState().getId() != from) {
      reset(machine, from);
    }
    return machine;
  }

  /**
   * Clears the name Spring Statemachine gives a machine built outside a Spring context
   * ("stateMachine"). With a name, every notification of every event (transition start, end, state
   * exit, entry, change: several per event) looks up {@code @WithStateMachine} handlers by it,
   * concatenating a key and compiling a regular expression each time, to find none: there is no
   * bean factory here, so there are no handlers. A machine with neither name nor id skips the
   * look-up; nothing else reads the name.
   */
  private static void unname(StateMachine<Node, SignInEvent> machine) {
    if (machine instanceof StateMachineObjectSupport<?, ?> named && machine.getId() == null) {
      named.setBeanName(null);
    }
  }

  private static void reset(StateMachine<Node, SignInEvent> machine, Node to) {
    machine
        .getStateMachineAccessor()
        .doWithAllRegions(
            access ->
                access
                    .resetStateMachineReactively(
                        new DefaultStateMachineContext<>(to, null, null, null))
                    .block());
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
    transitions.add(
        transition(Node.COMPLETE, Node.SIGNED_OUT, SignInEvent.SIGN_OUT, steps::signOut));
    choices.put(
        Node.SIGNED_OUT,
        choice(Node.SIGNED_OUT, Node.COMPLETE, branch(Route.SIGNED_OUT, Node.IDENTIFYING)));

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
      Node source, Node target, SignInEvent event, Function<Input, Step> step) {
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

  /**
   * One event's exchange with the machine, carried in its message's headers: the {@link Input} goes
   * in, the action's {@link Step} comes out.
   *
   * <p>Why a holder at all: Spring Statemachine gives an action no way to return a value, and a
   * choice guard sees only the {@link StateContext} (the message and the extended state). So the
   * action leaves its one result here, written once and immutable, and the guards and {@link
   * #run(Input)} only read it. It rides in the message, not the extended state, so it belongs to
   * this event alone and writing it runs none of the machine's extended-state listeners.
   *
   * <p>The machine's executor keeps the last message it accepted until its next event, so the
   * handoff lets go of the input, which may hold a password or code, when the event returns.
   * Confined to the thread running the event.
   */
  static final class Handoff {
    private Input input;
    private Step step;
    private RuntimeException defect;

    Handoff(Input input) {
      this.input = input;
    }

    /** The event's input, while the event runs. */
    Input input() {
      if (input == null) {
        throw new IllegalStateException("the event has returned");
      }
      return input;
    }

    /** Records what the action did, once; a second record is itself a defect. */
    void record(Step s, RuntimeException failure) {
      if (step != null || defect != null) {
        defect = new IllegalStateException("a second action ran for one event");
        return;
      }
      step = s;
      defect = failure;
    }

    /** The action's step, or {@code null} before it ran or when it failed. */
    Step step() {
      return step;
    }

    void release() {
      input = null;
    }

    @Override
    public String toString() {
      return "Handoff[" + (step == null ? "no step" : step.kind() + " " + step.route()) + "]";
    }
  }

  /** The {@link Handoff} of the event a machine is running, or {@code null} outside one. */
  static Handoff handoffOf(StateContext<Node, SignInEvent> context) {
    Object handoff = context.getMessageHeader(HANDOFF);
    return handoff instanceof Handoff h ? h : null;
  }

  /**
   * A transition action: runs one event's step and hands the step over. Never throws, because
   * Spring Statemachine would swallow the exception and report the event as DENIED.
   */
  static final class StepAction implements Function<StateContext<Node, SignInEvent>, Mono<Void>> {
    private final Function<Input, Step> step;

    StepAction(Function<Input, Step> step) {
      this.step = step;
    }

    @Override
    public Mono<Void> apply(StateContext<Node, SignInEvent> context) {
      return Mono.fromRunnable(() -> act(handoffOf(context)));
    }

    private void act(Handoff handoff) {
      if (handoff == null) {
        return; // not an engine event: nothing to run, and nothing to hand over
      }
      Step s;
      try {
        s = requireNonNull(step.apply(handoff.input()), "step");
      } catch (RuntimeException e) {
        handoff.record(null, e);
        return;
      }
      handoff.record(s, null);
    }
  }

  /** A choice guard: true when the handed-over step's route is this one. Reads, never computes. */
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
      Handoff handoff = handoffOf(context);
      Step step = handoff == null ? null : handoff.step();
      return step != null && step.route() == route;
    }

    @Override
    public String toString() {
      return "[" + route.label() + "]";
    }
  }
}
