package dev.signinflow.store.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.signinflow.engine.ArchitectureRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The module rules of DESIGN.md, applied to the Redis stores and everything they see. */
class StoreArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.importMainClasses();

  /** The stores need the engine and Lettuce only: no other adapter. */
  static final ArchRule STORE_DEPENDS_ON_NO_OTHER_ADAPTER =
      noClasses()
          .that()
          .resideInAPackage("dev.signinflow.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.signinflow.transport..",
              "dev.signinflow.emulator..",
              "dev.signinflow.testkit..",
              "dev.signinflow.spring..",
              "dev.signinflow.cli..",
              "com.fasterxml.jackson..",
              "org.eclipse.jetty..",
              "feign..")
          .because("adapters' main code never depends on another adapter (DESIGN.md)");

  /** Public classes of the stores cannot be subclassed. */
  static final ArchRule STORE_PUBLIC_CLASSES_ARE_FINAL =
      classes()
          .that()
          .resideInAPackage("dev.signinflow.store.redis")
          .and()
          .arePublic()
          .and()
          .areNotInterfaces()
          .and()
          .areNotEnums()
          .should()
          .haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
          .because("public classes are final (STYLE.md 1)");

  @Test
  void importsThisModulesMainClasses() {
    assertThat(MAIN.contain(RedisFlowStore.class)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void keepsTheRule(ArchRule rule) {
    rule.check(MAIN);
  }

  static Stream<ArchRule> rules() {
    return Stream.concat(
        ArchitectureRules.ALL.stream(),
        Stream.of(STORE_DEPENDS_ON_NO_OTHER_ADAPTER, STORE_PUBLIC_CLASSES_ARE_FINAL));
  }
}
