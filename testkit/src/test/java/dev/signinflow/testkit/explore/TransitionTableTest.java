package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.internal.Node;
import dev.signinflow.engine.internal.SignInMachine;
import dev.signinflow.engine.internal.StateDiagram;
import dev.signinflow.testkit.explore.TransitionTable.Row;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.statemachine.config.model.ChoiceData;
import org.springframework.statemachine.config.model.StateMachineModel;
import org.springframework.statemachine.config.model.TransitionData;

/**
 * The explorer's own transition table, written from DESIGN.md, is the machine's: read here through
 * the engine's internals, which the explorer's main code may not touch.
 */
class TransitionTableTest {

  @Test
  void tableEqualsTheMachinesModelRowForRowAndBranchForBranch() {
    StateMachineModel<Node, SignInEvent> model = StateDiagram.engineModel();
    Map<Node, List<ChoiceData<Node, SignInEvent>>> choices =
        model.getTransitionsData().getChoices();
    Set<Row> fromModel = new HashSet<>();
    for (TransitionData<Node, SignInEvent> t : model.getTransitionsData().getTransitions()) {
      SignInState from = t.getSource().state();
      if (!t.getTarget().isChoice()) {
        fromModel.add(new Row(from, t.getEvent(), TransitionTable.DIRECT, t.getTarget().state()));
        continue;
      }
      for (ChoiceData<Node, SignInEvent> branch : choices.get(t.getTarget())) {
        String label =
            branch.getGuard() == null
                ? TransitionTable.ELSE_BRANCH
                : ((SignInMachine.RouteGuard) branch.getGuard()).route().label();
        fromModel.add(new Row(from, t.getEvent(), label, branch.getTarget().state()));
      }
    }

    assertThat(TransitionTable.ROWS).containsExactlyInAnyOrderElementsOf(fromModel);
  }

  @Test
  void tableRejectsSeventeenOfTheThirtyTwoPairs() {
    int rejected = 0;
    for (SignInState s : SignInState.values()) {
      for (SignInEvent e : SignInEvent.values()) {
        rejected += TransitionTable.allowed(s, e) ? 0 : 1;
      }
    }
    assertThat(rejected).isEqualTo(17);
  }

  @Test
  void eachChoiceSendsEveryBranchToADifferentState() {
    for (Row r : TransitionTable.ROWS) {
      assertThat(TransitionTable.row(r.from(), r.event(), r.to())).contains(r);
    }
  }
}
