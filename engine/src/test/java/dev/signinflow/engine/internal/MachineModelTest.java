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

  @Test
  void aChoiceGuardPrintsTheRouteItTestsFor() {
    assertThat(StateDiagram.engineModel().getTransitionsData().getChoices().values())
        .flatExtracting(branches -> branches)
        .extracting(branch -> branch.getGuard())
        .filteredOn(g -> g instanceof SignInMachine.RouteGuard)
        .isNotEmpty()
        .allSatisfy(
            g ->
                assertThat(g)
                    .hasToString("[" + ((SignInMachine.RouteGuard) g).route().label() + "]"));
  }
}
