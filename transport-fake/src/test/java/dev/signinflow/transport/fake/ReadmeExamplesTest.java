package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.spi.SignInGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code samples, compiled and run here; a test checks that the README shows exactly the
 * tagged regions below.
 */
class ReadmeExamplesTest {

  @Test
  void fakeQuickstartSignsInOnANewDevice() {
    // spotless:off
    // tag::fake-quickstart[]
    FakeClerk fake = FakeClerk.create();                 // Clerk's behaviour, §11 defaults
    fake.addUser(FakeUser.withEmail("ada@example.com").password("correct horse battery staple"));
    SignInEngine engine = SignInEngine.builder()
        .gateway(FakeSignInGateway.over(fake))
        .clock(fake.clock())                             // one clock for engine and server
        .build();
    SignInFlow flow = engine.newFlow(DeviceId.of("laptop"));
    flow.submitPassword("ada@example.com", "correct horse battery staple");   // NEEDS_CLIENT_TRUST
    flow.verifyCode(fake.lastCodeSentTo("ada@example.com").orElseThrow());    // COMPLETE
    fake.clock().advance(Duration.ofMinutes(11));        // codes expire because you say so
    // end::fake-quickstart[]
    // spotless:on
    assertThat(flow.state()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void embeddingExampleSignsInATestIdentity() {
    FakeClerk fake = FakeClerk.create();
    fake.addUser(
        FakeUser.withEmail("ada+clerk_test@example.com").password("correct horse battery staple"));
    SignInGateway gateway = FakeSignInGateway.over(fake);
    Clock clock = fake.clock();
    // spotless:off
    // tag::embedding[]
    SignInEngine engine = SignInEngine.builder()
        .gateway(gateway)          // a SignInGateway: FeignSignInGateway, FakeSignInGateway, or yours
        .clock(clock)              // every cooldown and expiry reads this clock
        .build();                  // thread-safe; one per application

    SignInFlow flow = engine.newFlow(DeviceId.of("browser-7f3a"));   // one device id per browser
    StepResult r = flow.submitPassword("ada+clerk_test@example.com", "correct horse battery staple");
    if (r.state() == SignInState.NEEDS_CLIENT_TRUST) {
      flow.view().currentFactor();                 // email_code to a***@example.com
      r = flow.verifyCode("424242");               // a wrong code: r.errors().field(FormField.CODE)
    }
    flow.finalizeSession();                        // flow.view().session(): active, or pending + task
    // end::embedding[]
    // spotless:on
    assertThat(r.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(flow.view().session()).isPresent();
  }

  @Test
  void readmeShowsTheTaggedRegionsOfThisFile() throws IOException {
    Path root = repositoryRoot();
    String readme = Files.readString(root.resolve("README.md"));
    String source =
        Files.readString(
            root.resolve(
                "transport-fake/src/test/java/dev/signinflow/transport/fake/ReadmeExamplesTest.java"));
    for (String tag : List.of("fake-quickstart", "embedding")) {
      Matcher region =
          Pattern.compile(
                  "// tag::" + tag + "\\[\\]\\n(.*?)\\n\\s*// end::" + tag + "\\[\\]",
                  Pattern.DOTALL)
              .matcher(source);
      assertThat(region.find()).as("region %s in the test", tag).isTrue();
      String code = region.group(1).replaceAll("(?m)^    ", "");
      Matcher shown =
          Pattern.compile(
                  "<!-- snippet: " + tag + "[^>]*-->\\n```java\\n(.*?)\\n```", Pattern.DOTALL)
              .matcher(readme);
      assertThat(shown.find()).as("snippet %s in README.md", tag).isTrue();
      assertThat(shown.group(1))
          .as("README.md's %s snippet must equal the region in ReadmeExamplesTest", tag)
          .isEqualTo(code);
    }
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
