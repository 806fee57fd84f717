package dev.signinflow.spring7;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.SpringVersion;

/** The engine's suite in this module runs on the Spring and Reactor that Spring Boot 4 manages. */
class RunsOnSpring7Test {
  @Test
  void springFrameworkIsVersion7() {
    assertThat(SpringVersion.getVersion()).startsWith("7.");
  }

  @Test
  void reactorIsTheLineBoot4Manages() {
    String reactor = reactor.core.publisher.Mono.class.getPackage().getImplementationVersion();
    assertThat(reactor).startsWith("3.8.");
  }
}
