package dev.signinflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** IDEs complete the properties from the metadata the configuration processor writes. */
class ConfigurationMetadataTest {
  @Test
  void everyPropertyIsDescribed() throws Exception {
    String json;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the configuration processor's output").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String p :
        new String[] {
          "signinflow.clerk.publishable-key",
          "signinflow.clerk.frontend-api-url",
          "signinflow.clerk.connect-timeout",
          "signinflow.clerk.read-timeout",
          "signinflow.clerk.proxy.url",
          "signinflow.clerk.proxy.secret-key",
          "signinflow.store.type",
          "signinflow.flow-lease",
          "signinflow.metrics.enabled",
          "signinflow.health.timeout",
          "management.health.signinflow.enabled"
        }) {
      assertThat(json).contains("\"name\": \"" + p + "\"");
    }
    assertThat(json).contains("\"value\": \"redis\"").doesNotContain("\"description\": \"\"");
  }
}
