package dev.signinflow.testkit.explore;

import dev.signinflow.testkit.explore.Invariants.Finding;
import dev.signinflow.testkit.explore.TransitionTable.Pair;
import dev.signinflow.testkit.explore.TransitionTable.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Explores one scenario: every sequence up to the depth, breadth first, replaying prefixes from
 * scratch (the fake cannot be copied) and pruning a sequence whose state was reached at the same or
 * a smaller depth by a sequence whose last transition was the same (so that every pair of
 * transitions the depth allows is taken); then seeded random walks and the directed sequences; then
 * shrinks what failed. Keeps, for each transition pair, the first sequence that took it.
 *
 * <p>Not thread-safe: one thread explores one scenario.
 */
final class ScenarioExploration {

  /** A sequence whose end state is new, to be extended. */
  private record Node(
      List<Action> actions, List<TraceStep> trace, String key, Optional<Row> lastRow) {}

  private enum Kind {
    INVARIANT,
    RESUME,
    DIFFERENTIAL,
    DETERMINISM
  }

  /** A broken invariant as found, before shrinking. */
  private record Raw(
      Kind kind, String invariant, String message, List<Action> actions, OptionalInt resumeAfter) {}

  /** The two worlds a differential run steps together. */
  private static final class Worlds implements AutoCloseable {
    final World primary;
    final World mirror;

    Worlds(World primary, World mirror) {
      this.primary = primary;
      this.mirror = mirror;
    }

    @Override
    public void close() {
      try {
        primary.close();
      } finally {
        if (mirror != null) {
          mirror.close();
        }
      }
    }
  }

  /** What exploring one scenario gave. */
  record Result(
      Scenario scenario,
      Coverage coverage,
      long sequences,
      long steps,
      int states,
      long pruned,
      long walkSteps,
      long resumeChecks,
      List<Violation> violations,
      Map<Pair, List<Action>> witnesses) {}

  private final Scenario scenario;
  private final Config config;
  private final ExplorerSettings settings;
  private final Coverage coverage = new Coverage();
  private final Map<String, Integer> visited = new HashMap<>();
  private final Map<String, List<Raw>> failures = new LinkedHashMap<>();
  private final Random sampler;
  private final EngineHost host;
  private final long[] offsets;
  private final boolean search;
  private final List<List<Action>> directed;
  private final Map<Pair, List<Action>> witnesses = new LinkedHashMap<>();
  private long sequences;
  private long steps;
  private long pruned;
  private long walkSteps;
  private long resumeChecks;

  /**
   * @param search whether to run the exhaustive search and walks, or only the directed sequences
   * @param directed sequences to run as they are
   */
  ScenarioExploration(
      Scenario scenario,
      Config config,
      ExplorerSettings settings,
      boolean search,
      List<List<Action>> directed) {
    this.scenario = scenario;
    this.search = search;
    this.directed = List.copyOf(directed);
    this.config = config;
    this.settings = settings;
    this.sampler = new Random(config.seed() * 31 + scenario.name().hashCode());
    this.host = new EngineHost(config);
    this.offsets = World.offsets(scenario, config, settings.depth());
  }

  Result run(List<Integer> walks) {
    List<Violation> violations = new ArrayList<>();
    try (host) {
      if (search) {
        exhaustive();
        for (int walk : walks) {
          walk(walk);
        }
      }
      for (List<Action> d : directed) {
        directed(d);
      }
      for (Map.Entry<String, List<Raw>> e : failures.entrySet()) {
        violations.add(shrink(e.getValue().get(0), e.getValue().size()));
      }
    }
    return new Result(
        scenario,
        coverage,
        sequences,
        steps,
        visited.size(),
        pruned,
        walkSteps,
        resumeChecks,
        violations,
        Map.copyOf(witnesses));
  }

  /** Counts a step for coverage, keeping the sequence as the witness of a pair first taken. */
  private Optional<Row> count(World.StepRecord s, Optional<Row> previous, List<Action> sequence) {
    Optional<Row> row = coverage.count(s, previous);
    if (coverage.lastPair != null && !witnesses.containsKey(coverage.lastPair)) {
      witnesses.put(coverage.lastPair, List.copyOf(sequence));
    }
    return row;
  }

  // ---- the exhaustive search ------------------------------------------------------------------

