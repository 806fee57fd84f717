package dev.signinflow.testkit.explore;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The explorer over this project's engine and fake: every sequence of up to six steps, for the
 * representative scenarios (or, with {@code -Dexplorer.full=true}, the full matrix), with random
 * walks and the pair witnesses ({@link ScenarioMatrix#pairWitnesses()}) beside. The build fails on
 * a broken invariant, below full state, transition and (state, event) coverage, or below every
 * feasible transition pair. The report goes to {@code target/explorer/coverage.{json,md}}; with
 * {@code -Dexplorer.writeWitnesses=true} the run rewrites the pair witnesses from what it found.
 *
 * <pre>
 * ./mvnw -q -pl transport-fake -am test -Dtest=TransitionExplorerTest -Dsurefire.failIfNoSpecifiedTests=false
 * ./mvnw -q -pl transport-fake -am test -Dtest=TransitionExplorerTest -Dsurefire.failIfNoSpecifiedTests=false -Dexplorer.full=true
 * </pre>
 */
class TransitionExplorerTest {

  @Test
  void everySequenceUpToSixStepsKeepsEveryInvariantAndCoversTheWholeMachine() throws IOException {
    boolean full = Boolean.getBoolean("explorer.full");
    List<Scenario> scenarios = full ? ScenarioMatrix.full() : ScenarioMatrix.representative();
    TransitionExplorer explorer =
        TransitionExplorer.builder()
            .scenarios(scenarios)
            .depth(Integer.getInteger("explorer.depth", TransitionExplorer.DEFAULT_DEPTH))
            .randomWalks(20, 300)
            .sequences(ScenarioMatrix.pairWitnesses())
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

    if (Boolean.getBoolean("explorer.writeWitnesses")) {
      Path file =
          Path.of("src", "main", "resources", "dev", "signinflow", "testkit", "explore")
              .resolve("pair-witnesses.json");
      Files.writeString(file, DirectedSequence.toJson(report.pairWitnesses()));
    }

    report.assertNoViolations();
    report.assertFullCoverage();
    report.assertFeasiblePairCoverage();
  }
}
