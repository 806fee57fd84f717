package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.VerificationCode;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FakeUser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The default HTTP client starts no thread per request. The JDK's {@code sendAsync}, and any body
 * subscriber not of the JDK's own, hand each response to another executor; CompletableFuture's
 * default one starts a new thread per task on a machine with one or two cores (such as CI's), which
 * cost this transport two thirds of its throughput before it was found. On larger machines that
 * executor is the common pool, so there this test passes either way.
 */
class FeignSignInGatewayThreadsTest {
  private static final String USER = "threads+clerk_test@example.com";
  private static final String PASSWORD = "correct horse battery staple";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void requestsStartNoThreadsOnceTheClientIsWarm() {
    FakeClerk fake =
        FakeClerk.builder()
            .settings(
                FakeSettings.defaults().toBuilder()
                    .testIdentities(true)
                    .rateLimitWindow(Duration.ZERO)
                    .build())
            .build();
    fake.addUser(FakeUser.withEmail(USER).password(PASSWORD));
    try (FakeFapiServer server = FakeFapiServer.start(fake, 0)) {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder().frontendApi(server.baseUrl().toString()).build();
      for (int i = 0; i < 10; i++) {
        path(gateway);
      }
      long before = THREADS.getTotalStartedThreadCount();
      int paths = 25;
      for (int i = 0; i < paths; i++) {
        path(gateway);
      }
      long started = THREADS.getTotalStartedThreadCount() - before;
      assertThat(started).as("threads started during %d requests", paths * 3).isLessThan(5);
    }
  }

  /** Three requests of a new device: password, code sent, code checked. */
  private static void path(FeignSignInGateway gateway) {
    GatewayResult<SignIn> r =
        gateway.createSignIn(
            RequestContext.none(), Optional.empty(), Identifier.parse(USER), Password.of(PASSWORD));
    SignIn s = success(r);
    Optional<ClientToken> token = r.clientToken();
    Factor factor = s.supportedSecondFactors().get(0);
    success(
        gateway.prepareSecondFactor(
            RequestContext.none(), token, s.id(), factor, Optional.empty()));
    success(
        gateway.attemptSecondFactor(
            RequestContext.none(),
            token,
            s.id(),
            Strategy.EMAIL_CODE,
            VerificationCode.of(FakeClerk.TEST_CODE)));
  }

  private static SignIn success(GatewayResult<SignIn> r) {
    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    return ((GatewayResult.Success<SignIn>) r).value();
  }
}
