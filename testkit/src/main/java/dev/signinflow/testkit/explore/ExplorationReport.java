package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInState;
import dev.signinflow.testkit.explore.Coverage.StateEvent;
import dev.signinflow.testkit.explore.TransitionTable.Pair;
import dev.signinflow.testkit.explore.TransitionTable.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an exploration found: the broken invariants (each shrunk to a fixture), and how much of the
 * machine the explored steps covered — states, transitions (each row of the table and each branch
 * of a choice), (state, event) pairs, rejections included, and pairs of transitions taken one after
 * the other.
 *
 * <p>Immutable and thread-safe. {@link #writeTo(Path)} writes {@code coverage.json} and {@code
 * coverage.md}.
 */
public final class ExplorationReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<ScenarioExploration.Result> results;
  private final ExplorerSettings settings;
  private final long seed;
  private final Coverage coverage = new Coverage();
  private final Optional<Duration> elapsed;

  ExplorationReport(
      List<ScenarioExploration.Result> results,
      ExplorerSettings settings,
      long seed,
      Optional<Duration> elapsed) {
    this.results = List.copyOf(results);
    this.settings = settings;
    this.seed = seed;
    this.elapsed = elapsed;
    for (ScenarioExploration.Result r : results) {
      coverage.merge(r.coverage());
    }
  }

  /** This report, saying how long the run took (measured by the caller). */
  public ExplorationReport withElapsed(Duration took) {
    return new ExplorationReport(
        results, settings, seed, Optional.of(requireNonNull(took, "took")));
  }

  // ---- figures --------------------------------------------------------------------------------

  /** The scenarios explored. */
  public List<String> scenarios() {
    return results.stream().map(r -> r.scenario().name()).toList();
  }

  /** Sequences run: every explored sequence, those pruned and those refused included. */
  public long sequences() {
    return results.stream().mapToLong(ScenarioExploration.Result::sequences).sum();
  }

  /** Steps executed, replays of prefixes and random walks included. */
  public long steps() {
    return results.stream().mapToLong(ScenarioExploration.Result::steps).sum();
  }

  /** Distinct (flow, fake) states reached by the exhaustive search, summed over the scenarios. */
  public long distinctStates() {
    return results.stream().mapToLong(ScenarioExploration.Result::states).sum();
  }

  /** Sequences not extended because their state had been reached already. */
  public long prunedSequences() {
    return results.stream().mapToLong(ScenarioExploration.Result::pruned).sum();
  }

  /** Steps taken by the random walks. */
  public long walkSteps() {
    return results.stream().mapToLong(ScenarioExploration.Result::walkSteps).sum();
  }

  /** Sequences re-run through a snapshot and a resume on another engine. */
  public long resumeChecks() {
    return results.stream().mapToLong(ScenarioExploration.Result::resumeChecks).sum();
  }

  /** The flow states seen, of the four. */
  public CoverageFigure stateCoverage() {
    return new CoverageFigure(coverage.states.size(), SignInState.values().length);
  }

  /** The table's rows taken (one per transition, one per choice branch). */
  public CoverageFigure transitionCoverage() {
    int covered = (int) TransitionTable.ROWS.stream().filter(coverage.rows::containsKey).count();
    return new CoverageFigure(covered, TransitionTable.ROWS.size());
  }

  /** The (state, event) pairs sent, of all 28, allowed or not. */
  public CoverageFigure stateEventCoverage() {
    return new CoverageFigure(
        coverage.stateEvents.size(), SignInState.values().length * SignInEvent.values().length);
  }

  /**
   * The pairs of rows taken one after the other, of those where the second starts where the first
   * ends.
   */
  public CoverageFigure transitionPairCoverage() {
    List<Pair> all = TransitionTable.pairs();
    int covered = (int) all.stream().filter(coverage.pairs::containsKey).count();
    return new CoverageFigure(covered, all.size());
  }

  /**
   * The feasible pairs of rows taken one after the other: of all the pairs, those a sequence can
   * take (the others, each with the reason it is impossible, are {@link
   * #infeasibleTransitionPairs()}).
   */
  public CoverageFigure feasibleTransitionPairCoverage() {
    List<Pair> feasible = TransitionTable.feasiblePairs();
    int covered = (int) feasible.stream().filter(coverage.pairs::containsKey).count();
    return new CoverageFigure(covered, feasible.size());
  }

  /** The feasible pairs of rows never taken one after the other, one line each. */
  public List<String> uncoveredTransitionPairs() {
    return TransitionTable.feasiblePairs().stream()
        .filter(p -> !coverage.pairs.containsKey(p))
        .map(Pair::toString)
        .toList();
  }

  /**
   * The pairs of rows no sequence can take, each with the reason ("pair: reason"), one line each.
   */
  public List<String> infeasibleTransitionPairs() {
    return TransitionTable.INFEASIBLE.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .toList();
  }

  /**
   * The pairs held infeasible that a sequence took all the same, one line each: each one means the
   * reason given for it no longer holds (the engine, the fake or the explorer changed).
   */
  public List<String> infeasibleTransitionPairsTaken() {
    return TransitionTable.INFEASIBLE.keySet().stream()
        .filter(coverage.pairs::containsKey)
        .map(Pair::toString)
        .toList();
  }

  /** What was not covered, one line each: states, rows, (state, event) pairs. */
  public List<String> uncovered() {
    List<String> out = new ArrayList<>();
    for (SignInState s : SignInState.values()) {
      if (!coverage.states.contains(s)) {
        out.add("state " + s);
      }
    }
    for (Row r : TransitionTable.ROWS) {
      if (!coverage.rows.containsKey(r)) {
        out.add("transition " + r);
      }
    }
    for (SignInState s : SignInState.values()) {
      for (SignInEvent e : SignInEvent.values()) {
        if (!coverage.stateEvents.containsKey(new StateEvent(s, e))) {
          out.add("(state, event) " + s + " × " + e);
        }
      }
    }
    return out;
  }

  /**
   * For each transition pair taken, the shortest sequence found that took it (labelled with the
   * pair; one under the timeout plan only when no other took it), in the table's order: replayed as
   * {@link TransitionExplorer.Builder#sequences}, they take the same pairs again without the
   * search.
   */
  public List<DirectedSequence> pairWitnesses() {
    Map<Pair, DirectedSequence> best = new LinkedHashMap<>();
    for (ScenarioExploration.Result r : results) {
      r.witnesses()
          .forEach(
              (pair, actions) ->
                  best.merge(
                      pair,
                      new DirectedSequence(r.scenario(), actions, pair.toString()),
                      (a, b) -> rank(b) < rank(a) ? b : a));
    }
    return TransitionTable.pairs().stream().filter(best::containsKey).map(best::get).toList();
  }

  /**
   * Shorter first; a sequence under the timeout plan after any other, since over HTTP the JDK
   * client resends a dropped GET (a known difference, docs/testing.md), so a differential run
   * cannot replay it.
   */
  private static long rank(DirectedSequence d) {
    return (d.scenario().faults() == FaultPlan.TIMEOUT ? 1_000_000L : 0L) + d.actions().size();
  }

  // ---- verdicts -------------------------------------------------------------------------------

  /** The broken invariants, one per scenario and invariant, each shrunk. */
  public List<Violation> violations() {
    List<Violation> out = new ArrayList<>();
    results.forEach(r -> out.addAll(r.violations()));
    return out;
  }

  /**
   * Fails when an invariant broke.
   *
   * @throws AssertionError naming the first violation, with its shrunk fixture's JSON and a line
   *     that says how to replay it
   */
  public void assertNoViolations() {
    List<Violation> v = violations();
    if (v.isEmpty()) {
      return;
    }
    Violation first = v.get(0);
    StringBuilder m = new StringBuilder();
    m.append("The transition explorer found ")
        .append(v.size())
        .append(" broken invariant(s). First: ")
        .append(first.invariant())
        .append(" in ")
        .append(first.scenario())
        .append("\n  ")
        .append(first.message())
        .append("\n  shrunk from ")
        .append(first.originalLength())
        .append(" to ")
        .append(first.actions().size())
        .append(" step(s): ")
        .append(first.actions())
        .append("\n")
        .append(first.fixtureJson())
        .append(first.replayHint());
    for (Violation other : v.subList(1, v.size())) {
      m.append("\n- ").append(other);
    }
    throw new AssertionError(m.toString());
  }

  /**
   * Fails unless every state, transition and (state, event) pair was covered.
   *
   * @throws AssertionError listing what was not
   */
  public void assertFullCoverage() {
    List<String> missing = uncovered();
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "The transition explorer did not cover "
              + missing.size()
              + " item(s) ("
              + summary()
              + "):\n  "
              + String.join("\n  ", missing));
    }
  }

  /**
   * Fails unless every feasible pair of rows was taken one after the other, or when a pair held
   * infeasible was taken (its reason no longer holds).
   *
   * @throws AssertionError listing the feasible pairs not covered and the infeasible ones taken
   */
  public void assertFeasiblePairCoverage() {
    List<String> missing = uncoveredTransitionPairs();
    List<String> impossible = infeasibleTransitionPairsTaken();
    if (missing.isEmpty() && impossible.isEmpty()) {
      return;
    }
    StringBuilder m = new StringBuilder("The transition explorer");
    if (!missing.isEmpty()) {
      m.append(" did not take ")
          .append(missing.size())
          .append(" feasible transition pair(s) (")
          .append(feasibleTransitionPairCoverage())
          .append("):\n  ")
          .append(String.join("\n  ", missing));
    }
    if (!impossible.isEmpty()) {
      m.append(missing.isEmpty() ? "" : "\nand it")
          .append(" took ")
          .append(impossible.size())
          .append(" pair(s) held infeasible, whose reason no longer holds:\n  ")
          .append(String.join("\n  ", impossible));
    }
    throw new AssertionError(m.append("\n(").append(summary()).append(')').toString());
  }

  /** The figures in one line. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d scenarios, depth %d: %d sequences, %d steps, %d distinct states, %d pruned,"
            + " %d walk steps, %d resume checks; states %s, transitions %s, state×event %s,"
            + " transition pairs %s (feasible %s); %d violation(s)%s",
        results.size(),
        settings.depth(),
        sequences(),
        steps(),
        distinctStates(),
        prunedSequences(),
        walkSteps(),
        resumeChecks(),
        stateCoverage(),
        transitionCoverage(),
        stateEventCoverage(),
        transitionPairCoverage(),
        feasibleTransitionPairCoverage(),
        violations().size(),
        elapsed.map(d -> String.format(Locale.ROOT, "; %.1f s", d.toMillis() / 1000.0)).orElse(""));
  }

  @Override
  public String toString() {
    return "ExplorationReport[" + summary() + "]";
  }

  // ---- files ----------------------------------------------------------------------------------

  /**
   * Writes {@code coverage.json} and {@code coverage.md} into the directory, creating it.
   *
   * @throws UncheckedIOException when they cannot be written
   */
  public void writeTo(Path directory) {
    requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("coverage.json"), toJson(), StandardCharsets.UTF_8);
      Files.writeString(directory.resolve("coverage.md"), toMarkdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the explorer's report to " + directory, e);
    }
  }

  /** The report as JSON. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode run = o.putObject("run");
    run.put("scenarios", results.size());
    run.put("depth", settings.depth());
    run.put("walks", settings.walks());
    run.put("walk_length", settings.walkLength());
    run.put("resume_sample_rate", settings.resumeSampleRate());
    run.put("seed", seed);
    elapsed.ifPresent(d -> run.put("elapsed_ms", d.toMillis()));
    ObjectNode figures = o.putObject("figures");
    figures.put("sequences", sequences());
    figures.put("steps", steps());
    figures.put("distinct_states", distinctStates());
    figures.put("pruned_sequences", prunedSequences());
    figures.put("walk_steps", walkSteps());
    figures.put("resume_checks", resumeChecks());
    ObjectNode cov = o.putObject("coverage");
    figure(cov.putObject("states"), stateCoverage());
    figure(cov.putObject("transitions"), transitionCoverage());
    figure(cov.putObject("state_events"), stateEventCoverage());
    figure(cov.putObject("transition_pairs"), transitionPairCoverage());
    figure(cov.putObject("feasible_transition_pairs"), feasibleTransitionPairCoverage());
    ArrayNode rows = o.putArray("transitions");
    for (Row r : TransitionTable.ROWS) {
      ObjectNode n = rows.addObject();
      n.put("from", r.from().name());
      n.put("event", r.event().name());
      n.put("branch", r.branch().isEmpty() ? "-" : r.branch());
      n.put("to", r.to().name());
      n.put("times", coverage.rows.getOrDefault(r, 0L));
      ArrayNode kinds = n.putArray("outcomes");
      coverage.rowOutcomes.getOrDefault(r, Set.of()).forEach(kinds::add);
    }
    ArrayNode missingPairs = o.putArray("transition_pairs_not_covered");
    uncoveredTransitionPairs().forEach(missingPairs::add);
    ArrayNode infeasible = o.putArray("transition_pairs_infeasible");
    TransitionTable.INFEASIBLE.forEach(
        (p, why) -> infeasible.addObject().put("pair", p.toString()).put("reason", why));
    ArrayNode takenAnyway = o.putArray("infeasible_transition_pairs_taken");
    infeasibleTransitionPairsTaken().forEach(takenAnyway::add);
    ArrayNode pairs = o.putArray("state_events");
    for (SignInState s : SignInState.values()) {
      for (SignInEvent e : SignInEvent.values()) {
        StateEvent se = new StateEvent(s, e);
        ObjectNode n = pairs.addObject();
        n.put("state", s.name());
        n.put("event", e.name());
        n.put("allowed", TransitionTable.allowed(s, e));
        n.put("times", coverage.stateEvents.getOrDefault(se, 0L));
        ArrayNode kinds = n.putArray("outcomes");
        coverage.stateEventOutcomes.getOrDefault(se, Set.of()).forEach(kinds::add);
      }
    }
    ArrayNode scenarios = o.putArray("scenarios");
    for (ScenarioExploration.Result r : results) {
      ObjectNode n = scenarios.addObject();
      n.put("name", r.scenario().name());
      n.put("sequences", r.sequences());
      n.put("distinct_states", r.states());
      n.put("pruned", r.pruned());
      n.put("walk_steps", r.walkSteps());
      n.put("violations", r.violations().size());
    }
    ArrayNode violations = o.putArray("violations");
    for (Violation v : violations()) {
      ObjectNode n = violations.addObject();
      n.put("invariant", v.invariant());
      n.put("scenario", v.scenario());
      n.put("message", v.message());
      ArrayNode a = n.putArray("actions");
      v.actions().forEach(x -> a.add(x.name()));
      n.put("occurrences", v.occurrences());
      v.fixtureFile().ifPresent(f -> n.put("fixture", f.toString()));
    }
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report could not be written as JSON", e);
    }
  }

  private static void figure(ObjectNode n, CoverageFigure f) {
    n.put("covered", f.covered());
    n.put("total", f.total());
    n.put("percent", Math.round(f.percent() * 10) / 10.0);
  }

  /** The report as Markdown. */
  public String toMarkdown() {
    StringBuilder m = new StringBuilder("# Transition explorer report\n\n");
    m.append(summary()).append(".\n\n");
    m.append("| coverage | covered | total | % |\n| --- | ---: | ---: | ---: |\n");
    row(m, "states", stateCoverage());
    row(m, "transitions (rows and choice branches)", transitionCoverage());
    row(m, "(state, event) pairs", stateEventCoverage());
    row(m, "transition pairs", transitionPairCoverage());
    row(m, "feasible transition pairs", feasibleTransitionPairCoverage());
    m.append("\n## Transitions\n\n| from | event | branch | to | times | outcomes |\n")
        .append("| --- | --- | --- | --- | ---: | --- |\n");
    for (Row r : TransitionTable.ROWS) {
      m.append("| ")
          .append(r.from())
          .append(" | ")
          .append(r.event())
          .append(" | ")
          .append(r.branch().isEmpty() ? "—" : "[" + r.branch() + "]")
          .append(" | ")
          .append(r.to())
          .append(" | ")
          .append(coverage.rows.getOrDefault(r, 0L))
          .append(" | ")
          .append(String.join(", ", coverage.rowOutcomes.getOrDefault(r, Set.of())))
          .append(" |\n");
    }
    m.append("\n## State × event\n\nEach cell: how often the event was sent in the state, and the")
        .append(" outcomes seen (rejected pairs answer ILLEGAL_EVENT).\n\n| state |");
    for (SignInEvent e : SignInEvent.values()) {
      m.append(' ').append(e).append(" |");
    }
    m.append("\n| --- |").append(" --- |".repeat(SignInEvent.values().length)).append('\n');
    for (SignInState s : SignInState.values()) {
      m.append("| ").append(s).append(" |");
      for (SignInEvent e : SignInEvent.values()) {
        StateEvent se = new StateEvent(s, e);
        m.append(' ')
            .append(coverage.stateEvents.getOrDefault(se, 0L))
            .append(": ")
            .append(String.join(", ", coverage.stateEventOutcomes.getOrDefault(se, Set.of())))
            .append(" |");
      }
      m.append('\n');
    }
    m.append("\n## Feasible transition pairs not covered\n\n");
    List<String> missing = uncoveredTransitionPairs();
    if (missing.isEmpty()) {
      m.append("None.\n");
    }
    for (String p : missing) {
      m.append("- ").append(p).append('\n');
    }
    m.append("\n## Transition pairs no sequence can take\n\n");
    TransitionTable.INFEASIBLE.forEach(
        (p, why) -> m.append("- ").append(p).append(": ").append(why).append('\n'));
    List<String> taken = infeasibleTransitionPairsTaken();
    if (!taken.isEmpty()) {
      m.append("\nTaken all the same (the reason no longer holds):\n\n");
      taken.forEach(p -> m.append("- ").append(p).append('\n'));
    }
    m.append("\n## Scenarios\n\n| scenario | sequences | distinct states | pruned | walk steps |")
        .append(" violations |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (ScenarioExploration.Result r : results) {
      m.append("| ")
          .append(r.scenario().name())
          .append(" | ")
          .append(r.sequences())
          .append(" | ")
          .append(r.states())
          .append(" | ")
          .append(r.pruned())
          .append(" | ")
          .append(r.walkSteps())
          .append(" | ")
          .append(r.violations().size())
          .append(" |\n");
    }
    m.append("\n## Violations\n\n");
    List<Violation> v = violations();
    if (v.isEmpty()) {
      m.append("None.\n");
    }
    for (Violation x : v) {
      m.append("- **")
          .append(x.invariant())
          .append("** in `")
          .append(x.scenario())
          .append("` (")
          .append(x.occurrences())
          .append(" sequence(s)): ")
          .append(x.message().replace('\n', ' '))
          .append("; shrunk to ")
          .append(x.actions())
          .append(x.fixtureFile().map(f -> "; fixture `" + f + "`").orElse(""))
          .append('\n');
    }
    return m.toString();
  }

  private static void row(StringBuilder m, String name, CoverageFigure f) {
    m.append("| ")
        .append(name)
        .append(" | ")
        .append(f.covered())
        .append(" | ")
        .append(f.total())
        .append(" | ")
        .append(String.format(Locale.ROOT, "%.1f", f.percent()))
        .append(" |\n");
  }
}
