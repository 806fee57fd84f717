package dev.signinflow.testkit.explore;

import static dev.signinflow.testkit.explore.DeviceHistory.NEW;
import static dev.signinflow.testkit.explore.FaultPlan.NONE;
import static dev.signinflow.testkit.explore.InstanceSettings.CLIENT_TRUST_EMAIL_CODE;
import static dev.signinflow.testkit.explore.UserProfile.NO_MFA;
import static dev.signinflow.testkit.explore.UserProfile.TOTP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.transport.fake.FakeSignInGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The code samples of {@code docs/testing.md}, compiled and run here; a test checks that the guide
 * shows exactly the tagged regions of this file and of {@link FixtureReplayTest}.
 */
class TestingGuideExamplesTest {

  // spotless:off
  // tag::explorer-in-your-suite[]
  @Test
  void signInKeepsEveryInvariant() {
    ExplorationReport report = TransitionExplorer.builder()
        .scenarios(List.of(
            Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, NEW, NONE),
            Scenario.of(CLIENT_TRUST_EMAIL_CODE, TOTP, NEW, NONE)))
        .depth(4)                                        // 6 unless told
        .gateway(fake -> FakeSignInGateway.over(fake))   // your SignInGateway over the fresh fake
        .build()
        .explore();
    report.assertNoViolations();   // AssertionError: the shrunk fixture's JSON and a replay hint
  }
  // end::explorer-in-your-suite[]

  // tag::explorer-checks[]
  @TestFactory
  Stream<DynamicTest> everyScenarioKeepsEveryInvariant() {
    return TransitionExplorer.builder().depth(3).build().checks()   // one per scenario + coverage
        .map(check -> DynamicTest.dynamicTest(check.getKey(), check.getValue()::run));
  }
  // end::explorer-checks[]
  // spotless:on

  @Test
  void guideShowsTheTaggedRegionsOfTheseTests() throws IOException {
    Path root = repositoryRoot();
    String guide = Files.readString(root.resolve("docs/testing.md"));
    Path tests = root.resolve("testkit/src/test/java/dev/signinflow/testkit/explore");
    String source =
        Files.readString(tests.resolve("TestingGuideExamplesTest.java"))
            + Files.readString(tests.resolve("FixtureReplayTest.java"));
    for (String tag : List.of("explorer-in-your-suite", "explorer-checks", "replay-fixture")) {
      Matcher region =
          Pattern.compile(
                  "// tag::" + tag + "\\[\\]\\n(.*?)\\n\\s*// end::" + tag + "\\[\\]",
                  Pattern.DOTALL)
              .matcher(source);
      assertThat(region.find()).as("region %s in the tests", tag).isTrue();
      String code = dedent(region.group(1));
      Matcher shown =
          Pattern.compile(
                  "<!-- snippet: " + tag + "[^>]*-->\\n```java\\n(.*?)\\n```", Pattern.DOTALL)
              .matcher(guide);
      assertThat(shown.find()).as("snippet %s in docs/testing.md", tag).isTrue();
      assertThat(shown.group(1))
          .as("docs/testing.md's %s snippet must equal the region in the test", tag)
          .isEqualTo(code);
    }
  }

  /** The lines without the indentation they all share. */
  static String dedent(String text) {
    List<String> lines = text.lines().toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return String.join(
        "\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    for (int i = 0; i < 10 && p != null; i++, p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("engine"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
