package dev.signinflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.engine.SignInEngine;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The secret key never shows in Actuator's env and configprops, even with show-values=always. */
class SecretKeyStaysHiddenTest {
  private static final String SECRET = "sk_test_S3cr3tK3yD0ntSh0wM3";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SignInFlowAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  EnvironmentEndpointAutoConfiguration.class,
                  ConfigurationPropertiesReportEndpointAutoConfiguration.class))
          .withPropertyValues(
              "signinflow.clerk.frontend-api-url=http://127.0.0.1:1",
              "signinflow.clerk.proxy.url=http://127.0.0.1:8080/__clerk",
              "signinflow.clerk.proxy.secret-key=" + SECRET,
              "spring.jmx.enabled=true",
              "management.endpoints.jmx.exposure.include=env,configprops",
              "management.endpoint.env.show-values=always",
              "management.endpoint.configprops.show-values=always");

  @Test
  void envShowsOtherValuesButMasksTheSecretKey() {
    runner.run(
        ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(SignInEngine.class);
          EnvironmentEndpoint env = ctx.getBean(EnvironmentEndpoint.class);
          String all = json(env.environment(null));
          assertThat(all).doesNotContain(SECRET).contains("http://127.0.0.1:8080/__clerk");
          assertThat(json(env.environmentEntry("signinflow.clerk.proxy.secret-key")))
              .doesNotContain(SECRET)
              .contains(SanitizableData.SANITIZED_VALUE);
        });
  }

  @Test
  void configpropsMasksTheSecretKey() {
    runner.run(
        ctx -> {
          ConfigurationPropertiesReportEndpoint endpoint =
              ctx.getBean(ConfigurationPropertiesReportEndpoint.class);
          String report = json(endpoint.configurationProperties());
          assertThat(report).contains("__clerk").doesNotContain(SECRET);
        });
  }

  /** What the endpoint would answer over HTTP or JMX. */
  private static String json(Object descriptor) throws Exception {
    return new ObjectMapper().findAndRegisterModules().writeValueAsString(descriptor);
  }

  @Test
  void theSanitizerMatchesEverySpellingOfTheKey() {
    for (String key :
        new String[] {
          "signinflow.clerk.proxy.secret-key",
          "signinflow.clerk.proxy.secretKey",
          "SIGNINFLOW_CLERK_PROXY_SECRETKEY",
          "secretKey"
        }) {
      assertThat(SignInFlowAutoConfiguration.isSecretKey(key)).as(key).isTrue();
    }
    assertThat(SignInFlowAutoConfiguration.isSecretKey("signinflow.clerk.proxy.url")).isFalse();
  }
}
