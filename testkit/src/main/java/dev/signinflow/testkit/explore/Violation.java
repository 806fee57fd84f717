package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An invariant a sequence broke, with the sequence shrunk to a minimal one and written as a
 * fixture.
 *
 * @param invariant the invariant's name, as {@code docs/testing.md} lists it
 * @param scenario the scenario's name
 * @param message what went wrong, at the failing step of the shrunk sequence
 * @param actions the shrunk sequence
 * @param originalLength how many steps the sequence had before it was shrunk
 * @param occurrences how many explored sequences of the scenario broke this invariant
 * @param fixtureJson the fixture, which {@link FixtureReplay} replays
 * @param fixtureFile where the fixture was written, if it was
 */
public record Violation(
    String invariant,
    String scenario,
    String message,
    List<Action> actions,
    int originalLength,
    int occurrences,
    String fixtureJson,
    Optional<Path> fixtureFile) {

  public Violation {
    requireNonNull(invariant, "invariant");
    requireNonNull(scenario, "scenario");
    requireNonNull(message, "message");
    actions = List.copyOf(actions);
    requireNonNull(fixtureJson, "fixtureJson");
    requireNonNull(fixtureFile, "fixtureFile");
  }

  /** One line that says how to replay the fixture. */
  public String replayHint() {
    String where = fixtureFile.map(p -> p.toAbsolutePath().toString()).orElse("<the fixture>");
    return "replay: FixtureReplay.of(explorer).replay(Path.of(\""
        + where
        + "\")).assertReproduced(), or in this repository ./mvnw -q -pl transport-fake test"
        + " -Dtest=FixtureReplayTest -Dexplorer.fixture="
        + where;
  }

  @Override
  public String toString() {
    return invariant + " in " + scenario + " after " + actions + ": " + message;
  }
}
