package dev.signinflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's JUnit 5 example, compiled and run; the README shows this file's tagged region. */
@ExtendWith(FakeClerkExtension.class)
class ReadmeExtensionExampleTest {
  private static final String TAG = "junit-extension";

  // tag::junit-extension[]
  @Test
  void newDeviceProvesItselfWithACode(FakeClerk fake, SignInEngine engine) {
    fake.addUser(FakeUser.withEmail("ada@example.com").password("correct horse battery staple"));
    SignInFlow flow = engine.newFlow(DeviceId.of("laptop"));
    flow.submitPassword("ada@example.com", "correct horse battery staple");
    flow.verifyCode(fake.lastCodeSentTo("ada@example.com").orElseThrow());
    assertThat(flow.state()).isEqualTo(SignInState.COMPLETE);
  }

  // end::junit-extension[]

  @Test
  void readmeShowsTheTaggedRegion() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.exists(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    assertThat(root).as("repository root").isNotNull();
    String source =
        Files.readString(
            root.resolve(
                "testkit/src/test/java/dev/signinflow/testkit/ReadmeExtensionExampleTest.java"));
    Matcher region =
        Pattern.compile(
                "// tag::" + TAG + "\\[\\]\\n(.*?)\\n\\s*// end::" + TAG + "\\[\\]", Pattern.DOTALL)
            .matcher(source);
    assertThat(region.find()).isTrue();
    String code =
        "@ExtendWith(FakeClerkExtension.class)   // a fresh fake per test, closed after it\n"
            + "class SignInTest {\n"
            + region.group(1)
            + "\n}";
    Matcher shown =
        Pattern.compile("<!-- snippet: " + TAG + "[^>]*-->\\n```java\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(Files.readString(root.resolve("README.md")));
    assertThat(shown.find()).as("snippet %s in README.md", TAG).isTrue();
    assertThat(shown.group(1)).isEqualTo(code);
  }
}
