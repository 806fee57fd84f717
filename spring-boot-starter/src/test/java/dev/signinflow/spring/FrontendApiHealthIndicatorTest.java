package dev.signinflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSignInGateway;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FrontendApiHealthIndicatorTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignInFlowAutoConfiguration.class));

  @Test
  void upWhileTheFrontendApiServesItsKeysDownOnceItIsGone() {
    FakeFapiServer server = FakeFapiServer.start(FakeClerk.create(), 0);
    try {
      runner
          // The first key set is built on the first request (an RSA key): on a busy machine that
          // can outlast a short default timeout, which is not what this test is about.
          .withPropertyValues(
              "signinflow.clerk.frontend-api-url=" + server.baseUrl(),
              "signinflow.health.timeout=30s")
          .run(
              ctx -> {
                HealthIndicator indicator =
                    ctx.getBean("signinflowHealthIndicator", HealthIndicator.class);
                Health up = indicator.health();
                assertThat(up.getStatus()).isEqualTo(Status.UP);
                assertThat(up.getDetails())
                    .containsEntry("status", 200)
                    .containsEntry("frontendApi", server.baseUrl().toString());
                server.close();
                Health down = indicator.health();
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsEntry("error", "ConnectException");
              });
    } finally {
      server.close();
    }
  }

  @Test
  void aFrontendApiThatDoesNotAnswerIsDownWithinTheTimeout() throws Exception {
    CountDownLatch testOver = new CountDownLatch(1);
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  s.getInputStream().read(new byte[1024]); // read the request, never answer
                  testOver.await(); // hold the connection open until the test is over
                } catch (Exception e) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      FrontendApiHealthIndicator indicator =
          new FrontendApiHealthIndicator(
              () -> Optional.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())),
              Duration.ofMillis(300));
      Health h = indicator.health();
      assertThat(h.getStatus()).isEqualTo(Status.DOWN);
      assertThat(h.getDetails()).containsEntry("error", "no answer within PT0.3S");
      testOver.countDown();
    }
  }

  @Test
  void anotherKindOfGatewayIsUnknown() {
    runner
        .withBean(SignInGateway.class, () -> FakeSignInGateway.over(FakeClerk.create()))
        .run(
            ctx ->
                assertThat(
                        ctx.getBean("signinflowHealthIndicator", HealthIndicator.class)
                            .health()
                            .getStatus())
                    .isEqualTo(Status.UNKNOWN));
  }

  @Test
  void itCanBeTurnedOff() {
    runner
        .withBean(SignInGateway.class, () -> FakeSignInGateway.over(FakeClerk.create()))
        .withPropertyValues("management.health.signinflow.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean("signinflowHealthIndicator"));
  }
}
