package dev.signinflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.signinflow.engine.ArchitectureRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The module rules of DESIGN.md, applied to the starter's main classes and what they see. */
class StarterArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.importMainClasses();

  @Test
  void importsThisModulesMainClasses() {
    assertThat(MAIN.contain(SignInFlowAutoConfiguration.class)).isTrue();
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