  private Worlds start() {
    World primary = World.start(scenario, config, config.gateway(), host);
    primary.keyDepth(offsets);
    World mirror = null;
    try {
      if (config.mirror().isPresent()) {
        mirror = World.start(scenario, config, config.mirror().get(), host);
        mirror.keyDepth(offsets);
      }
    } catch (RuntimeException e) {
      primary.close();
      throw e;
    }
    return new Worlds(primary, mirror);
  }

  private void exhaustive() {
    List<Node> frontier = new ArrayList<>();
    try (Worlds root = start()) {
      String key = root.primary.key();
      visited.put(key, 0);
      frontier.add(new Node(List.of(), List.of(), key, Optional.empty()));
    }
    for (int depth = 0; depth < settings.depth(); depth++) {
      List<Node> next = new ArrayList<>();
      for (Node node : frontier) {
        expand(node, depth, next);
      }
      frontier = next;
    }
  }

  private void expand(Node node, int depth, List<Node> next) {
    Worlds w = null;
    try {
      for (Action a : Action.values()) {
        if (w == null) {
          w = replay(node);
          if (w == null) {
            return;
          }
        }
        if (!w.primary.applicable(a)) {
          continue;
        }
        java.time.Instant clockBefore = w.primary.fake.clock().instant();
        World.Truth truthBefore = w.primary.truth.copy();
        World.Truth mirrorTruthBefore = w.mirror == null ? null : w.mirror.truth.copy();
        World.StepRecord s = w.primary.step(a);
        sequences++;
        steps++;
        List<Action> sequence = append(node.actions, a);
        List<Finding> findings = Invariants.check(w.primary, s);
        for (Finding f : findings) {
          fail(new Raw(Kind.INVARIANT, f.invariant(), f.message(), sequence, OptionalInt.empty()));
        }
        Optional<Row> row = count(s, node.lastRow, sequence);
        String key = w.primary.key();
        boolean mirrored = true;
        if (w.mirror != null) {
          World.StepRecord m = w.mirror.step(a);
          String exact = w.primary.exactKey();
          String mirrorKey = w.mirror.exactKey();
          if (!m.trace.equals(s.trace) || !mirrorKey.equals(exact)) {
            mirrored = false;
            fail(
                new Raw(
                    Kind.DIFFERENTIAL,
                    Invariants.GATEWAYS_AGREE,
                    !m.trace.equals(s.trace)
                        ? "the compared gateway gave " + m.trace + " instead of " + s.trace
                        : "the states differ:\n" + Runner.diff(exact, mirrorKey),
                    sequence,
                    OptionalInt.empty()));
          }
        }
        if (settings.resumeSampleRate() > 0
            && host.drivesTheEngine()
            && sampler.nextDouble() < settings.resumeSampleRate()) {
          checkResume(sequence, w.primary.trace, w.primary.exactKey());
        }
        if (s.result != null
            && s.calls.isEmpty()
            && clockBefore.equals(w.primary.fake.clock().instant())
            && findings.isEmpty()
            && mirrored
            && key.equals(node.key)) {
          // Refused without a call and nothing changed: the world is still at the node's state.
          undo(w.primary, truthBefore);
          if (w.mirror != null) {
            undo(w.mirror, mirrorTruthBefore);
          }
          continue;
        }
        // The last transition is part of what is visited: pairs depend on the path.
        String seen = key + "\n" + row.map(Row::toString).orElse("-");
        if (visited.containsKey(seen)) {
          pruned++;
        } else {
          visited.put(seen, depth + 1);
          if (depth + 1 < settings.depth() && findings.isEmpty() && mirrored) {
            next.add(new Node(sequence, List.copyOf(w.primary.trace), key, row));
          }
        }
        w.close();
        w = null;
      }
    } finally {
      if (w != null) {
        w.close();
      }
    }
  }

  private static void undo(World w, World.Truth truthBefore) {
    w.trace.remove(w.trace.size() - 1);
    w.truth = truthBefore;
  }

