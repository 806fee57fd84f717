package dev.signinflow.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The architecture rules of DESIGN.md and STYLE.md as ArchUnit rules, for every module's tests to
 * check against the main classes it sees ({@link #importMainClasses()}). Rules about modules a test
 * cannot see pass when they find no class ({@code allowEmptyShould(true)}), so each module can
 * check them all.
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /**
   * The main classes of {@code dev.signinflow..} on the class path: {@link
   * ImportOption.DoNotIncludeTests} leaves out test-class folders but not test jars, so this also
   * leaves out every {@code *-tests.jar} (such as the engine's, whose fixtures break these rules on
   * purpose).
   */
  public static JavaClasses importMainClasses() {
    return new ClassFileImporter()
        .withImportOption(new ImportOption.DoNotIncludeTests())
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.signinflow");
  }

  /** Packages of the frameworks no public signature of the engine may mention. */
  public static final List<String> FRAMEWORK_PACKAGES =
      List.of(
          "org.springframework..",
          "reactor..",
          "feign..",
          "com.fasterxml.jackson..",
          "tools.jackson..");

  /**
   * Spring Statemachine (and its Reactor) is end-of-life and lives in engine.internal only; the
   * Spring Boot starter and the web example are Spring applications' side and may use Spring, but
   * not Spring Statemachine nor Reactor.
   */
  public static final ArchRule SPRING_AND_REACTOR_ONLY_IN_ENGINE_INTERNAL =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "dev.signinflow.engine.internal..",
              "dev.signinflow.spring..",
              "dev.signinflow.examples..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "reactor..")
          .because("Spring Statemachine is confined to dev.signinflow.engine.internal (DESIGN.md)");

  /** The Spring Boot side uses Spring, never Spring Statemachine or Reactor directly. */
  public static final ArchRule SPRING_BOOT_SIDE_USES_NO_STATEMACHINE =
      noClasses()
          .that()
          .resideInAnyPackage("dev.signinflow.spring..", "dev.signinflow.examples..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.statemachine..", "reactor..")
          .because("Spring Statemachine is confined to dev.signinflow.engine.internal (DESIGN.md)")
          .allowEmptyShould(true);

  /**
   * The starter's main code builds on the engine and the Feign transport (DESIGN.md: engine,
   * transports, stores); never the fake, the emulator, the testkit or the CLI, which are for tests
   * and people.
   */
  public static final ArchRule STARTER_DEPENDS_ON_NO_TEST_DOUBLE =
      noClasses()
          .that()
          .resideInAPackage("dev.signinflow.spring..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.signinflow.transport.fake..",
              "dev.signinflow.emulator..",
              "dev.signinflow.testkit..",
              "dev.signinflow.cli..",
              "dev.signinflow.examples..")
          .because("a service's runtime class path carries no test double (DESIGN.md)")
          .allowEmptyShould(true);

  /** No Spring, Reactor, Feign or Jackson type in a public signature of the engine's API. */
  public static final ArchRule ENGINE_API_MENTIONS_NO_FRAMEWORK_TYPE =
      publicApiOf("dev.signinflow.engine")
          .should(mentionNoTypeFrom(FRAMEWORK_PACKAGES))
          .because("no framework type appears in the engine's public signatures (STYLE.md 2)");

  /** No Spring, Reactor, Feign or Jackson type in a public signature of the engine's SPI. */
  public static final ArchRule ENGINE_SPI_MENTIONS_NO_FRAMEWORK_TYPE =
      publicApiOf("dev.signinflow.engine.spi")
          .should(mentionNoTypeFrom(FRAMEWORK_PACKAGES))
          .because("no framework type appears in the engine's public signatures (STYLE.md 2)");

  /** The engine knows only its port, never an adapter. */
  public static final ArchRule ENGINE_DEPENDS_ON_NO_ADAPTER =
      noClasses()
          .that()
          .resideInAPackage("dev.signinflow.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.signinflow.transport..",
              "dev.signinflow.emulator..",
              "dev.signinflow.testkit..",
              "dev.signinflow.store..",
              "dev.signinflow.spring..",
              "dev.signinflow.cli..")
          .because("adapters depend on the engine, not the other way (DESIGN.md)");

  /** Only the engine touches its internals; everyone else uses its API and SPI. */
  public static final ArchRule ONLY_THE_ENGINE_USES_ENGINE_INTERNAL =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.signinflow.engine..", "dev.signinflow.benchmarks..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.signinflow.engine.internal..")
          .because(
              "dev.signinflow.engine.internal is not exported (module-info); the benchmarks"
                  + " measure the bare machine on purpose")
          .allowEmptyShould(true);

  /** The Feign adapter does not use the fake, the emulator or the testkit. */
  public static final ArchRule FEIGN_ADAPTER_DOES_NOT_DEPEND_ON_FAKE =
      noClasses()
          .that()
          .resideInAPackage("dev.signinflow.transport.feign..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.signinflow.transport.fake..",
              "dev.signinflow.emulator..",
              "dev.signinflow.testkit..")
          .because("adapters' main code never depends on another adapter (DESIGN.md)")
          .allowEmptyShould(true);

  /** The fake does not use the Feign adapter, nor the modules built on top of it. */
  public static final ArchRule FAKE_ADAPTER_DOES_NOT_DEPEND_ON_FEIGN =
      noClasses()
          .that()
          .resideInAPackage("dev.signinflow.transport.fake..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.signinflow.transport.feign..",
              "dev.signinflow.emulator..",
              "dev.signinflow.testkit..")
          .because("the in-memory fake needs only the engine (DESIGN.md)")
          .allowEmptyShould(true);

  /** The in-memory fake is for unit tests: no HTTP server, no JSON library, no test framework. */
  public static final ArchRule FAKE_USES_NO_SERVER_JSON_OR_TEST_FRAMEWORK =
      noClasses()
          .that()
          .resideInAPackage("dev.signinflow.transport.fake..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.eclipse.jetty..",
              "com.fasterxml.jackson..",
              "tools.jackson..",
              "org.junit..",
              "org.assertj..",
              "org.mockito..")
          .because("Jetty and Jackson live in signinflow-emulator (DESIGN.md)")
          .allowEmptyShould(true);

  /** The emulator serves the fake; it does not use the Feign adapter or the testkit. */
  public static final ArchRule EMULATOR_DOES_NOT_DEPEND_ON_FEIGN_OR_TESTKIT =
      noClasses()
          .that()
          .resideInAPackage("dev.signinflow.emulator..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.signinflow.transport.feign..", "dev.signinflow.testkit..", "org.junit..")
          .because("the emulator runs the fake over HTTP, nothing more (DESIGN.md)")
          .allowEmptyShould(true);

  /** The testkit drives the engine against the fake; never the Feign adapter. */
  public static final ArchRule TESTKIT_DOES_NOT_DEPEND_ON_FEIGN =
      noClasses()
          .that()
          .resideInAPackage("dev.signinflow.testkit..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.signinflow.transport.feign..")
          .because("cross-adapter tests live in transport-feign's tests (DESIGN.md)")
          .allowEmptyShould(true);

  /** No module depends on the CLI, which sits on top of them all. */
  public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_THE_CLI =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.signinflow.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.signinflow.cli..")
          .because("the CLI may depend on every module, no module on the CLI (DESIGN.md)")
          .allowEmptyShould(true);

  /** Names by role: no Impl, Manager, Helper or Utils. */
  public static final ArchRule NO_CLASS_NAMED_IMPL_MANAGER_HELPER_OR_UTILS =
      noClasses()
          .should()
          .haveSimpleNameEndingWith("Impl")
          .orShould()
          .haveSimpleNameEndingWith("Manager")
          .orShould()
          .haveSimpleNameEndingWith("Helper")
          .orShould()
          .haveSimpleNameEndingWith("Utils")
          .because("classes are named by role (STYLE.md 3)");

  /** Public top-level classes of the engine's API cannot be subclassed by users. */
  public static final ArchRule ENGINE_PUBLIC_TOP_LEVEL_CLASSES_ARE_CLOSED =
      classes()
          .that()
          .resideInAnyPackage("dev.signinflow.engine", "dev.signinflow.engine.spi")
          .and()
          .arePublic()
          .and()
          .areTopLevelClasses()
          .should(beFinalOrClosed())
          .because("public classes are final (STYLE.md 1)");

  /** Every rule above: each module's architecture test checks them all on what it sees. */
  public static final List<ArchRule> ALL =
      List.of(
          SPRING_AND_REACTOR_ONLY_IN_ENGINE_INTERNAL,
          SPRING_BOOT_SIDE_USES_NO_STATEMACHINE,
          STARTER_DEPENDS_ON_NO_TEST_DOUBLE,
          ENGINE_API_MENTIONS_NO_FRAMEWORK_TYPE,
          ENGINE_SPI_MENTIONS_NO_FRAMEWORK_TYPE,
          ENGINE_DEPENDS_ON_NO_ADAPTER,
          ONLY_THE_ENGINE_USES_ENGINE_INTERNAL,
          FEIGN_ADAPTER_DOES_NOT_DEPEND_ON_FAKE,
          FAKE_ADAPTER_DOES_NOT_DEPEND_ON_FEIGN,
          FAKE_USES_NO_SERVER_JSON_OR_TEST_FRAMEWORK,
          EMULATOR_DOES_NOT_DEPEND_ON_FEIGN_OR_TESTKIT,
          TESTKIT_DOES_NOT_DEPEND_ON_FEIGN,
          ADAPTERS_DO_NOT_DEPEND_ON_THE_CLI,
          NO_CLASS_NAMED_IMPL_MANAGER_HELPER_OR_UTILS,
          ENGINE_PUBLIC_TOP_LEVEL_CLASSES_ARE_CLOSED);

  /**
   * Classes in this package (not its subpackages) that users can reach: public, and nested only in
   * public classes.
   */
  public static GivenClassesConjunction publicApiOf(String packageName) {
    return classes()
        .that()
        .resideInAPackage(packageName)
        .and(
            DescribedPredicate.describe(
                "are public and nested only in public classes",
                ArchitectureRules::isEffectivelyPublic));
  }

  /**
   * No public or protected field, method or constructor, and no class header (superclass,
   * interfaces, type parameters), mentions a type from these packages: parameter, return, field,
   * thrown and type-argument types all count.
   */
  public static ArchCondition<JavaClass> mentionNoTypeFrom(Collection<String> packages) {
    PackageMatchers matchers = PackageMatchers.of(packages);
    return new ArchCondition<>("mention no type from " + packages + " in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        List<String> found = new ArrayList<>();
        List<JavaType> header = new ArrayList<>(c.getInterfaces());
        c.getSuperclass().ifPresent(header::add);
        header.addAll(c.getTypeParameters());
        report(found, "class header", header, matchers);
        for (JavaField f : c.getFields()) {
          if (exposed(f)) {
            report(found, "field " + f.getName(), List.of(f.getType()), matchers);
          }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (exposed(u) && !u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            List<JavaType> types = new ArrayList<>(u.getParameterTypes());
            types.add(u.getReturnType());
            types.addAll(u.getTypeParameters());
            types.addAll(u.getThrowsClause().getTypes());
            report(found, u.getFullName(), types, matchers);
          }
        }
        for (String f : found) {
          events.add(SimpleConditionEvent.violated(c, c.getName() + ": " + f));
        }
        if (found.isEmpty()) {
          events.add(SimpleConditionEvent.satisfied(c, c.getName() + " exposes no such type"));
        }
      }
    };
  }

  private static void report(
      List<String> found, String where, List<? extends JavaType> types, PackageMatchers matchers) {
    Set<String> hits = new TreeSet<>();
    for (JavaType t : types) {
      for (JavaClass raw : t.getAllInvolvedRawTypes()) {
        JavaClass base = raw.getBaseComponentType();
        if (matchers.test(base.getPackageName())) {
          hits.add(base.getName());
        }
      }
    }
    if (!hits.isEmpty()) {
      found.add(where + " mentions " + hits);
    }
  }

  private static boolean exposed(JavaMember m) {
    Set<JavaModifier> mods = m.getModifiers();
    return mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED);
  }

  private static boolean isEffectivelyPublic(JavaClass c) {
    for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
      if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static ArchCondition<JavaClass> beFinalOrClosed() {
    return new ArchCondition<>("be final, an interface, an enum, a record or sealed") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        boolean closed =
            c.getModifiers().contains(JavaModifier.FINAL)
                || c.isInterface()
                || c.isEnum()
                || c.isRecord()
                || c.isAnnotation()
                || isSealed(c);
        String what = closed ? " is closed" : " is public, not final and not sealed";
        events.add(new SimpleConditionEvent(c, closed, c.getName() + what));
      }
    };
  }

  private static boolean isSealed(JavaClass c) {
    try {
      return c.reflect().isSealed();
    } catch (RuntimeException | LinkageError e) {
      return false; // not loadable here: judge it by its modifiers alone
    }
  }
}
