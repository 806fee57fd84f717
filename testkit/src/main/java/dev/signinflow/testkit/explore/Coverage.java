package dev.signinflow.testkit.explore;

import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.testkit.explore.TransitionTable.Pair;
import dev.signinflow.testkit.explore.TransitionTable.Row;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the explored steps covered: states, rows of the table, (state, event) pairs with the
 * outcomes seen, and pairs of rows taken one after the other. Mergeable; not thread-safe.
 */
final class Coverage {
  record StateEvent(SignInState state, SignInEvent event) {}

  final Set<SignInState> states = EnumSet.noneOf(SignInState.class);
  final Map<Row, Long> rows = new LinkedHashMap<>();
  final Map<Row, Set<String>> rowOutcomes = new LinkedHashMap<>();
  final Map<StateEvent, Long> stateEvents = new LinkedHashMap<>();
  final Map<StateEvent, Set<String>> stateEventOutcomes = new LinkedHashMap<>();
  final Map<Pair, Long> pairs = new LinkedHashMap<>();

  /** The pair the last counted step completed, or null when it took no row or followed none. */
  Pair lastPair;

  /**
   * Counts one step; returns the table row it took, if it took one.
   *
   * @param previous the row the sequence took last before this step, if any
   */
  Optional<Row> count(World.StepRecord s, Optional<Row> previous) {
    lastPair = null;
    states.add(s.before.state());
    states.add(s.after.state());
    if (s.result == null || s.result instanceof StepResult.Busy) {
      return previous;
    }
    StateEvent se = new StateEvent(s.before.state(), s.result.event());
    stateEvents.merge(se, 1L, Long::sum);
    stateEventOutcomes.computeIfAbsent(se, k -> new TreeSet<>()).add(s.result.kind().name());
    if (!(s.result instanceof StepResult.Applied)) {
      return previous;
    }
    Optional<Row> row = TransitionTable.row(s.before.state(), s.result.event(), s.after.state());
    if (row.isEmpty()) {
      return previous;
    }
    rows.merge(row.get(), 1L, Long::sum);
    rowOutcomes.computeIfAbsent(row.get(), k -> new TreeSet<>()).add(s.result.kind().name());
    if (previous.isPresent()) {
      lastPair = new Pair(previous.get(), row.get());
      pairs.merge(lastPair, 1L, Long::sum);
    }
    return row;
  }

  void merge(Coverage other) {
    states.addAll(other.states);
    other.rows.forEach((k, v) -> rows.merge(k, v, Long::sum));
    other.rowOutcomes.forEach(
        (k, v) -> rowOutcomes.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    other.stateEvents.forEach((k, v) -> stateEvents.merge(k, v, Long::sum));
    other.stateEventOutcomes.forEach(
        (k, v) -> stateEventOutcomes.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    other.pairs.forEach((k, v) -> pairs.merge(k, v, Long::sum));
  }
}