  /** A fresh world (or two) run to the node's state; null when the replay did not agree. */
  private Worlds replay(Node node) {
    Worlds w = start();
    for (Action a : node.actions) {
      w.primary.step(a);
      steps++;
      if (w.mirror != null) {
        w.mirror.step(a);
      }
    }
    if (!w.primary.trace.equals(node.trace) || !w.primary.key().equals(node.key)) {
      fail(
          new Raw(
              Kind.DETERMINISM,
              Invariants.DETERMINISTIC_REPLAY,
              "replaying "
                  + node.actions
                  + " gave "
                  + w.primary.trace
                  + " instead of "
                  + node.trace,
              node.actions,
              OptionalInt.empty()));
      w.close();
      return null;
    }
    return w;
  }

  private void checkResume(List<Action> sequence, List<TraceStep> direct, String directKey) {
    resumeChecks++;
    int k = sampler.nextInt(sequence.size());
    Runner.Result resumed =
        Runner.run(scenario, config, config.gateway(), host, sequence, OptionalInt.of(k), false);
    Runner.Result expected =
        new Runner.Result(List.copyOf(direct), directKey, Optional.empty(), List.of());
    Optional<Runner.Failure> f = resumed.failure(Invariants.RESUME_CONTINUES_ALIKE);
    if (f.isEmpty()) {
      f =
          Runner.difference(
              expected,
              resumed,
              Invariants.RESUME_CONTINUES_ALIKE,
              "after a snapshot and resume before step " + (k + 1));
    }
    f.ifPresent(
        x -> fail(new Raw(Kind.RESUME, x.invariant(), x.message(), sequence, OptionalInt.of(k))));
  }

  // ---- random walks ---------------------------------------------------------------------------

  private void walk(int index) {
    Random random = new Random(config.seed() * 1_000_003L + index);
    List<Action> sequence = new ArrayList<>();
    try (World w = World.start(scenario, config, config.gateway(), host)) {
      Optional<Row> last = Optional.empty();
      for (int i = 0; i < settings.walkLength(); i++) {
        List<Action> candidates = new ArrayList<>();
        for (Action a : Action.values()) {
          if (w.applicable(a)) {
            candidates.add(a);
          }
        }
        Action a = candidates.get(random.nextInt(candidates.size()));
        sequence.add(a);
        World.StepRecord s = w.step(a);
        walkSteps++;
        steps++;
        last = count(s, last, sequence);
        List<Finding> findings = Invariants.check(w, s);
        if (!findings.isEmpty()) {
          for (Finding f : findings) {
            fail(
                new Raw(
                    Kind.INVARIANT,
                    f.invariant(),
                    f.message(),
                    List.copyOf(sequence),
                    OptionalInt.empty()));
          }
          return;
        }
      }
    }
  }

  // ---- directed sequences ---------------------------------------------------------------------

  /** Runs a sequence as it is, over both gateways when comparing; stops at its first failure. */
  private void directed(List<Action> actions) {
    List<Action> sequence = new ArrayList<>();
    try (Worlds w = start()) {
      Optional<Row> last = Optional.empty();
      for (Action a : actions) {
        if (!w.primary.applicable(a)) {
          return;
        }
        sequence.add(a);
        World.StepRecord s = w.primary.step(a);
        sequences++;
        steps++;
        last = count(s, last, sequence);
        List<Finding> findings = Invariants.check(w.primary, s);
        for (Finding f : findings) {
          fail(
              new Raw(
                  Kind.INVARIANT,
                  f.invariant(),
                  f.message(),
                  List.copyOf(sequence),
                  OptionalInt.empty()));
        }
        if (w.mirror != null) {
          World.StepRecord m = w.mirror.step(a);
          String exact = w.primary.exactKey();
          String mirrorKey = w.mirror.exactKey();
          if (!m.trace.equals(s.trace) || !mirrorKey.equals(exact)) {
            fail(
                new Raw(
                    Kind.DIFFERENTIAL,
                    Invariants.GATEWAYS_AGREE,
                    !m.trace.equals(s.trace)
                        ? "the compared gateway gave " + m.trace + " instead of " + s.trace
                        : "the states differ:\n" + Runner.diff(exact, mirrorKey),
                    List.copyOf(sequence),
                    OptionalInt.empty()));
            return;
          }
        }
        if (!findings.isEmpty()) {
          return;
        }
      }
    }
  }

  // ---- failures -------------------------------------------------------------------------------

  private void fail(Raw raw) {
    failures.computeIfAbsent(raw.invariant, k -> new ArrayList<>()).add(raw);
  }

