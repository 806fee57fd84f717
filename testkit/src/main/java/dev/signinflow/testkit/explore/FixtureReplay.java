package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Replays a fixture the {@link TransitionExplorer} wrote: the same scenario, seed, resend policy
 * and steps on a fresh fake and engine, with every invariant checked, so a shrunk failure can be
 * debugged step by step or kept as a regression test.
 *
 * <pre>{@code
 * FixtureReplay.of(explorer).replay(Path.of("target/explorer/failures/x.json")).assertReproduced();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FixtureReplay {
  private final Config config;
  private final Map<String, Scenario> scenarios = new LinkedHashMap<>();

  private FixtureReplay(Config config, List<Scenario> known) {
    this.config = config;
    for (Scenario s : known) {
      scenarios.put(s.name(), s);
    }
  }

  /** Replays with this explorer's gateway, engine options and scenarios. */
  public static FixtureReplay of(TransitionExplorer explorer) {
    requireNonNull(explorer, "explorer");
    return new FixtureReplay(explorer.config(), explorer.scenarios());
  }

  /** Replays over {@code FakeSignInGateway}, for fixtures of the named scenarios. */
  public static FixtureReplay inMemory() {
    return of(TransitionExplorer.builder().noOutputFiles().build());
  }

  /**
   * Replays the fixture in this file.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a fixture, or names a scenario this replay does
   *     not know
   */
  public ReplayResult replay(Path fixture) {
    requireNonNull(fixture, "fixture");
    try {
      return replay(Files.readString(fixture, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the fixture " + fixture, e);
    }
  }

  /**
   * Replays a fixture's JSON.
   *
   * @throws IllegalArgumentException when it is not a fixture, or names a scenario this replay does
   *     not know
   * @throws IllegalStateException when the fixture compares two gateways and this replay's explorer
   *     has none to compare with
   */
  public ReplayResult replay(String fixtureJson) {
    Fixture f = Fixture.fromJson(fixtureJson);
    Scenario scenario =
        Optional.ofNullable(scenarios.get(f.scenario()))
            .or(() -> Scenario.parse(f.scenario()))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown scenario "
                            + f.scenario()
                            + "; replay with FixtureReplay.of(an explorer that has it)"));
    Config c = config.withSeedAndPolicy(f.seed(), f.resendPolicy());
    Runner.Result result;
    Optional<Runner.Failure> failure;
    try (EngineHost host = new EngineHost(c)) {
      if (f.differential()) {
        if (c.mirror().isEmpty()) {
          throw new IllegalStateException(
              "the fixture compares two gateways: replay it with FixtureReplay.of(an explorer built"
                  + " with compareWith(...))");
        }
        result =
            Runner.run(scenario, c, c.gateway(), host, f.actions(), OptionalInt.empty(), false);
        failure = result.failure().or(() -> Runner.gatewaysDiffer(scenario, c, host, f.actions()));
      } else if (f.resumeAfter().isPresent()) {
        int k = f.resumeAfter().getAsInt();
        result = Runner.run(scenario, c, c.gateway(), host, f.actions(), f.resumeAfter(), false);
        failure =
            result
                .failure()
                .or(
                    () ->
                        k < f.actions().size()
                            ? Runner.resumeDiffers(scenario, c, host, f.actions(), k)
                            : Optional.empty());
      } else {
        result = Runner.run(scenario, c, c.gateway(), host, f.actions(), OptionalInt.empty(), true);
        Runner.Result r = result;
        failure = f.invariant().flatMap(r::failure).or(r::failure);
      }
    }
    return new ReplayResult(
        f.scenario(),
        f.actions(),
        f.trace(),
        result.trace(),
        f.invariant(),
        failure.map(Runner.Failure::invariant),
        failure.map(x -> "step " + (x.step() + 1) + ": " + x.message()));
  }

  /**
   * The fixture of a sequence that breaks nothing: the sequence replayed now, with its trace as
   * expected, for a regression test to keep.
   *
   * @throws IllegalArgumentException when the scenario is not one this replay knows
   */
  public String record(String scenarioName, List<Action> actions) {
    Scenario scenario =
        Optional.ofNullable(scenarios.get(scenarioName))
            .or(() -> Scenario.parse(scenarioName))
            .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + scenarioName));
    Runner.Result r;
    try (EngineHost host = new EngineHost(config)) {
      r = Runner.run(scenario, config, config.gateway(), host, actions, OptionalInt.empty(), false);
    }
    return new Fixture(
            scenarioName,
            r.failure().map(Runner.Failure::invariant),
            r.failure().map(x -> "step " + (x.step() + 1) + ": " + x.message()),
            config.seed(),
            config.resendPolicy(),
            OptionalInt.empty(),
            false,
            actions,
            r.trace())
        .toJson();
  }
}
