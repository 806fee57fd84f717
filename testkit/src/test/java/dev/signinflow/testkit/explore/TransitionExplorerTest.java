package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The explorer over this project's engine and fake: every sequence of up to six steps, for the
 * representative scenarios (or, with {@code -Dexplorer.full=true}, the full matrix), with random
 * walks beside. The build fails on a broken invariant or below full state, transition and (state,
 * event) coverage. The report goes to {@code target/explorer/coverage.{json,md}}.
 *
 * <pre>
 * ./mvnw -q -pl transport-fake -am test -Dtest=TransitionExplorerTest -Dsurefire.failIfNoSpecifiedTests=false
 * ./mvnw -q -pl transport-fake -am test -Dtest=TransitionExplorerTest -Dsurefire.failIfNoSpecifiedTests=false -Dexplorer.full=true
 * </pre>
 */
class TransitionExplorerTest {

  @Test
  void everySequenceUpToSixStepsKeepsEveryInvariantAndCoversTheWholeMachine() {
    boolean full = Boolean.getBoolean("explorer.full");
    List<Scenario> scenarios = full ? ScenarioMatrix.full() : ScenarioMatrix.representative();
    TransitionExplorer explorer =
        TransitionExplorer.builder()
            .scenarios(scenarios)
            .depth(Integer.getInteger("explorer.depth", TransitionExplorer.DEFAULT_DEPTH))
            .randomWalks(20, 300)
            .build();

    // The run's duration and the CPU time it took, for the report only.
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long started = System.nanoTime();
    long cpu = os.getProcessCpuTime();
    ExplorationReport report =
        explorer.explore().withElapsed(Duration.ofNanos(System.nanoTime() - started));
    report.writeTo(Path.of("target", "explorer", full ? "full" : "."));
    System.out.printf(
        Locale.ROOT,
        "%s; process CPU %.1f s%n",
        report.summary(),
        (os.getProcessCpuTime() - cpu) / 1e9);

    report.assertNoViolations();
    report.assertFullCoverage();
    assertThat(report.transitionPairCoverage().covered()).isPositive();
  }
}
