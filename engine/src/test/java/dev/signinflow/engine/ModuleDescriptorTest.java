package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The engine's module descriptor exports its API and SPI, and keeps the machine to itself. */
class ModuleDescriptorTest {
  private static ModuleDescriptor descriptor() throws IOException {
    try (InputStream in = SignInEngine.class.getResourceAsStream("/module-info.class")) {
      assertThat(in).as("module-info.class in the engine's jar").isNotNull();
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void exportsTheApiAndTheSpiOnly() throws IOException {
    assertThat(descriptor().exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder("dev.signinflow.engine", "dev.signinflow.engine.spi");
  }

  @Test
  void isNamedForTheEngine() throws IOException {
    assertThat(descriptor().name()).isEqualTo("dev.signinflow.engine");
  }

  @Test
  void testsRunInsideTheNamedModule() {
    // Surefire puts the engine on the module path, so the descriptor is what the tests exercise.
    assertThat(SignInEngine.class.getModule().isNamed()).isTrue();
    assertThat(SignInEngine.class.getModule().isExported("dev.signinflow.engine.internal"))
        .isFalse();
  }
}
