package dev.signinflow.testkit.explore;

import static dev.signinflow.engine.SignInEvent.RESET;
import static dev.signinflow.engine.SignInEvent.SIGN_OUT;
import static dev.signinflow.engine.SignInEvent.SUBMIT_PASSWORD;
import static dev.signinflow.engine.SignInEvent.VERIFY_CODE;
import static dev.signinflow.engine.SignInState.COMPLETE;
import static dev.signinflow.engine.SignInState.IDENTIFYING;
import static dev.signinflow.engine.SignInState.NEEDS_CLIENT_TRUST;
import static dev.signinflow.engine.SignInState.NEEDS_SECOND_FACTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInState;
import dev.signinflow.testkit.explore.TransitionTable.Pair;
import dev.signinflow.testkit.explore.TransitionTable.Row;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The transition-pair gate: which pairs of the table are impossible, and why; and {@link
 * ExplorationReport#assertFeasiblePairCoverage()} failing when a feasible pair was not taken or an
 * impossible one was.
 */
class FeasiblePairGateTest {
  private static final Scenario SCENARIO =
      Scenario.of(
          InstanceSettings.CLIENT_TRUST_EMAIL_CODE,
          UserProfile.NO_MFA,
          DeviceHistory.NEW,
          FaultPlan.NONE);

  private static Row row(SignInState from, SignInEvent event, SignInState to) {
    return TransitionTable.row(from, event, to).orElseThrow();
  }

  /** A report whose sequences took exactly these pairs. */
  private static ExplorationReport reportTaking(Collection<Pair> pairs) {
    Coverage coverage = new Coverage();
    pairs.forEach(p -> coverage.pairs.put(p, 1L));
    ScenarioExploration.Result result =
        new ScenarioExploration.Result(
            SCENARIO, coverage, 0, 0, 0, 0, 0, 0, List.of(), java.util.Map.of());
    return new ExplorationReport(
        List.of(result),
        new ExplorerSettings(6, 0, 0, 0, 1, Optional.empty()),
        0,
        Optional.empty());
  }

  @Test
  void sixteenOfThe208PairsAreImpossibleEachForAStatedReason() {
    assertThat(TransitionTable.pairs()).hasSize(208);
    assertThat(TransitionTable.INFEASIBLE).hasSize(16);
    assertThat(TransitionTable.feasiblePairs()).hasSize(192);
    assertThat(TransitionTable.pairs()).containsAll(TransitionTable.INFEASIBLE.keySet());
    assertThat(TransitionTable.INFEASIBLE.values()).allSatisfy(why -> assertThat(why).isNotBlank());

    Row submitTrust = row(IDENTIFYING, SUBMIT_PASSWORD, NEEDS_CLIENT_TRUST);
    Row submitSecond = row(IDENTIFYING, SUBMIT_PASSWORD, NEEDS_SECOND_FACTOR);
    Row submitComplete = row(IDENTIFYING, SUBMIT_PASSWORD, COMPLETE);
    Row signOutFailed = row(COMPLETE, SIGN_OUT, COMPLETE);
    assertThat(TransitionTable.INFEASIBLE)
        .containsEntry(
            new Pair(row(NEEDS_CLIENT_TRUST, RESET, IDENTIFYING), submitSecond),
            TransitionTable.ONE_KIND_OF_CHALLENGE)
        .containsEntry(
            new Pair(row(NEEDS_SECOND_FACTOR, VERIFY_CODE, IDENTIFYING), submitTrust),
            TransitionTable.ONE_KIND_OF_CHALLENGE)
        .containsEntry(
            new Pair(row(COMPLETE, SIGN_OUT, IDENTIFYING), submitTrust),
            TransitionTable.KNOWN_AFTER_COMPLETE)
        .containsEntry(
            new Pair(row(COMPLETE, RESET, IDENTIFYING), submitSecond),
            TransitionTable.SESSION_KEPT_BY_RESET)
        .containsEntry(
            new Pair(row(NEEDS_CLIENT_TRUST, VERIFY_CODE, IDENTIFYING), submitComplete),
            TransitionTable.CODE_SIGN_IN_GIVES_NO_SESSION)
        .containsEntry(new Pair(signOutFailed, signOutFailed), TransitionTable.SIGN_OUT_FAILS_ONCE);
    // After a sign-out the device holds no session: an MFA user is challenged again.
    assertThat(TransitionTable.feasiblePairs())
        .contains(new Pair(row(COMPLETE, SIGN_OUT, IDENTIFYING), submitSecond));
  }

  @Test
  void theGatePassesWhenEveryFeasiblePairWasTaken() {
    ExplorationReport report = reportTaking(TransitionTable.feasiblePairs());

    report.assertFeasiblePairCoverage();
    assertThat(report.feasibleTransitionPairCoverage()).isEqualTo(new CoverageFigure(192, 192));
    assertThat(report.transitionPairCoverage()).isEqualTo(new CoverageFigure(192, 208));
  }

  @Test
  void theGateFailsNamingTheOneFeasiblePairNotTaken() {
    Pair missing =
        new Pair(row(NEEDS_CLIENT_TRUST, VERIFY_CODE, COMPLETE), row(COMPLETE, SIGN_OUT, COMPLETE));
    List<Pair> allButOne =
        TransitionTable.feasiblePairs().stream().filter(p -> !p.equals(missing)).toList();
    ExplorationReport report = reportTaking(allButOne);

    assertThat(report.uncoveredTransitionPairs()).containsExactly(missing.toString());
    assertThatThrownBy(report::assertFeasiblePairCoverage)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not take 1 feasible transition pair(s) (191/192 (99.5%))")
        .hasMessageContaining(
            "NEEDS_CLIENT_TRUST --VERIFY_CODE [complete]--> COMPLETE"
                + " ; COMPLETE --SIGN_OUT [else]--> COMPLETE")
        .hasMessageNotContaining("held infeasible");
  }

  @Test
  void theGateFailsWhenAPairHeldImpossibleWasTakenAllTheSame() {
    Row signOutFailed = row(COMPLETE, SIGN_OUT, COMPLETE);
    Pair impossible = new Pair(signOutFailed, signOutFailed);
    List<Pair> taken =
        java.util.stream.Stream.concat(
                TransitionTable.feasiblePairs().stream(), java.util.stream.Stream.of(impossible))
            .toList();
    ExplorationReport report = reportTaking(taken);

    assertThat(report.infeasibleTransitionPairsTaken()).containsExactly(impossible.toString());
    assertThatThrownBy(report::assertFeasiblePairCoverage)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("took 1 pair(s) held infeasible, whose reason no longer holds")
        .hasMessageContaining(impossible.toString());
  }

  @Test
  void aShallowRealRunLeavesFeasiblePairsUntakenAndFailsTheGate() {
    ExplorationReport report =
        TransitionExplorer.builder()
            .scenarios(List.of(SCENARIO))
            .depth(2)
            .randomWalks(0, 0)
            .resumeSampleRate(0)
            .noOutputFiles()
            .build()
            .explore();

    report.assertNoViolations();
    assertThat(report.feasibleTransitionPairCoverage().complete()).isFalse();
    // A failed sign-out needs a fault this scenario has not armed.
    assertThat(report.uncoveredTransitionPairs())
        .contains(
            "IDENTIFYING --SUBMIT_PASSWORD [complete]--> COMPLETE"
                + " ; COMPLETE --SIGN_OUT [else]--> COMPLETE");
    assertThatThrownBy(report::assertFeasiblePairCoverage)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("feasible transition pair(s)");
  }
}
