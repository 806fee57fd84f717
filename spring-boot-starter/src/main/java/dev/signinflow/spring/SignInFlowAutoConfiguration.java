package dev.signinflow.spring;

import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.TransitionListener;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.feign.FeignSignInGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the application's {@link SignInEngine} from {@link SignInFlowProperties} and the beans it
 * finds. Every bean here steps aside for the application's own of the same type:
 *
 * <ul>
 *   <li>{@link SignInGateway}: a {@link FeignSignInGateway} to {@code
 *       signinflow.clerk.publishable-key} or {@code signinflow.clerk.frontend-api-url}, in proxy
 *       mode when {@code signinflow.clerk.proxy.*} is set.
 *   <li>{@link FlowStore}, {@link ClientTokenStore}, {@link SessionTokenCache}: in memory when
 *       {@code signinflow.store.type=memory} (the default). With {@code redis}, the engine takes
 *       the stores that {@code signinflow-store-redis}'s auto-configuration (or the application)
 *       defines, and refuses to start without them.
 *   <li>{@link SignInMetrics}: when the application has a Micrometer {@link MeterRegistry}; it
 *       listens to every step and times every gateway call.
 *   <li>{@link SignInEngine}: with the application's {@link Clock} bean when it has exactly one,
 *       and every {@link TransitionListener} bean.
 *   <li>a health indicator {@code signinflow} ({@code management.health.signinflow.enabled}) for
 *       the Frontend API, and a sanitizer that masks the secret key in {@code /actuator/env} and
 *       {@code /actuator/configprops}, when Actuator is there.
 * </ul>
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(SignInEngine.class)
@EnableConfigurationProperties(SignInFlowProperties.class)
public class SignInFlowAutoConfiguration {
  /** The key that {@link #signinflowSecretKeySanitizer()} masks, in its canonical form. */
  static final String SECRET_KEY_PROPERTY = "signinflow.clerk.proxy.secret-key";

  /** The Feign gateway to the configured Frontend API. */
  @Bean
  @ConditionalOnMissingBean(SignInGateway.class)
  @Conditional(FrontendApiConfigured.class)
  public FeignSignInGateway signInGateway(
      SignInFlowProperties properties, ObjectProvider<Clock> clock) {
    SignInFlowProperties.Clerk clerk = properties.getClerk();
    boolean key = hasText(clerk.getPublishableKey());
    boolean url = hasText(clerk.getFrontendApiUrl());
    if (key && url) {
      throw new SignInFlowConfigurationException(
          "both signinflow.clerk.publishable-key and signinflow.clerk.frontend-api-url are set",
          "Set only one: the publishable key names the Frontend API already.");
    }
    FeignSignInGateway.Builder b = FeignSignInGateway.builder();
    try {
      if (key) {
        b.publishableKey(clerk.getPublishableKey().strip());
      } else {
        b.frontendApi(clerk.getFrontendApiUrl().strip());
      }
      b.connectTimeout(clerk.getConnectTimeout())
          .readTimeout(clerk.getReadTimeout())
          .maxAutomaticRetryWait(clerk.getMaxAutomaticRetryWait())
          .clock(clock.getIfUnique(Clock::systemUTC));
      SignInFlowProperties.Proxy proxy = clerk.getProxy();
      if (proxy.isConfigured()) {
        if (!hasText(proxy.getUrl()) || !hasText(proxy.getSecretKey())) {
          throw new SignInFlowConfigurationException(
              "proxy mode needs both signinflow.clerk.proxy.url and"
                  + " signinflow.clerk.proxy.secret-key; only one is set",
              "Set both (the secret key from an environment variable or a secret store), or"
                  + " neither.");
        }
        // Its message never repeats the key.
        b.proxyMode(proxy.getUrl().strip(), proxy.getSecretKey().strip());
      }
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new SignInFlowConfigurationException(
          "signinflow.clerk.* is not valid: " + e.getMessage(),
          "Give a publishable key (pk_test_... or pk_live_...) or an absolute Frontend API URL"
              + " (https, or http to 127.0.0.1), and a valid proxy URL and secret key.");
    }
  }

  /** Flows in this process's memory. */
  @Bean
  @ConditionalOnMissingBean(FlowStore.class)
  @ConditionalOnProperty(
      prefix = "signinflow.store",
      name = "type",
      havingValue = "memory",
      matchIfMissing = true)
  public FlowStore signInFlowStore() {
    return FlowStore.inMemory();
  }

  /** Client tokens in this process's memory. */
  @Bean
  @ConditionalOnMissingBean(ClientTokenStore.class)
  @ConditionalOnProperty(
      prefix = "signinflow.store",
      name = "type",
      havingValue = "memory",
      matchIfMissing = true)
  public ClientTokenStore signInClientTokenStore() {
    return ClientTokenStore.inMemory();
  }

  /** Session tokens cached in this process's memory. */
  @Bean
  @ConditionalOnMissingBean(SessionTokenCache.class)
  @ConditionalOnProperty(
      prefix = "signinflow.store",
      name = "type",
      havingValue = "memory",
      matchIfMissing = true)
  public SessionTokenCache signInSessionTokenCache() {
    return SessionTokenCache.inMemory();
  }

