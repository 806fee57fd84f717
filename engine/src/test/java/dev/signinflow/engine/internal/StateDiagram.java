package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.ResendPolicy;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.statemachine.config.model.ChoiceData;
import org.springframework.statemachine.config.model.StateData;
import org.springframework.statemachine.config.model.StateMachineModel;
import org.springframework.statemachine.config.model.TransitionData;
import org.springframework.statemachine.guard.Guard;
import org.springframework.statemachine.state.PseudoStateKind;

/**
 * Draws the sign-in machine as Mermaid and PlantUML state diagrams, read from its Spring
 * Statemachine configuration model, which has no exporter of its own.
 *
 * <p>The output is deterministic: transitions are ordered by source node, then event, then target;
 * the branches of a choice keep the model's order, which is the order its guards are tried in. A
 * choice branch is labelled with its guard's {@link Route#label()}, the guard-less one with {@code
 * [else]}. {@link #markdown} is the whole of {@value #DOCS_PATH}, which {@code StateDiagramTest}
 * keeps equal to the machine; {@link #main} rewrites it.
 *
 * <p>Stateless and thread-safe. Fails with {@link IllegalArgumentException} for a model it cannot
 * draw faithfully: no single initial state, a transition without an event, or a choice guard that
 * is not a {@link SignInMachine.RouteGuard}.
 */
public final class StateDiagram {
  /** Where the generated file lives, relative to the repository root. */
  static final String DOCS_PATH = "docs/state-machine.md";

  /** The command that rewrites {@value #DOCS_PATH} from the machine. */
  static final String REGENERATE_COMMAND =
      "./mvnw -q -pl engine test -Dtest=StateDiagramTest -Dsigninflow.regenerate=true";

  private static final String ELSE = "else";

  private StateDiagram() {}

  /**
   * Writes {@value #DOCS_PATH}: to the path given as the only argument, or else below the
   * repository root found from the working directory. Without the test, from the repository root:
   * {@code ./mvnw -q -pl engine compile exec:java
   * -Dexec.mainClass=dev.signinflow.engine.internal.StateDiagram}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length > 1) {
      throw new IllegalArgumentException("usage: StateDiagram [output-file]");
    }
    Path target =
        args.length == 1
            ? Path.of(args[0])
            : repositoryRoot(Path.of("").toAbsolutePath()).resolve(DOCS_PATH);
    write(target);
    System.out.println("wrote " + target);
  }

  /** Writes the generated {@link #markdown} of the engine's model to this file. */
  static void write(Path target) throws IOException {
    requireNonNull(target, "target");
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(target, markdown(engineModel()), StandardCharsets.UTF_8);
  }

