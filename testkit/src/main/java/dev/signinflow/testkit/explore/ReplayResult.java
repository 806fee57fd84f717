package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What replaying a fixture gave, beside what the fixture expected.
 *
 * @param scenario the fixture's scenario
 * @param actions the fixture's steps
 * @param expectedTrace the trace the fixture holds
 * @param actualTrace the trace the replay gave
 * @param expectedInvariant the invariant the fixture says the sequence breaks, if any
 * @param brokenInvariant the invariant the replay broke first, if any
 * @param message what the replay's broken invariant said, if one broke
 */
public record ReplayResult(
    String scenario,
    List<Action> actions,
    List<TraceStep> expectedTrace,
    List<TraceStep> actualTrace,
    Optional<String> expectedInvariant,
    Optional<String> brokenInvariant,
    Optional<String> message) {

  public ReplayResult {
    requireNonNull(scenario, "scenario");
    actions = List.copyOf(actions);
    expectedTrace = List.copyOf(expectedTrace);
    actualTrace = List.copyOf(actualTrace);
    requireNonNull(expectedInvariant, "expectedInvariant");
    requireNonNull(brokenInvariant, "brokenInvariant");
    requireNonNull(message, "message");
  }

  /** True when the replay gave the fixture's trace, step for step. */
  public boolean traceMatches() {
    return expectedTrace.equals(actualTrace);
  }

  /** True when the replay gave the fixture's trace and broke the invariant it names, or none. */
  public boolean reproduced() {
    return traceMatches() && expectedInvariant.equals(brokenInvariant);
  }

  /**
   * Fails unless the replay {@link #reproduced()} the fixture.
   *
   * @throws AssertionError saying the first step that differs, or the invariant that did or did not
   *     break
   */
  public void assertReproduced() {
    if (reproduced()) {
      return;
    }
    StringBuilder m = new StringBuilder("The fixture of " + scenario + " did not replay alike: ");
    if (!traceMatches()) {
      int n = Math.min(expectedTrace.size(), actualTrace.size());
      int i = 0;
      while (i < n && expectedTrace.get(i).equals(actualTrace.get(i))) {
        i++;
      }
      m.append("step ")
          .append(i + 1)
          .append(" expected ")
          .append(i < expectedTrace.size() ? expectedTrace.get(i) : "no step")
          .append(" but was ")
          .append(i < actualTrace.size() ? actualTrace.get(i) : "no step");
    } else {
      m.append("expected ")
          .append(
              expectedInvariant
                  .map(x -> "invariant " + x + " to break")
                  .orElse("no broken invariant"))
          .append(" but ")
          .append(
              brokenInvariant.map(x -> x + " broke: " + message.orElse("")).orElse("none broke"));
    }
    throw new AssertionError(m.toString());
  }
}
