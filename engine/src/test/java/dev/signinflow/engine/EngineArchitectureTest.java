package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

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

  @Test
  void springAndReactorStayInEngineInternal() {
    ArchitectureRules.SPRING_AND_REACTOR_ONLY_IN_ENGINE_INTERNAL.check(MAIN);
  }

  @Test
  void engineApiMentionsNoFrameworkType() {
    ArchitectureRules.ENGINE_API_MENTIONS_NO_FRAMEWORK_TYPE.check(MAIN);
  }

  @Test
  void engineDependsOnNoAdapter() {
    ArchitectureRules.ENGINE_DEPENDS_ON_NO_ADAPTER.check(MAIN);
  }

  @Test
  void adaptersDoNotDependOnEachOther() {
    ArchitectureRules.FEIGN_ADAPTER_DOES_NOT_DEPEND_ON_FAKE.check(MAIN);
    ArchitectureRules.FAKE_ADAPTER_DOES_NOT_DEPEND_ON_FEIGN.check(MAIN);
    ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_THE_CLI.check(MAIN);
  }

  @Test
  void noClassIsNamedImplManagerHelperOrUtils() {
    ArchitectureRules.NO_CLASS_NAMED_IMPL_MANAGER_HELPER_OR_UTILS.check(MAIN);
  }

  @Test
  void publicTopLevelEngineClassesAreClosed() {
    ArchitectureRules.ENGINE_PUBLIC_TOP_LEVEL_CLASSES_ARE_CLOSED.check(MAIN);
  }
}
