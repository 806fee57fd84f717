package dev.signinflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The documents say what the code cannot prevent: the JDK's own HTTP client logging prints the
 * client token in full when a user turns it on ({@code -Djdk.httpclient.HttpClient.log=headers}).
 */
class SecurityNotesTest {
  private static final String JDK_LOGGING = "jdk.httpclient.HttpClient.log";

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("engine"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  @Test
  void readmeHasSecurityNotesBeforeDocumentation() throws IOException {
    String readme = Files.readString(repositoryRoot().resolve("README.md"));

    int notes = readme.indexOf("\n## Security notes\n");
    assertThat(notes).as("a Security notes section").isPositive();
    assertThat(notes).isLessThan(readme.indexOf("\n## Documentation\n"));
    String section = readme.substring(notes, readme.indexOf("\n## ", notes + 1));
    assertThat(section)
        .contains(JDK_LOGGING, "ClientTokenStore", "$XDG_CONFIG_HOME/signinflow/", "/__fake/");
  }

  @Test
  void embeddingGuideWarnsAboutTheJdksHeaderLogging() throws IOException {
    assertThat(Files.readString(repositoryRoot().resolve("docs/embedding.md")))
        .contains(JDK_LOGGING);
  }
}
