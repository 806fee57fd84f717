package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ArchitectureRules} applied to the engine's main classes. */
class EngineArchitectureTest {
  /** {@code dev.signinflow..} with {@code ImportOption.DoNotIncludeTests} (and no test jars). */
  private static final JavaClasses MAIN = ArchitectureRules.importMainClasses();

  @Test
  void importsTheEngineMainClassesAndNoTests() {
    assertThat(MAIN.contain(SignInEngine.class)).isTrue();
    assertThat(MAIN.contain("dev.signinflow.engine.internal.SignInMachine")).isTrue();
    assertThat(MAIN.contain(SignInGatewayContract.class)).isFalse();
    assertThat(MAIN.contain(ArchitectureRulesSelfTest.LeaksInReturnType.class)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void engineKeepsTheRule(ArchRule rule) {
    rule.check(MAIN);
  }

  static Stream<ArchRule> rules() {
    return ArchitectureRules.ALL.stream();
  }
}
