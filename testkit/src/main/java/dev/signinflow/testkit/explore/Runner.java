package dev.signinflow.testkit.explore;

import dev.signinflow.engine.FlowSnapshot;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.testkit.explore.Invariants.Finding;
import dev.signinflow.transport.fake.FakeClerk;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Runs one sequence from scratch in a fresh world, checking the invariants after every step: the
 * way failures are shrunk and fixtures replayed.
 */
final class Runner {
  /**
   * The first broken invariant of a run, at a step (0-based), with every other invariant that broke
   * at that step.
   */
  record Failure(int step, String invariant, String message, List<String> alsoBroken) {
    Failure(int step, String invariant, String message) {
      this(step, invariant, message, List.of(invariant));
    }

    /** True when this invariant broke at the failing step. */
    boolean broke(String name) {
      return alsoBroken.contains(name);
    }

    /** This failure, led by the named invariant if it broke too. */
    Failure about(String name, List<Finding> findings) {
      for (Finding f : findings) {
        if (f.invariant().equals(name)) {
          return new Failure(step, name, f.message(), alsoBroken);
        }
      }
      return this;
    }
  }

  /** What a run did. */
  record Result(
      List<TraceStep> trace, String finalKey, Optional<Failure> failure, List<Finding> findings) {
    /** The failure, led by the named invariant when it broke at the failing step. */
    Optional<Failure> failure(String invariant) {
      return failure.filter(f -> f.broke(invariant)).map(f -> f.about(invariant, findings));
    }
  }

  private Runner() {}

  /**
   * Runs the actions; with {@code resumeAfter = k}, the flow is snapshotted after step k (0: before
   * the first) and resumed on another engine, as another node would.
   *
   * @param stopAtFirst stop at the first broken invariant
   */
  static Result run(
      Scenario scenario,
      Config config,
      Function<FakeClerk, SignInGateway> gateway,
      EngineHost host,
      List<Action> actions,
      OptionalInt resumeAfter,
      boolean stopAtFirst) {
    Optional<Failure> failure = Optional.empty();
    List<Finding> lastFindings = List.of();
    try (World w = World.start(scenario, config, gateway, host)) {
      for (int i = 0; i < actions.size(); i++) {
        if (resumeAfter.isPresent() && resumeAfter.getAsInt() == i) {
          Optional<Failure> f = resume(w, i);
          if (failure.isEmpty()) {
            failure = f;
          }
        }
        World.StepRecord s = w.step(actions.get(i));
        List<Finding> findings = Invariants.check(w, s);
        if (failure.isEmpty() && !findings.isEmpty()) {
          failure =
              Optional.of(
                  new Failure(
                      i,
                      findings.get(0).invariant(),
                      findings.get(0).message(),
                      findings.stream().map(Finding::invariant).toList()));
          lastFindings = findings;
        }
        if (stopAtFirst && failure.isPresent()) {
          break;
        }
      }
      return new Result(List.copyOf(w.trace), w.exactKey(), failure, lastFindings);
    }
  }

  private static Optional<Failure> resume(World w, int at) {
    FlowSnapshot before = w.flow.snapshot();
    w.gateway.newStep();
    FlowSnapshot back = w.resumeElsewhere();
    if (!w.gateway.calls().isEmpty()) {
      return Optional.of(
          new Failure(
              at,
              Invariants.RESUME_CONTINUES_ALIKE,
              "resuming a snapshot called " + w.gateway.calls()));
    }
    if (!back.equals(before) || !w.flow.snapshot().equals(before)) {
      return Optional.of(
          new Failure(
              at, Invariants.RESUME_CONTINUES_ALIKE, "a snapshot read back from JSON differs"));
    }
    return Optional.empty();
  }

  /**
   * The difference between continuing directly and continuing after a snapshot and resume, if there
   * is one.
   */
  static Optional<Failure> resumeDiffers(
      Scenario scenario, Config config, EngineHost host, List<Action> actions, int resumeAfter) {
    Result direct =
        run(scenario, config, config.gateway(), host, actions, OptionalInt.empty(), false);
    Result resumed =
        run(scenario, config, config.gateway(), host, actions, OptionalInt.of(resumeAfter), false);
    if (resumed.failure(Invariants.RESUME_CONTINUES_ALIKE).isPresent()) {
      return resumed.failure(Invariants.RESUME_CONTINUES_ALIKE);
    }
    return difference(
        direct,
        resumed,
        Invariants.RESUME_CONTINUES_ALIKE,
        "after a snapshot and resume before step " + (resumeAfter + 1));
  }

  /** The difference between the gateway under test and the one compared with it, if any. */
  static Optional<Failure> gatewaysDiffer(
      Scenario scenario, Config config, EngineHost host, List<Action> actions) {
    Result primary =
        run(scenario, config, config.gateway(), host, actions, OptionalInt.empty(), false);
    Result mirror =
        run(
            scenario,
            config,
            config.mirror().orElseThrow(),
            host,
            actions,
            OptionalInt.empty(),
            false);
    return difference(primary, mirror, Invariants.GATEWAYS_AGREE, "over the compared gateway");
  }

  static Optional<Failure> difference(Result a, Result b, String invariant, String how) {
    int n = Math.min(a.trace().size(), b.trace().size());
    for (int i = 0; i < n; i++) {
      if (!a.trace().get(i).equals(b.trace().get(i))) {
        return Optional.of(
            new Failure(
                i,
                invariant,
                "step "
                    + (i + 1)
                    + " "
                    + how
                    + " gave "
                    + b.trace().get(i)
                    + " instead of "
                    + a.trace().get(i)));
      }
    }
    if (a.trace().size() != b.trace().size()) {
      return Optional.of(new Failure(n, invariant, how + " the traces differ in length"));
    }
    if (!a.finalKey().equals(b.finalKey())) {
      return Optional.of(
          new Failure(
              n - 1,
              invariant,
              how
                  + " the steps agree, but the states after them differ:\n"
                  + diff(a.finalKey(), b.finalKey())));
    }
    return Optional.empty();
  }

  /** The lines of two keys that differ. */
  static String diff(String a, String b) {
    List<String> out = new ArrayList<>();
    String[] x = a.split("\n");
    String[] y = b.split("\n");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String l = i < x.length ? x[i] : "";
      String r = i < y.length ? y[i] : "";
      if (!l.equals(r)) {
        out.add("- " + l + "\n+ " + r);
      }
    }
    return String.join("\n", out);
  }
}
