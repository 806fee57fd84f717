package dev.signinflow.examples.web;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * When no Clerk instance is configured: the emulator, in this process, with the demo users (Ada,
 * Grace, Sam), and the app's gateway pointed at it. Its clock runs with the system's and its codes
 * are random, as for a person; {@code /demo/inbox} shows what it "sent".
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmulatorConfiguration.NoClerkInstance.class)
class EmulatorConfiguration {

  @Bean
  @ConditionalOnMissingBean
  FakeClerk fakeClerk() {
    FakeClerk fake =
        FakeClerk.builder()
            .clock(FakeClock.following(Clock.systemUTC()))
            .random(new Random(new SecureRandom().nextLong()))
            .build();
    DemoSeed.plant(fake);
    return fake;
  }

  @Bean(destroyMethod = "close")
  FakeFapiServer emulator(
      FakeClerk fake, @Value("${signinflow.example.emulator-port:0}") int port) {
    return FakeFapiServer.builder(fake).port(port).start();
  }

  /** The starter's gateway steps aside for this one, to the emulator's Frontend API. */
  @Bean
  FeignSignInGateway signInGateway(FakeFapiServer emulator, FakeClerk fake) {
    return FeignSignInGateway.builder()
        .frontendApi(emulator.baseUrl().toString())
        .clock(fake.clock())
        .build();
  }

  /** The engine reads cooldowns on the emulator's clock. */
  @Bean
  Clock clock(FakeClerk fake) {
    return fake.clock();
  }

  @Bean
  ApplicationListener<WebServerInitializedEvent> printTheUrl(FakeFapiServer emulator) {
    return e -> {
      PrintStream out = System.out;
      String host =
          e.getApplicationContext().getEnvironment().getProperty("server.address", "127.0.0.1");
      out.println();
      out.println("Sign-in page:  http://" + host + ":" + e.getWebServer().getPort() + "/");
      out.println(
          "Demo inbox:    http://" + host + ":" + e.getWebServer().getPort() + "/demo/inbox");
      out.println(
          "Emulator:      " + emulator.baseUrl() + " (Frontend API and /__fake/ control plane)");
      out.println(
          "Demo users (password \""
              + DemoSeed.PASSWORD
              + "\"): "
              + DemoSeed.ADA
              + " (email code), "
              + DemoSeed.GRACE
              + " (TOTP), "
              + DemoSeed.SMS_USER
              + " (SMS, code 424242)");
      out.println("Press Ctrl-C to stop.");
      out.flush();
    };
  }

  /** Neither a publishable key nor a Frontend API URL is set. */
  static final class NoClerkInstance extends NoneNestedConditions {
    NoClerkInstance() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "signinflow.clerk", name = "publishable-key")
    static final class PublishableKey {}

    @ConditionalOnProperty(prefix = "signinflow.clerk", name = "frontend-api-url")
    static final class FrontendApiUrl {}
  }
}
