package dev.signinflow.transport.fake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.signinflow.engine.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md, applied to the fake's main classes. */
class FakeArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.importMainClasses();
  }

  @Test
  void fakeDoesNotDependOnTheFeignAdapter() {
    ArchitectureRules.FAKE_ADAPTER_DOES_NOT_DEPEND_ON_FEIGN.check(classes);
  }

  @Test
  void fakeDoesNotDependOnTheCli() {
    ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_THE_CLI.check(classes);
  }

  @Test
  void fakeUsesOnlyTheEnginesPublicApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.signinflow.transport.fake..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.signinflow.engine.internal..")
        .check(classes);
  }

  @Test
  void fakeMainCodeDoesNotUseJUnit() {
    noClasses()
        .that()
        .resideInAPackage("dev.signinflow.transport.fake..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.junit..", "org.assertj..", "org.mockito..")
        .check(classes);
  }

  @Test
  void noClassNamedImplManagerHelperOrUtils() {
    ArchitectureRules.NO_CLASS_NAMED_IMPL_MANAGER_HELPER_OR_UTILS.check(classes);
  }
}
