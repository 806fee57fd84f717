package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.SignInEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.statemachine.config.model.ChoiceData;
import org.springframework.statemachine.config.model.DefaultStateMachineModel;
import org.springframework.statemachine.config.model.StateMachineModel;
import org.springframework.statemachine.config.model.TransitionData;
import org.springframework.statemachine.config.model.TransitionsData;

class StateDiagramTest {
  private static final StateMachineModel<Node, SignInEvent> MODEL = StateDiagram.engineModel();

  /**
   * Keeps docs/state-machine.md equal to the machine; with {@code -Dsigninflow.regenerate=true} or
   * {@code SIGNINFLOW_REGENERATE=1} it rewrites the file instead.
   */
  @Test
  void docsMatchTheMachine() throws IOException {
    Path docs = StateDiagram.repositoryRoot(Path.of("")).resolve(StateDiagram.DOCS_PATH);
    if (regenerating()) {
      StateDiagram.write(docs);
    }
    String expected = StateDiagram.markdown(MODEL);
    String actual =
        Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "<missing>";
    assertThat(actual)
        .as(
            "%s is stale: it no longer matches the machine. Regenerate it from the repository"
                + " root with: %s",
            StateDiagram.DOCS_PATH, StateDiagram.REGENERATE_COMMAND)
        .isEqualTo(expected);
  }

  @Test
  void mermaidDrawsEveryTransitionOfTheModel() {
    List<String> lines = lines(StateDiagram.mermaid(MODEL));
    for (TransitionData<Node, SignInEvent> t : MODEL.getTransitionsData().getTransitions()) {
      assertThat(lines).contains(t.getSource() + " --> " + t.getTarget() + " : " + t.getEvent());
    }
  }

  @Test
  void mermaidDrawsEveryChoiceBranchInModelOrder() {
    List<String> lines = lines(StateDiagram.mermaid(MODEL));
    for (Map.Entry<Node, List<ChoiceData<Node, SignInEvent>>> choice :
        MODEL.getTransitionsData().getChoices().entrySet()) {
      List<String> drawn =
          lines.stream().filter(l -> l.startsWith(choice.getKey() + " --> ")).toList();
      List<String> targets =
          choice.getValue().stream().map(b -> choice.getKey() + " --> " + b.getTarget()).toList();
      assertThat(drawn).hasSameSizeAs(targets);
      for (int i = 0; i < drawn.size(); i++) {
        assertThat(drawn.get(i)).startsWith(targets.get(i) + " : [");
      }
    }
  }

  @Test
  void mermaidHasOneArrowPerTransitionAndBranchPlusTheInitialOne() {
    TransitionsData<Node, SignInEvent> data = MODEL.getTransitionsData();
    int branches = data.getChoices().values().stream().mapToInt(List::size).sum();
    List<String> arrows =
        lines(StateDiagram.mermaid(MODEL)).stream().filter(l -> l.contains(" --> ")).toList();

    assertThat(arrows).hasSize(1 + data.getTransitions().size() + branches);
  }

  @Test
  void mermaidStartsAtTheInitialState() {
    assertThat(lines(StateDiagram.mermaid(MODEL)))
        .startsWith("stateDiagram-v2", "[*] --> IDENTIFYING");
  }

  @Test
  void mermaidShowsEveryState() {
    String mermaid = StateDiagram.mermaid(MODEL);
    for (Node node : Node.values()) {
      if (!node.isChoice()) {
        assertThat(mermaid).containsPattern("(?m)^    " + node + " --> ");
      }
    }
  }

  @Test
  void mermaidDeclaresEveryChoiceAsChoice() {
    List<String> declared =
        lines(StateDiagram.mermaid(MODEL)).stream().filter(l -> l.endsWith(" <<choice>>")).toList();
    List<String> choices =
        Arrays.stream(Node.values())
            .filter(Node::isChoice)
            .map(n -> "state " + n + " <<choice>>")
            .toList();

    assertThat(choices).hasSize(10);
    assertThat(declared).containsExactlyElementsOf(choices);
  }

  @Test
  void mermaidLabelsBranchesWithTheirRouteAndTheGuardlessOneElse() {
    assertThat(lines(StateDiagram.mermaid(MODEL)))
        .containsSubsequence(
            "SUBMITTED --> COMPLETE : [complete]",
            "SUBMITTED --> NEEDS_CLIENT_TRUST : [needs_client_trust]",
            "SUBMITTED --> NEEDS_SECOND_FACTOR : [needs_second_factor]",
            "SUBMITTED --> IDENTIFYING : [else]");
  }