  /**
   * The nearest directory at or above {@code start} that holds {@code mvnw} and {@code engine/}.
   *
   * @throws IllegalStateException when there is none
   */
  static Path repositoryRoot(Path start) {
    requireNonNull(start, "start");
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("engine"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no directory with mvnw and engine/ at or above " + start);
  }

  /**
   * The engine's own model, built with a gateway that throws if called: drawing runs no event, so
   * nothing reaches it.
   */
  public static StateMachineModel<Node, SignInEvent> engineModel() {
    FlowSteps steps =
        new FlowSteps(
            new ThrowingGateway(),
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
            ResendPolicy.defaults(),
            ClientTokenStore.inMemory(),
            Optional.empty(),
            device -> {});
    return new SignInMachine(steps).model();
  }

  // ---- the documents -------------------------------------------------------------------------

  /** The whole of {@value #DOCS_PATH}: an introduction, the event table and both diagrams. */
  static String markdown(StateMachineModel<Node, SignInEvent> model) {
    List<Node> states = states(model);
    List<Node> choices = choices(model);
    List<SignInEvent> events = List.of(SignInEvent.values());
    int rejected = 0;
    StringBuilder table = new StringBuilder("| state |");
    for (SignInEvent event : events) {
      table.append(' ').append(event).append(" |");
    }
    table.append("\n| --- |").append(" :---: |".repeat(events.size())).append('\n');
    for (Node state : states) {
      Set<SignInEvent> allowed = allowedEvents(model, state);
      table.append("| ").append(state).append(" |");
      for (SignInEvent event : events) {
        table.append(allowed.contains(event) ? " ✓ |" : " — |");
      }
      table.append('\n');
      rejected += events.size() - allowed.size();
    }

    return "# The sign-in state machine\n"
        + "\n"
        + "<!-- Generated by dev.signinflow.engine.internal.StateDiagram; do not edit by hand. -->\n"
        + "\n"
        + "This file is generated from the Spring Statemachine configuration model in\n"
        + "`SignInMachine`; do not edit it by hand. `StateDiagramTest` fails when it no longer\n"
        + "matches the machine. Regenerate it from the repository root with:\n"
        + "\n"
        + "```sh\n"
        + REGENERATE_COMMAND
        + "\n```\n"
        + "\n"
        + "- **States** ("
        + states.size()
        + "): where a flow rests between events; "
        + initial(model)
        + " is the initial one.\n"
        + "- **Events** ("
        + events.size()
        + "): what a user does to a flow. An arrow `STATE --> X : EVENT` is a transition whose\n"
        + "  action runs the event, calling the gateway at most once.\n"
        + "- **Choice pseudo-states** ("
        + choices.size()
        + ", drawn as diamonds): where the server's answer decides the next\n"
        + "  state. Their guards, tried in the order drawn, only read the outcome the action\n"
        + "  captured; `[else]` is taken when none holds. A flow never rests in a choice.\n"
        + "- Events not listed for a state are rejected as `IllegalEvent`, without a gateway call\n"
        + "  and without a change of state: "
        + rejected
        + " of the "
        + states.size() * events.size()
        + " (state, event) pairs, marked — below.\n"
        + "\n"
        + table
        + "\n"
        + "## Mermaid\n"
        + "\n"
        + "```mermaid\n"
        + mermaid(model)
        + "```\n"
        + "\n"
        + "## PlantUML\n"
        + "\n"
        + "```plantuml\n"
        + plantUml(model)
        + "```\n";
  }

  /** The machine as a Mermaid {@code stateDiagram-v2}, one line per element. */
  static String mermaid(StateMachineModel<Node, SignInEvent> model) {
    StringBuilder out = new StringBuilder("stateDiagram-v2\n");
    for (String line : body(model)) {
      out.append("    ").append(line).append('\n');
    }
    return out.toString();
  }

  /** The machine as a PlantUML state diagram, from {@code @startuml} to {@code @enduml}. */
  static String plantUml(StateMachineModel<Node, SignInEvent> model) {
    StringBuilder out = new StringBuilder("@startuml\n");
    for (String line : body(model)) {
      out.append(line).append('\n');
    }
    return out.append("@enduml\n").toString();
  }

  /** The lines both notations share: the initial arrow, choice declarations, then every edge. */
  private static List<String> body(StateMachineModel<Node, SignInEvent> model) {
    List<String> lines = new ArrayList<>();
    lines.add("[*] --> " + initial(model));
    for (Node choice : choices(model)) {
      lines.add("state " + choice + " <<choice>>");
    }

    List<TransitionData<Node, SignInEvent>> transitions =
        new ArrayList<>(model.getTransitionsData().getTransitions());
    for (TransitionData<Node, SignInEvent> t : transitions) {
      if (t.getEvent() == null) {
        throw new IllegalArgumentException(
            "transition " + t.getSource() + " -> " + t.getTarget() + " has no event");
      }
    }
    transitions.sort(
        Comparator.comparing((TransitionData<Node, SignInEvent> t) -> t.getSource())
            .thenComparing(TransitionData::getEvent)
            .thenComparing(TransitionData::getTarget));
    for (TransitionData<Node, SignInEvent> t : transitions) {
      lines.add(t.getSource() + " --> " + t.getTarget() + " : " + t.getEvent());
    }

    List<Map.Entry<Node, List<ChoiceData<Node, SignInEvent>>>> choices =
        new ArrayList<>(model.getTransitionsData().getChoices().entrySet());
    choices.sort(Map.Entry.comparingByKey());
    for (Map.Entry<Node, List<ChoiceData<Node, SignInEvent>>> choice : choices) {
      for (ChoiceData<Node, SignInEvent> branch : choice.getValue()) {
        lines.add(
            branch.getSource()
                + " --> "
                + branch.getTarget()
                + " : ["
                + label(branch.getGuard())
                + "]");
      }
    }
    return lines;
  }

  private static String label(Guard<Node, SignInEvent> guard) {
    if (guard == null) {
      return ELSE;
    }
    if (guard instanceof SignInMachine.RouteGuard route) {
      return route.route().label();
    }
    throw new IllegalArgumentException("cannot label choice guard " + guard);
  }

  private static Node initial(StateMachineModel<Node, SignInEvent> model) {
    List<Node> initial = new ArrayList<>();
    for (StateData<Node, SignInEvent> s : model.getStatesData().getStateData()) {
      if (s.isInitial()) {
        initial.add(s.getState());
      }
    }
    if (initial.size() != 1) {
      throw new IllegalArgumentException("expected one initial state, found " + initial);
    }
    return initial.get(0);
  }

  /** The states a flow can rest in, in {@link Node} order. */
  private static List<Node> states(StateMachineModel<Node, SignInEvent> model) {
    return model.getStatesData().getStateData().stream()
        .filter(s -> s.getPseudoStateKind() == null)
        .map(StateData::getState)
        .sorted()
        .toList();
  }

  /** The choice pseudo-states, in {@link Node} order. */
  private static List<Node> choices(StateMachineModel<Node, SignInEvent> model) {
    return model.getStatesData().getStateData().stream()
        .filter(s -> s.getPseudoStateKind() == PseudoStateKind.CHOICE)
        .map(StateData::getState)
        .sorted()
        .toList();
  }

  private static Set<SignInEvent> allowedEvents(
      StateMachineModel<Node, SignInEvent> model, Node state) {
    Set<SignInEvent> allowed = EnumSet.noneOf(SignInEvent.class);
    for (TransitionData<Node, SignInEvent> t : model.getTransitionsData().getTransitions()) {
      if (t.getSource() == state && t.getEvent() != null) {
        allowed.add(t.getEvent());
      }
    }
    return allowed;
  }

  /** A gateway for a machine that only gets drawn: every call is a bug. */
  private static final class ThrowingGateway implements SignInGateway {
    private static UnsupportedOperationException called(String operation) {
      return new UnsupportedOperationException(operation + " called while drawing the diagram");
    }

    @Override
    public GatewayResult<SignIn> createSignIn(
        RequestContext context,
        Optional<ClientToken> clientToken,
        Identifier identifier,
        Password password) {
      throw called("createSignIn");
    }

    @Override
    public GatewayResult<SignIn> prepareSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Factor factor,
        Optional<String> redirectUrl) {
      throw called("prepareSecondFactor");
    }

    @Override
    public GatewayResult<SignIn> attemptSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Strategy strategy,
        VerificationCode code) {
      throw called("attemptSecondFactor");
    }

    @Override
    public GatewayResult<SignIn> getSignIn(
        RequestContext context, Optional<ClientToken> clientToken, String signInId) {
      throw called("getSignIn");
    }

    @Override
    public GatewayResult<Session> activateSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      throw called("activateSession");
    }

    @Override
    public GatewayResult<Client> getClient(
        RequestContext context, Optional<ClientToken> clientToken) {
      throw called("getClient");
    }

    @Override
    public GatewayResult<SessionToken> createSessionToken(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String sessionId,
        Optional<String> organizationId) {
      throw called("createSessionToken");
    }

    @Override
    public GatewayResult<Session> endSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      throw called("endSession");
    }

    @Override
    public GatewayResult<Session> removeSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      throw called("removeSession");
    }

    @Override
    public GatewayResult<Client> removeAllSessions(
        RequestContext context, Optional<ClientToken> clientToken) {
      throw called("removeAllSessions");
    }
  }
}
