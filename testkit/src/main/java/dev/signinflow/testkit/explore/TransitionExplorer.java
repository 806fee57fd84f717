package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ResendPolicy;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSignInGateway;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs every sequence of steps up to a depth through the real {@link SignInEngine} against a fresh
 * {@link FakeClerk} per sequence, for each scenario of a matrix, and checks the invariants of
 * {@code docs/testing.md} after every step.
 *
 * <pre>{@code
 * ExplorationReport report = TransitionExplorer.builder().depth(6).build().explore();
 * report.assertNoViolations();
 * report.assertFullCoverage();
 * }</pre>
 *
 * <p>Steps are {@link Action}s: each user event with arguments from a small domain (right, wrong
 * and malformed passwords and codes, each strategy), clock moves past the cooldown, a code's
 * lifetime and a sign-in's lifetime, and email-link clicks. The search is breadth first; a sequence
 * is replayed from scratch for each of its extensions (the fake cannot be copied), and one whose
 * end state — the flow's snapshot, the fake's {@link FakeClerk#stateDigest()} and what the explorer
 * knows, with times relative to the clock — was reached at the same or a smaller depth is not
 * extended. Seeded random walks of long sequences run beside it. A failing sequence is shrunk to a
 * minimal one and written as a JSON fixture that {@link FixtureReplay} replays exactly.
 *
 * <p>Time is the fake's clock only; randomness is seeded. Thread-safe: {@link #explore()} runs
 * scenarios in parallel on its own threads and may be called more than once.
 */
public final class TransitionExplorer {
  /** The depth explored unless told otherwise. */
  public static final int DEFAULT_DEPTH = 6;

  private final List<Scenario> scenarios;
  private final List<DirectedSequence> sequences;

  /** What runs, scenario by scenario: the explored ones, then those only directed sequences use. */
  private final List<Planned> plan;

  private final Config config;
  private final ExplorerSettings settings;

  /** One scenario's part of a run. */
  private record Planned(Scenario scenario, boolean search, List<List<Action>> directed) {}

  private TransitionExplorer(Builder b) {
    this.scenarios = List.copyOf(b.scenarios);
    this.sequences = List.copyOf(b.sequences);
    List<Planned> p = new ArrayList<>();
    for (Scenario s : scenarios) {
      p.add(new Planned(s, true, directedIn(s.name())));
    }
    for (DirectedSequence d : sequences) {
      String name = d.scenario().name();
      if (p.stream().noneMatch(x -> x.scenario().name().equals(name))) {
        p.add(new Planned(d.scenario(), false, directedIn(name)));
      }
    }
    this.plan = List.copyOf(p);
    this.config =
        new Config(
            b.gateway, b.mirror, b.engineOptions, b.resendPolicy, b.seed, b.busyProbe, b.sut);
    this.settings =
        new ExplorerSettings(
            b.depth, b.walks, b.walkLength, b.resumeSampleRate, b.parallelism, b.outputDirectory);
  }

  /** A builder: the representative scenarios, depth 6, the in-memory gateway. */
  public static Builder builder() {
    return new Builder();
  }

  /** The scenarios this explorer runs. */
  public List<Scenario> scenarios() {
    return scenarios;
  }

  /** The directed sequences this explorer runs beside the search. */
  public List<DirectedSequence> sequences() {
    return sequences;
  }

  private List<List<Action>> directedIn(String scenarioName) {
    return sequences.stream()
        .filter(d -> d.scenario().name().equals(scenarioName))
        .map(DirectedSequence::actions)
        .toList();
  }

  Config config() {
    return config;
  }

  /**
   * Explores every scenario.
   *
   * @throws IllegalStateException when a scenario cannot be set up (say, its known-device sign-in
   *     does not complete) or the gateway under test cannot be built
   */
  public ExplorationReport explore() {
    return new ExplorationReport(runAll(), settings, config.seed(), Optional.empty());
  }

  /**
   * One named check per scenario, and a last one that asserts full coverage over all of them, for a
   * JUnit {@code @TestFactory}:
   *
   * <pre>{@code
   * @TestFactory
   * Stream<DynamicTest> explorer() {
   *   return TransitionExplorer.builder().build().checks()
   *       .map(c -> DynamicTest.dynamicTest(c.getKey(), c.getValue()::run));
   * }
   * }</pre>
   *
   * Each check explores its scenario when run and throws {@link AssertionError} (with the shrunk
   * fixture) when an invariant broke; the coverage check reuses the scenarios already run.
   */
  public Stream<Map.Entry<String, Runnable>> checks() {
    Map<Scenario, ScenarioExploration.Result> done = new ConcurrentHashMap<>();
    List<Map.Entry<String, Runnable>> out = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      int index = i;
      Scenario s = plan.get(i).scenario();
      out.add(
          Map.entry(
              s.name(),
              () -> {
                ScenarioExploration.Result r = done.computeIfAbsent(s, x -> run(index));
                report(List.of(r)).assertNoViolations();
              }));
    }
    out.add(
        Map.entry(
            "coverage of all scenarios",
            () -> {
              List<ScenarioExploration.Result> all = new ArrayList<>();
              for (int i = 0; i < plan.size(); i++) {
                int index = i;
                all.add(done.computeIfAbsent(plan.get(i).scenario(), x -> run(index)));
              }
              report(all).assertFullCoverage();
            }));
    return out.stream();
  }

  private ExplorationReport report(List<ScenarioExploration.Result> results) {
    return new ExplorationReport(results, settings, config.seed(), Optional.empty());
  }

  private List<ScenarioExploration.Result> runAll() {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            settings.parallelism(),
            r -> {
              Thread t = new Thread(r, "transition-explorer");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<ScenarioExploration.Result>> futures = new ArrayList<>();
      for (int i = 0; i < plan.size(); i++) {
        int index = i;
        futures.add(pool.submit(() -> run(index)));
      }
      List<ScenarioExploration.Result> results = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(futures.get(i).get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException("exploring " + plan.get(i).scenario() + " failed", cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while exploring", e);
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Explores the scenario at this index of the plan, with the random walks that fall to it. */
  private ScenarioExploration.Result run(int index) {
    Planned p = plan.get(index);
    List<Integer> walks = new ArrayList<>();
    if (p.search()) {
      for (int w = index; w < settings.walks(); w += scenarios.size()) {
        walks.add(w);
      }
    }
    return new ScenarioExploration(p.scenario(), config, settings, p.search(), p.directed())
        .run(walks);
  }

  @Override
  public String toString() {
    return "TransitionExplorer[" + scenarios.size() + " scenarios, depth " + settings.depth() + "]";
  }

  /** Builds a {@link TransitionExplorer}. Not thread-safe; use once. */
  public static final class Builder {
    private List<Scenario> scenarios = ScenarioMatrix.representative();
    private List<DirectedSequence> sequences = List.of();
    private int depth = DEFAULT_DEPTH;
    private Function<FakeClerk, SignInGateway> gateway = FakeSignInGateway::over;
    private Optional<Function<FakeClerk, SignInGateway>> mirror = Optional.empty();
    private Consumer<SignInEngine.Builder> engineOptions = b -> {};
    private ResendPolicy resendPolicy = ResendPolicy.defaults();
    private long seed;
    private int walks = 20;
    private int walkLength = 300;
    private double resumeSampleRate = 0.02;
    private boolean busyProbe = true;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private Optional<Path> outputDirectory = Optional.of(Path.of("target", "explorer"));
    private SystemUnderTest sut = SystemUnderTest.engine();

    private Builder() {}

    /** The scenarios to explore; {@link ScenarioMatrix#representative()} by default. */
    public Builder scenarios(List<Scenario> list) {
      requireNonNull(list, "list");
      if (list.isEmpty()) {
        throw new IllegalArgumentException("explore at least one scenario");
      }
      this.scenarios = List.copyOf(list);
      return this;
    }

    /**
     * Sequences to run as they are, beside the search (none by default): each in a fresh world of
     * its scenario (explored or not), every invariant checked after each step, its steps counted
     * for coverage, and compared over both gateways when {@link #compareWith} is set. A sequence
     * stops at a step that cannot be taken (a right code when none was sent) or at a failure. The
     * build's runs give {@link ScenarioMatrix#pairWitnesses()} here, or the sequences a search
     * cannot reach at its depth.
     */
    public Builder sequences(List<DirectedSequence> list) {
      this.sequences = List.copyOf(requireNonNull(list, "list"));
      return this;
    }

    /**
     * How many steps the exhaustive search goes (default {@value #DEFAULT_DEPTH}).
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder depth(int steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("depth must be at least 1: " + steps);
      }
      this.depth = steps;
      return this;
    }

    /**
     * The gateway under test, built for each sequence over that sequence's fresh fake ({@link
     * FakeSignInGateway#over} by default). When it is {@link AutoCloseable}, it is closed when the
     * sequence ends. Scenarios run in parallel, so the factory may be called from several threads
     * at once.
     */
    public Builder gateway(Function<FakeClerk, SignInGateway> factory) {
      this.gateway = requireNonNull(factory, "factory");
      return this;
    }

    /**
     * A second gateway to run every sequence through as well, over its own fresh fake: each step's
     * trace (states, outcomes, error codes, calls) and the state after it must be the same as with
     * {@link #gateway}, or the invariant {@code gateways-agree} breaks. Doubles the cost.
     */
    public Builder compareWith(Function<FakeClerk, SignInGateway> factory) {
      this.mirror = Optional.of(requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Options for each engine (listeners, say). The explorer then sets the gateway, the clock, the
     * token store, the resend policy and the email-link redirect URL itself, and turns the shared
     * back-off off (one engine serves many sequences, and it would carry a 429 from one to the
     * next).
     */
    public Builder engineOptions(Consumer<SignInEngine.Builder> options) {
      this.engineOptions = requireNonNull(options, "options");
      return this;
    }

    /** The engine's resend policy ({@link ResendPolicy#defaults()} by default). */
    public Builder resendPolicy(ResendPolicy policy) {
      this.resendPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /** The seed of the fakes' random sources, the walks and the resume sample (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Random walks beside the exhaustive search: this many, of this many steps each, spread over
     * the scenarios in turn (default 20 walks of 300 steps); zero walks turns them off.
     *
     * @throws IllegalArgumentException when either is negative
     */
    public Builder randomWalks(int count, int steps) {
      if (count < 0 || steps < 0) {
        throw new IllegalArgumentException("walks and steps must not be negative");
      }
      this.walks = count;
      this.walkLength = steps;
      return this;
    }

    /**
     * The share of explored sequences also run through a snapshot, its JSON, and a resume on
     * another engine at a random step, to check they continue alike (default 0.02).
     *
     * @throws IllegalArgumentException when not within 0 and 1
     */
    public Builder resumeSampleRate(double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("the rate must be within 0 and 1: " + rate);
      }
      this.resumeSampleRate = rate;
      return this;
    }

    /**
     * Whether to send the flow a nested event while each step's first gateway call is in flight,
     * which must be refused as busy (default on).
     */
    public Builder busyProbe(boolean on) {
      this.busyProbe = on;
      return this;
    }

    /**
     * How many scenarios run at once (default: the available processors).
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder parallelism(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1: " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /**
     * Where failing sequences' fixtures are written, under {@code failures/} (default {@code
     * target/explorer}).
     */
    public Builder outputDirectory(Path directory) {
      this.outputDirectory = Optional.of(requireNonNull(directory, "directory"));
      return this;
    }

    /** Writes no fixture files; violations still carry their fixture's JSON. */
    public Builder noOutputFiles() {
      this.outputDirectory = Optional.empty();
      return this;
    }

    /**
     * What the steps are sent to: the engine itself ({@link SystemUnderTest#engine()}, the
     * default), or a layer built on it, such as a web app over HTTP, attached to the engine the
     * explorer builds for each scenario. The resume checks ({@link #resumeSampleRate}) take
     * snapshots of the engine's flows and run for the engine only.
     */
    public Builder systemUnderTest(SystemUnderTest system) {
      this.sut = requireNonNull(system, "system");
      return this;
    }

    /** The explorer. */
    public TransitionExplorer build() {
      return new TransitionExplorer(this);
    }
  }
}