  private Violation shrink(Raw raw, int occurrences) {
    List<Action> actions = raw.actions;
    OptionalInt resume = raw.resumeAfter;
    Shrinker.Test test = kept -> fails(raw, pick(raw.actions, kept), adjust(raw.resumeAfter, kept));
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < raw.actions.size(); i++) {
      all.add(i);
    }
    boolean reproduces = raw.kind != Kind.DETERMINISM && test.fails(all);
    if (reproduces) {
      List<Integer> kept = Shrinker.shrink(raw.actions.size(), test);
      actions = pick(raw.actions, kept);
      resume = adjust(raw.resumeAfter, kept);
    }
    Fixture fixture = fixture(raw, actions, resume, reproduces);
    Optional<Path> file = write(fixture);
    return new Violation(
        raw.invariant,
        scenario.name(),
        fixture.message().orElse(raw.message),
        actions,
        raw.actions.size(),
        occurrences,
        fixture.toJson(),
        file);
  }

  private boolean fails(Raw raw, List<Action> actions, OptionalInt resume) {
    switch (raw.kind) {
      case RESUME:
        return resume.isPresent()
            && resume.getAsInt() < actions.size()
            && Runner.resumeDiffers(scenario, config, host, actions, resume.getAsInt()).isPresent();
      case DIFFERENTIAL:
        return Runner.gatewaysDiffer(scenario, config, host, actions).isPresent();
      default:
        return Runner.run(
                scenario, config, config.gateway(), host, actions, OptionalInt.empty(), true)
            .failure(raw.invariant)
            .isPresent();
    }
  }

  private Fixture fixture(Raw raw, List<Action> actions, OptionalInt resume, boolean reproduces) {
    Runner.Result result;
    Optional<Runner.Failure> failure;
    switch (raw.kind) {
      case RESUME:
        result = Runner.run(scenario, config, config.gateway(), host, actions, resume, false);
        failure =
            resume.isPresent() && resume.getAsInt() < actions.size()
                ? Runner.resumeDiffers(scenario, config, host, actions, resume.getAsInt())
                : Optional.empty();
        break;
      case DIFFERENTIAL:
        result =
            Runner.run(
                scenario, config, config.gateway(), host, actions, OptionalInt.empty(), false);
        failure = Runner.gatewaysDiffer(scenario, config, host, actions);
        break;
      default:
        result =
            Runner.run(
                scenario, config, config.gateway(), host, actions, OptionalInt.empty(), true);
        failure = result.failure(raw.invariant);
        break;
    }
    String message =
        failure
            .map(f -> "step " + (f.step() + 1) + ": " + f.message())
            .orElse(raw.message + (reproduces ? "" : " (did not happen again when replayed)"));
    return new Fixture(
        scenario.name(),
        Optional.of(raw.invariant),
        Optional.of(message),
        config.seed(),
        config.resendPolicy(),
        raw.kind == Kind.RESUME ? resume : OptionalInt.empty(),
        raw.kind == Kind.DIFFERENTIAL,
        actions,
        result.trace());
  }

  private Optional<Path> write(Fixture fixture) {
    if (settings.outputDirectory().isEmpty()) {
      return Optional.empty();
    }
    Path dir = settings.outputDirectory().get().resolve("failures");
    String name =
        fixture.invariant().orElse("fixture") + "--" + scenario.name().replace('/', '_') + ".json";
    Path file = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      Files.writeString(file, fixture.toJson(), StandardCharsets.UTF_8);
      return Optional.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the fixture " + file, e);
    }
  }

  private static List<Action> append(List<Action> prefix, Action a) {
    List<Action> out = new ArrayList<>(prefix);
    out.add(a);
    return List.copyOf(out);
  }

  private static List<Action> pick(List<Action> actions, List<Integer> kept) {
    List<Action> out = new ArrayList<>();
    for (int i : kept) {
      out.add(actions.get(i));
    }
    return out;
  }

  /** Where the resume point falls once only the kept steps remain. */
  private static OptionalInt adjust(OptionalInt resume, List<Integer> kept) {
    if (resume.isEmpty()) {
      return resume;
    }
    int k = resume.getAsInt();
    return OptionalInt.of((int) kept.stream().filter(i -> i < k).count());
  }
}