  @Test
  void diagramFollowsAChangedChoiceTarget() {
    TransitionsData<Node, SignInEvent> data = MODEL.getTransitionsData();
    Map<Node, List<ChoiceData<Node, SignInEvent>>> choices = new EnumMap<>(data.getChoices());
    List<ChoiceData<Node, SignInEvent>> submitted = new ArrayList<>(choices.get(Node.SUBMITTED));
    ChoiceData<Node, SignInEvent> first = submitted.get(0);
    assertThat(first.getTarget()).isEqualTo(Node.COMPLETE);
    submitted.set(
        0,
        new ChoiceData<>(
            first.getSource(), Node.NEEDS_SECOND_FACTOR, first.getGuard(), first.getActions()));
    choices.put(Node.SUBMITTED, submitted);
    StateMachineModel<Node, SignInEvent> changed =
        new DefaultStateMachineModel<>(
            MODEL.getConfigurationData(),
            MODEL.getStatesData(),
            new TransitionsData<>(
                data.getTransitions(),
                choices,
                data.getJunctions(),
                data.getForks(),
                data.getJoins(),
                data.getEntrys(),
                data.getExits(),
                data.getHistorys()));

    List<String> before = lines(StateDiagram.mermaid(MODEL));
    List<String> after = lines(StateDiagram.mermaid(changed));

    assertThat(after).hasSameSizeAs(before);
    Map<String, String> differing =
        IntStream.range(0, before.size())
            .filter(i -> !before.get(i).equals(after.get(i)))
            .boxed()
            .collect(Collectors.toMap(before::get, after::get));
    assertThat(differing)
        .containsExactly(
            Map.entry(
                "SUBMITTED --> COMPLETE : [complete]",
                "SUBMITTED --> NEEDS_SECOND_FACTOR : [complete]"));
  }

  @Test
  void plantUmlIsDelimitedByStartAndEnd() {
    String plantUml = StateDiagram.plantUml(MODEL);

    assertThat(plantUml).startsWith("@startuml\n").endsWith("@enduml\n");
  }

  @Test
  void plantUmlHasTheSameLinesAsMermaid() {
    List<String> mermaid = lines(StateDiagram.mermaid(MODEL));
    List<String> plantUml = lines(StateDiagram.plantUml(MODEL));

    assertThat(plantUml.subList(1, plantUml.size() - 1))
        .isEqualTo(mermaid.subList(1, mermaid.size()));
  }

  @Test
  void docsTableMarksExactlyTheModelsTransitions() {
    List<String> markdown = StateDiagram.markdown(MODEL).lines().toList();
    for (Node state : Node.values()) {
      if (state.isChoice()) {
        continue;
      }
      String row =
          markdown.stream()
              .filter(l -> l.startsWith("| " + state + " |"))
              .findFirst()
              .orElseThrow();
      List<String> cells = List.of(row.substring(row.indexOf(" |") + 2).split("\\|"));
      StringBuilder expected = new StringBuilder();
      for (SignInEvent event : SignInEvent.values()) {
        boolean allowed =
            MODEL.getTransitionsData().getTransitions().stream()
                .anyMatch(t -> t.getSource() == state && t.getEvent() == event);
        expected.append(allowed ? '✓' : '—');
      }
      assertThat(cells.stream().map(String::strip).collect(Collectors.joining()))
          .as("row %s", state)
          .isEqualTo(expected.toString());
    }
  }

  @Test
  void docsCountSeventeenRejectedPairsAsTheDesignSays() {
    assertThat(StateDiagram.markdown(MODEL)).contains(" 17 of the 32 (state, event) pairs");
  }

  @Test
  void mermaidLabelsSignOutsBranches() {
    assertThat(lines(StateDiagram.mermaid(MODEL)))
        .containsSubsequence(
            "COMPLETE --> SIGNED_OUT : SIGN_OUT",
            "SIGNED_OUT --> IDENTIFYING : [signed out]",
            "SIGNED_OUT --> COMPLETE : [else]");
  }

  private static boolean regenerating() {
    return Boolean.getBoolean("signinflow.regenerate")
        || "1".equals(System.getenv("SIGNINFLOW_REGENERATE"));
  }

  /** The lines of a diagram, without indentation. */
  private static List<String> lines(String diagram) {
    return diagram.lines().map(String::strip).toList();
  }
}
