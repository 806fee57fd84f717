package dev.signinflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Transition;
import dev.signinflow.engine.TransitionListener;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.FakeSignInGateway;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SignInFlowAutoConfigurationTest {
  /** A publishable key naming clerk.example.com. */
  static final String KEY =
      "pk_test_"
          + java.util.Base64.getEncoder()
              .encodeToString(
                  "clerk.example.com$".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  static final String SECRET = "sk_test_S3cr3tK3yD0ntL0gM3x";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignInFlowAutoConfiguration.class));

  private FakeClerk fake;
  private FakeFapiServer server;

  @BeforeEach
  void startEmulator() {
    fake = FakeClerk.builder().clock(FakeClock.standard()).build();
    DemoSeed.plant(fake);
    server = FakeFapiServer.start(fake, 0);
  }

  @AfterEach
  void stopEmulator() {
    server.close();
  }

  @Test
  void aFrontendApiUrlMakesAFeignGatewayAndMemoryStores() {
    runner
        .withPropertyValues("signinflow.clerk.frontend-api-url=" + server.baseUrl())
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(SignInEngine.class);
              assertThat(ctx.getBean(SignInGateway.class))
                  .isInstanceOfSatisfying(
                      FeignSignInGateway.class,
                      g -> {
                        assertThat(g.frontendApi()).isEqualTo(server.baseUrl());
                        assertThat(g.proxyUrl()).isEmpty();
                      });
              assertThat(ctx).hasSingleBean(FlowStore.class);
              assertThat(ctx).hasSingleBean(ClientTokenStore.class);
              assertThat(ctx).hasSingleBean(SessionTokenCache.class);
            });
  }

  @Test
  void theAutoConfiguredEngineSignsInOverHttp() {
    runner
        .withPropertyValues("signinflow.clerk.frontend-api-url=" + server.baseUrl())
        .withBean(Clock.class, () -> fake.clock())
        .run(
            ctx -> {
              SignInEngine engine = ctx.getBean(SignInEngine.class);
              SignInFlow flow = engine.startFlow(DeviceId.of("browser-1"));
              StepResult r = flow.submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD);
              assertThat(r.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
              String code = fake.lastCodeSentTo(DemoSeed.ADA).orElseThrow();
              SignInFlow again = engine.flow(flow.id().orElseThrow()).orElseThrow();
              assertThat(again.verifyCode(code).state()).isEqualTo(SignInState.COMPLETE);
              assertThat(again.finalizeSession().succeeded()).isTrue();
              assertThat(engine.session(DeviceId.of("browser-1")).ok()).isPresent();
            });
  }

  @Test
  void aPublishableKeyNamesTheFrontendApi() {
    runner
        .withPropertyValues("signinflow.clerk.publishable-key=" + KEY)
        .run(
            ctx ->
                assertThat(ctx.getBean(FeignSignInGateway.class).frontendApi())
                    .isEqualTo(URI.create("https://clerk.example.com")));
  }

  @Test
  void proxyModeTakesTheUrlAndTheSecretKeyAndShowsTheKeyNowhere() {
    runner
        .withPropertyValues(
            "signinflow.clerk.frontend-api-url=" + server.baseUrl(),
            "signinflow.clerk.proxy.url=http://127.0.0.1:8080/__clerk",
            "signinflow.clerk.proxy.secret-key=" + SECRET)
        .run(
            ctx -> {
              FeignSignInGateway g = ctx.getBean(FeignSignInGateway.class);
              assertThat(g.proxyUrl()).contains(URI.create("http://127.0.0.1:8080/__clerk"));
              assertThat(g.toString()).doesNotContain(SECRET);
              assertThat(ctx.getBean(SignInFlowProperties.class).toString())
                  .doesNotContain(SECRET)
                  .contains("[redacted]");
              assertThat(ctx.getBean(SignInEngine.class).toString()).doesNotContain(SECRET);
            });
  }

  @Test
  void proxyModeWithOnlyOneHalfFailsClearly() {
    runner
        .withPropertyValues(
            "signinflow.clerk.frontend-api-url=" + server.baseUrl(),
            "signinflow.clerk.proxy.secret-key=" + SECRET)
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(SignInFlowConfigurationException.class)
                    .hasMessageContaining("signinflow.clerk.proxy.url")
                    .hasMessageNotContaining(SECRET));
  }

  @Test
  void aMalformedSecretKeyIsRefusedWithoutRepeatingIt() {
    String bad = "sk_test_has spaces and a-dash";
    runner
        .withPropertyValues(
            "signinflow.clerk.frontend-api-url=" + server.baseUrl(),
            "signinflow.clerk.proxy.url=http://127.0.0.1:8080/__clerk",
            "signinflow.clerk.proxy.secret-key=" + bad)
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(SignInFlowConfigurationException.class)
                    .hasMessageNotContaining("has spaces"));
  }

  @Test
  void bothAKeyAndAUrlFailClearly() {
    runner
        .withPropertyValues(
            "signinflow.clerk.publishable-key=" + KEY,
            "signinflow.clerk.frontend-api-url=" + server.baseUrl())
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("both signinflow.clerk.publishable-key"));
  }

  @Test
  void plainHttpToAnotherHostIsRefused() {
    runner
        .withPropertyValues("signinflow.clerk.frontend-api-url=http://clerk.example.com")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(SignInFlowConfigurationException.class)
                    .hasMessageContaining("signinflow.clerk.* is not valid"));
  }

  @Test
  void nothingConfiguredFailsWithWhatToSet() {
    runner.run(
        ctx -> {
          assertThat(ctx)
              .getFailure()
              .rootCause()
              .isInstanceOf(SignInFlowConfigurationException.class)
              .hasMessageContaining("no SignInGateway");
          FailureAnalysis analysis =
              new SignInFlowFailureAnalyzer().analyze(ctx.getStartupFailure());
          assertThat(analysis.getDescription()).startsWith("signinflow: there is no SignInGateway");
          assertThat(analysis.getAction()).contains("signinflow.clerk.publishable-key");
        });
  }

  @Test
  void theApplicationsOwnGatewayWinsAndNeedsNoProperty() {
    runner
        .withUserConfiguration(OwnGateway.class)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(SignInGateway.class)).isInstanceOf(FakeSignInGateway.class);
              assertThat(ctx).doesNotHaveBean(FeignSignInGateway.class);
              SignInFlow flow = ctx.getBean(SignInEngine.class).newFlow(DeviceId.of("d"));
              assertThat(flow.submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD).state())
                  .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
            });
  }

  @Test
  void theApplicationsOwnBeansWinOverEveryDefault() {
    runner
        .withPropertyValues("signinflow.clerk.frontend-api-url=" + server.baseUrl())
        .withUserConfiguration(OwnStores.class)
        .run(
            ctx -> {
              assertThat(ctx.getBean(FlowStore.class)).isSameAs(OwnStores.FLOWS);
              assertThat(ctx.getBean(ClientTokenStore.class)).isSameAs(OwnStores.TOKENS);
              assertThat(ctx.getBean(SessionTokenCache.class)).isSameAs(OwnStores.CACHE);
            });
    SignInEngine mine = SignInEngine.builder().gateway(FakeSignInGateway.over(fake)).build();
    runner
        .withBean(SignInEngine.class, () -> mine)
        .run(ctx -> assertThat(ctx.getBean(SignInEngine.class)).isSameAs(mine));
  }

  @Test
  void redisStoresWithoutTheStoreModuleFailClearly() {
    runner
        .withPropertyValues(
            "signinflow.clerk.frontend-api-url=" + server.baseUrl(), "signinflow.store.type=redis")
        .run(
            ctx -> {
              assertThat(ctx)
                  .getFailure()
                  .rootCause()
                  .isInstanceOf(SignInFlowConfigurationException.class)
                  .hasMessageContaining("signinflow.store.type=redis")
                  .hasMessageContaining("FlowStore");
              assertThat(
                      ((SignInFlowConfigurationException) rootCause(ctx.getStartupFailure()))
                          .action())
                  .contains("signinflow-store-redis");
            });
  }

  @Test
  void redisStoreTypeTakesTheStoreBeansItIsGiven() {
    // The seam signinflow-store-redis plugs into: its stores are beans, the engine takes them.
    runner
        .withPropertyValues(
            "signinflow.clerk.frontend-api-url=" + server.baseUrl(), "signinflow.store.type=redis")
        .withUserConfiguration(OwnStores.class)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(SignInEngine.class);
              SignInFlow flow = ctx.getBean(SignInEngine.class).startFlow(DeviceId.of("d"));
              assertThat(OwnStores.FLOWS.load(flow.id().orElseThrow(), java.time.Instant.now()))
                  .isPresent();
            });
  }

  @Test
  void everyTransitionListenerBeanHearsTheSteps() {
    List<Transition> heard = new CopyOnWriteArrayList<>();
    runner
        .withUserConfiguration(OwnGateway.class)
        .withBean(TransitionListener.class, () -> heard::add)
        .run(
            ctx -> {
              ctx.getBean(SignInEngine.class)
                  .newFlow(DeviceId.of("d"))
                  .submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD);
              assertThat(heard).hasSize(1);
              assertThat(heard.get(0).to()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
            });
  }

  @Test
  void invalidEngineSettingsFailClearly() {
    runner
        .withPropertyValues(
            "signinflow.clerk.frontend-api-url=" + server.baseUrl(),
            "signinflow.email-link-redirect-url=not a url")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(SignInFlowConfigurationException.class)
                    .hasMessageContaining("emailLinkRedirectUrl"));
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    for (int i = 0; i < 50 && c.getCause() != null; i++) {
      c = c.getCause();
    }
    return c;
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnGateway {
    @Bean
    FakeClerk fakeClerk() {
      FakeClerk f = FakeClerk.create();
      DemoSeed.plant(f);
      return f;
    }

    @Bean
    SignInGateway gateway(FakeClerk f) {
      return FakeSignInGateway.over(f);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnStores {
    static final FlowStore FLOWS = FlowStore.inMemory();
    static final ClientTokenStore TOKENS = ClientTokenStore.inMemory();
    static final SessionTokenCache CACHE = SessionTokenCache.inMemory();

    @Bean
    FlowStore myFlows() {
      return FLOWS;
    }

    @Bean
    ClientTokenStore myTokens() {
      return TOKENS;
    }

    @Bean
    SessionTokenCache myCache() {
      return CACHE;
    }
  }
}
