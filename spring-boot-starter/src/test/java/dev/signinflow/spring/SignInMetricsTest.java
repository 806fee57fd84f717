package dev.signinflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.engine.DelegatingGateway;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSignInGateway;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SignInMetricsTest {
  private static final String DEVICE = "browser-7f3a-metrics";
  private static final String IP = "203.0.113.77";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignInFlowAutoConfiguration.class))
          .withUserConfiguration(Fake.class)
          .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

  @Test
  void stepsAndCallsAreCountedByStateEventOutcomeAndOperationOnly() {
    runner.run(
        ctx -> {
          assertThat(ctx).hasSingleBean(SignInMetrics.class);
          SignInEngine engine = ctx.getBean(SignInEngine.class);
          FakeClerk fake = ctx.getBean(FakeClerk.class);
          RequestContext user = RequestContext.builder().clientIp(IP).userAgent("Firefox").build();
          SignInFlow flow = engine.startFlow(DeviceId.of(DEVICE));
          flow.submitPassword(user, DemoSeed.ADA, "wrong password, surely");
          flow.submitPassword(user, DemoSeed.ADA, DemoSeed.PASSWORD);
          flow.verifyCode(user, "000000");
          String code = fake.lastCodeSentTo(DemoSeed.ADA).orElseThrow();
          flow.verifyCode(user, code);
          flow.finalizeSession(user);
          flow.resendCode(user); // illegal in COMPLETE
          String sessionId = flow.view().sessionId().orElseThrow();
          String flowId = flow.id().orElseThrow().value();

          MeterRegistry registry = ctx.getBean(MeterRegistry.class);
          // Every tag, of every signinflow meter, is one of a few known words.
          Set<String> states = words(SignInState.values());
          Set<String> events = words(SignInEvent.values());
          Set<String> outcomes = words(OutcomeKind.values());
          Set<String> operations =
              Set.of(
                  "create_sign_in",
                  "prepare_second_factor",
                  "attempt_second_factor",
                  "get_sign_in",
                  "activate_session",
                  "get_client",
                  "create_session_token",
                  "end_session",
                  "remove_session",
                  "remove_all_sessions");
          Set<String> callOutcomes =
              Set.of("success", "rejected", "rate_limited", "unavailable", "error");
          List<Meter> ours =
              registry.getMeters().stream()
                  .filter(m -> m.getId().getName().startsWith("signinflow."))
                  .toList();
          assertThat(ours).isNotEmpty();
          for (Meter m : ours) {
            for (Tag t : m.getId().getTags()) {
              Set<String> allowed =
                  switch (t.getKey()) {
                    case "from", "to" -> states;
                    case "event" -> events;
                    case "outcome" ->
                        m.getId().getName().equals(SignInMetrics.EVENTS) ? outcomes : callOutcomes;
                    case "operation" -> operations;
                    default -> Set.of();
                  };
              assertThat(allowed).as("%s tag %s", m.getId().getName(), t).contains(t.getValue());
              for (String secret :
                  List.of(
                      DEVICE,
                      IP,
                      DemoSeed.ADA,
                      DemoSeed.PASSWORD,
                      code,
                      sessionId,
                      flowId,
                      "Firefox")) {
                assertThat(t.getValue()).doesNotContain(secret);
              }
            }
          }

          assertThat(count(registry, "from", "identifying", "outcome", "clerk_error")).isEqualTo(1);
          assertThat(
                  count(
                      registry,
                      "from",
                      "identifying",
                      "event",
                      "submit_password",
                      "to",
                      "needs_client_trust"))
              .isEqualTo(1);
          assertThat(count(registry, "event", "verify_code", "to", "complete")).isEqualTo(1);
          assertThat(count(registry, "event", "resend_code", "outcome", "illegal_event"))
              .isEqualTo(1);
          Map<String, Long> calls =
              registry.find(SignInMetrics.GATEWAY_CALLS).timers().stream()
                  .collect(
                      Collectors.toMap(
                          t -> t.getId().getTag("operation") + "/" + t.getId().getTag("outcome"),
                          t -> t.count()));
          assertThat(calls)
              .containsEntry("create_sign_in/rejected", 1L)
              .containsEntry("create_sign_in/success", 1L)
              .containsEntry("prepare_second_factor/success", 1L)
              .containsEntry("attempt_second_factor/rejected", 1L)
              .containsEntry("attempt_second_factor/success", 1L)
              .containsEntry("activate_session/success", 1L);
          assertThat(registry.get(SignInMetrics.FLOWS_IN_FLIGHT).gauge().value()).isZero();
        });
  }

  @Test
  void flowsInFlightCountsTheEventsRunningNow() {
    runner.run(
        ctx -> {
          MeterRegistry registry = ctx.getBean(MeterRegistry.class);
          Spy spy = ctx.getBean(Spy.class);
          spy.onCall = () -> spy.seen = registry.get(SignInMetrics.FLOWS_IN_FLIGHT).gauge().value();
          SignInFlow flow = ctx.getBean(SignInEngine.class).startFlow(DeviceId.of(DEVICE));
          flow.submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD);
          assertThat(spy.seen).isEqualTo(1.0);
          assertThat(registry.get(SignInMetrics.FLOWS_IN_FLIGHT).gauge().value()).isZero();
          flow.verifyCode("1"); // malformed: refused without a call, the lease released
          assertThat(registry.get(SignInMetrics.FLOWS_IN_FLIGHT).gauge().value()).isZero();
        });
  }

  @Test
  void noRegistryOrMetricsOffMeansNoMetrics() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignInFlowAutoConfiguration.class))
        .withUserConfiguration(Fake.class)
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SignInMetrics.class));
    runner
        .withPropertyValues("signinflow.metrics.enabled=false")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().doesNotHaveBean(SignInMetrics.class);
              ctx.getBean(SignInEngine.class)
                  .newFlow(DeviceId.of(DEVICE))
                  .submitPassword(DemoSeed.ADA, DemoSeed.PASSWORD);
              assertThat(ctx.getBean(MeterRegistry.class).getMeters()).isEmpty();
            });
  }

  private static double count(MeterRegistry registry, String... tags) {
    return registry.find(SignInMetrics.EVENTS).tags(tags).timers().stream()
        .mapToLong(t -> t.count())
        .sum();
  }

  private static Set<String> words(Enum<?>[] values) {
    return new HashSet<>(
        Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
  }

  /** A gateway that runs a hook on each call, to look at the meters while a call is in flight. */
  static final class Spy {
    volatile Runnable onCall = () -> {};
    volatile double seen = -1;
  }

  @Configuration(proxyBeanMethods = false)
  static class Fake {
    @Bean
    FakeClerk fakeClerk() {
      FakeClerk f = FakeClerk.create();
      DemoSeed.plant(f);
      return f;
    }

    @Bean
    Spy spy() {
      return new Spy();
    }

    @Bean
    SignInGateway gateway(FakeClerk f, Spy spy) {
      SignInGateway fake = FakeSignInGateway.over(f);
      return new DelegatingGateway(fake) {
        @Override
        public GatewayResult<SignIn> createSignIn(
            RequestContext context,
            Optional<ClientToken> clientToken,
            Identifier identifier,
            Password password) {
          spy.onCall.run();
          return super.createSignIn(context, clientToken, identifier, password);
        }
      };
    }
  }
}
