package dev.signinflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.signinflow.engine.ArchitectureRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module rules of DESIGN.md, applied to the emulator's main classes and everything they see.
 */
class EmulatorArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.importMainClasses();

  @Test
  void importsThisModulesMainClasses() {
    assertThat(MAIN.contain(FakeFapiServer.class)).isTrue();
  }

  /** The project's rule, kept here since FakeFapiServer once grew to 880 lines. */
  @Test
  void everyMainSourceFileHasAtMost600Lines() throws IOException {
    Path dir = EmulatorDocTest.repoRoot().resolve("emulator/src/main/java/dev/signinflow/emulator");
    Map<String, Integer> tooLong = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        int lines = Files.readAllLines(f).size();
        if (lines > 600) {
          tooLong.put(f.getFileName().toString(), lines);
        }
      }
    }
    assertThat(tooLong).as("files over 600 lines").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void keepsTheRule(ArchRule rule) {
    rule.check(MAIN);
  }

  static Stream<ArchRule> rules() {
    return ArchitectureRules.ALL.stream();
  }
}
