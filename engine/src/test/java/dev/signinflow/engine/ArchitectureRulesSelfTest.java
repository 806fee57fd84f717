package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Shows that the hand-written conditions of {@link ArchitectureRules} fire: each fixture below
 * breaks one rule, and a fixture that breaks none passes. (The fixtures are public and nested in a
 * public class, so they count as the engine's public API.)
 */
public class ArchitectureRulesSelfTest {

  /** Returns a Reactor type. */
  public static final class LeaksInReturnType {
    public Mono<String> leak() {
      return Mono.empty();
    }
  }

  /** Takes a Reactor type as a type argument of a parameter. */
  public static final class LeaksInTypeArgument {
    public void take(List<Mono<String>> monos) {}
  }

  /** Exposes a Reactor type as a bound of a method's type parameter. */
  public static final class LeaksInTypeParameterBound {
    public <T extends Mono<String>> void take(T mono) {}
  }

  /** Exposes a Reactor type in a protected field. */
  public static class LeaksInProtectedField {
    protected Mono<String> mono;
  }

  /** Implements an interface whose type argument is a Reactor type. */
  public abstract static class LeaksInClassHeader implements Supplier<Mono<String>> {}

  /** Uses a Reactor type only in private members, which is allowed. */
  public static final class KeepsItPrivate {
    private Mono<String> mono = Mono.empty();

    private Mono<String> mono() {
      return mono;
    }

    public String value() {
      return String.valueOf(mono() != null);
    }
  }

  /** Named as the naming rule forbids. */
  static final class FlowHelper {}

  private static boolean violates(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(imported).hasViolation();
  }

  @Test
  void frameworkTypesInPublicSignaturesAreFound() {
    ArchRule rule = ArchitectureRules.ENGINE_API_MENTIONS_NO_FRAMEWORK_TYPE;
    assertThat(violates(rule, LeaksInReturnType.class)).as("return type").isTrue();
    assertThat(violates(rule, LeaksInTypeArgument.class)).as("type argument").isTrue();
    assertThat(violates(rule, LeaksInTypeParameterBound.class)).as("type bound").isTrue();
    assertThat(violates(rule, LeaksInProtectedField.class)).as("protected field").isTrue();
    assertThat(violates(rule, LeaksInClassHeader.class)).as("class header").isTrue();
  }

  @Test
  void frameworkTypesInPrivateMembersAreAllowed() {
    assertThat(
            violates(ArchitectureRules.ENGINE_API_MENTIONS_NO_FRAMEWORK_TYPE, KeepsItPrivate.class))
        .isFalse();
  }

  @Test
  void roleLessNamesAreFound() {
    assertThat(
            violates(
                ArchitectureRules.NO_CLASS_NAMED_IMPL_MANAGER_HELPER_OR_UTILS, FlowHelper.class))
        .isTrue();
  }

  @Test
  void springOutsideEngineInternalIsFound() {
    assertThat(
            violates(
                ArchitectureRules.SPRING_AND_REACTOR_ONLY_IN_ENGINE_INTERNAL,
                LeaksInReturnType.class))
        .isTrue();
  }

  @Test
  void nonFinalPublicTopLevelClassIsFound() {
    assertThat(
            violates(
                ArchitectureRules.ENGINE_PUBLIC_TOP_LEVEL_CLASSES_ARE_CLOSED,
                ArchitectureRulesSelfTest.class))
        .isTrue();
  }
}
