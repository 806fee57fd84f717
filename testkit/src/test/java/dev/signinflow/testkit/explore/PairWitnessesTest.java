package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pair witnesses ({@link ScenarioMatrix#pairWitnesses()}): replayed alone, beside a search of
 * one step, they still take every feasible transition pair, each the one it is labelled with. When
 * the engine or the fake changes so that one no longer does, rewrite them: {@code ./mvnw -pl
 * testkit -am test -Dtest=TransitionExplorerTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dexplorer.writeWitnesses=true}.
 */
class PairWitnessesTest {

  @Test
  void theWitnessesAloneTakeEveryFeasiblePair() {
    List<DirectedSequence> witnesses = ScenarioMatrix.pairWitnesses();
    assertThat(witnesses).hasSize(TransitionTable.feasiblePairs().size());
    assertThat(witnesses)
        .extracting(DirectedSequence::label)
        .containsExactlyElementsOf(
            TransitionTable.feasiblePairs().stream().map(Object::toString).toList());
    assertThat(witnesses)
        .allSatisfy(w -> assertThat(w.scenario().faults()).isNotEqualTo(FaultPlan.TIMEOUT));

    ExplorationReport report =
        TransitionExplorer.builder()
            .scenarios(List.of(witnesses.get(0).scenario()))
            .depth(1)
            .randomWalks(0, 0)
            .resumeSampleRate(0)
            .sequences(witnesses)
            .noOutputFiles()
            .build()
            .explore();

    report.assertNoViolations();
    report.assertFeasiblePairCoverage();
  }

  @Test
  void witnessesReadBackFromTheirJson() {
    List<DirectedSequence> witnesses = ScenarioMatrix.pairWitnesses();

    assertThat(DirectedSequence.fromJson(DirectedSequence.toJson(witnesses))).isEqualTo(witnesses);
  }
}