  /** The engine, over the gateway and stores above (or the application's). */
  @Bean
  @ConditionalOnMissingBean(SignInEngine.class)
  public SignInEngine signInEngine(
      SignInFlowProperties properties,
      ObjectProvider<SignInGateway> gateway,
      ObjectProvider<FlowStore> flows,
      ObjectProvider<ClientTokenStore> tokens,
      ObjectProvider<SessionTokenCache> sessionTokens,
      ObjectProvider<Clock> clock,
      ObjectProvider<TransitionListener> listeners,
      ObjectProvider<SignInMetrics> metrics) {
    SignInGateway g =
        gateway.getIfUnique(
            () -> {
              throw new SignInFlowConfigurationException(
                  "there is no SignInGateway to reach Clerk with",
                  "Set signinflow.clerk.publishable-key (or signinflow.clerk.frontend-api-url),"
                      + " or define a SignInGateway bean.");
            });
    String storeType = properties.getStore().getType().name().toLowerCase(Locale.ROOT);
    FlowStore flowStore = flows.getIfUnique(() -> missingStore("FlowStore", storeType));
    ClientTokenStore tokenStore =
        tokens.getIfUnique(() -> missingStore("ClientTokenStore", storeType));
    SessionTokenCache cache =
        sessionTokens.getIfUnique(() -> missingStore("SessionTokenCache", storeType));
    Optional<SignInMetrics> m = Optional.ofNullable(metrics.getIfUnique());
    SignInEngine.Builder b =
        SignInEngine.builder()
            .gateway(m.map(x -> x.meter(g)).orElse(g))
            .clock(clock.getIfUnique(Clock::systemUTC))
            .flowStore(m.map(x -> x.meter(flowStore)).orElse(flowStore))
            .clientTokenStore(tokenStore)
            .sessionTokenCache(cache)
            .sharedBackOff(properties.isSharedBackOff());
    try {
      b.flowLease(properties.getFlowLease());
      if (hasText(properties.getEmailLinkRedirectUrl())) {
        b.emailLinkRedirectUrl(properties.getEmailLinkRedirectUrl().strip());
      }
    } catch (IllegalArgumentException e) {
      throw new SignInFlowConfigurationException(
          "signinflow.* is not valid: " + e.getMessage(),
          "Give a positive signinflow.flow-lease and an absolute http(s)"
              + " signinflow.email-link-redirect-url.");
    }
    // The metrics listen through m below, whether or not they are the bean that is listed here.
    listeners.orderedStream().filter(l -> !(l instanceof SignInMetrics)).forEach(b::listener);
    m.ifPresent(b::listener);
    return b.build();
  }

  private static <T> T missingStore(String type, String storeType) {
    if (storeType.equals("redis")) {
      throw new SignInFlowConfigurationException(
          "signinflow.store.type=redis, but there is no " + type + " bean",
          "Add signinflow-store-redis, whose auto-configuration defines the Redis stores, or"
              + " define FlowStore, ClientTokenStore and SessionTokenCache beans yourself.");
    }
    throw new SignInFlowConfigurationException(
        "there is no single " + type + " bean", "Define exactly one, or mark one @Primary.");
  }

  static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }

  /** Metrics, when the application has a MeterRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  @ConditionalOnProperty(
      prefix = "signinflow.metrics",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean(SignInMetrics.class)
    SignInMetrics signInMetrics(MeterRegistry registry) {
      return new SignInMetrics(registry);
    }
  }

  /** The Frontend API's health, when Actuator's health support is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnEnabledHealthIndicator("signinflow")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "signinflowHealthIndicator")
    FrontendApiHealthIndicator signinflowHealthIndicator(
        SignInFlowProperties properties, ObjectProvider<SignInGateway> gateway) {
      return new FrontendApiHealthIndicator(
          () -> frontendApiOf(gateway.getIfUnique()), properties.getHealth().getTimeout());
    }

    private static Optional<URI> frontendApiOf(SignInGateway g) {
      return g instanceof FeignSignInGateway f ? Optional.of(f.frontendApi()) : Optional.empty();
    }
  }

  /**
   * Masks the secret key in Actuator's env and configprops endpoints, whatever show-values says.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
  static class Sanitizing {
    @Bean
    @ConditionalOnMissingBean(name = "signinflowSecretKeySanitizer")
    SanitizingFunction signinflowSecretKeySanitizer() {
      return SanitizingFunction.sanitizeValue()
          .ifKeyMatches(SignInFlowAutoConfiguration::isSecretKey);
    }
  }

  /**
   * True for the secret key's property however it is written: {@code
   * signinflow.clerk.proxy.secret-key}, {@code ...secretKey}, {@code
   * SIGNINFLOW_CLERK_PROXY_SECRETKEY}, or {@code secretKey} alone (configprops names it relative to
   * its bean).
   */
  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return k.endsWith("secretkey");
  }

  /** True when a publishable key or a Frontend API URL is set. */
  static final class FrontendApiConfigured extends AnyNestedCondition {
    FrontendApiConfigured() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "signinflow.clerk", name = "publishable-key")
    static final class PublishableKey {}

    @ConditionalOnProperty(prefix = "signinflow.clerk", name = "frontend-api-url")
    static final class FrontendApiUrl {}
  }
}
