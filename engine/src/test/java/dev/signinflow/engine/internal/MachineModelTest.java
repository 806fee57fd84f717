package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The machine hands out the configuration model it runs, which the diagrams are drawn from. */
class MachineModelTest {

  @Test
  void theMachinesModelHasItsFourStatesAndTheirChoices() {
    assertThat(StateDiagram.engineModel().getStatesData().getStateData())
        .extracting(s -> s.getState())
        .filteredOn(n -> !n.isChoice())
        .extracting(Node::state)
        .containsExactlyInAnyOrder(dev.signinflow.engine.SignInState.values());
  }
}
