package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.transport.feign.ScriptedFapiServer.Ending;
import dev.signinflow.transport.feign.ScriptedFapiServer.Scripted;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's HTTP client: its cap must hold at least one byte, and a caller interrupted while
 * it waits — for the headers or for the body — gets {@code Unavailable} back at once with its
 * interrupt kept, so that the thread's owner still sees it.
 */
class JdkHttpClientTest {
  private static final Identifier ADA = Identifier.parse("ada@example.com");
  private static final Password PASSWORD = Password.of("Sup3r-secret-passw0rd");
  private static final Optional<ClientToken> TOKEN = Optional.of(ClientToken.of("tok_0"));
  private static final Duration BOUND = Duration.ofSeconds(10);

  private ScriptedFapiServer server;
  private FeignSignInGateway gateway;

  @BeforeEach
  void start() {
    server = ScriptedFapiServer.start();
    // A read timeout far beyond the bound: only the interrupt ends a wait.
    gateway =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl())
            .readTimeout(ScriptedFapiServer.MAX_HOLD.multipliedBy(2))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theBodyCapMustHoldAtLeastOneByte() {
    HttpClient http = HttpClient.newHttpClient();

    assertThat(new JdkHttpClient(http, 1)).isNotNull();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new JdkHttpClient(http, 0))
        .withMessageContaining("maxBodyBytes");
  }

  @Test
  void interruptedWhileWaitingForTheHeadersIsUnavailableAndKeepsTheInterrupt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Scripted held =
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")).holdUntil(release);
    server.enqueue(held);

    try {
      Call call = Call.start(gateway);
      assertThat(held.awaitArrival(BOUND)).isTrue();
      call.interruptWhen(frames -> true);

      call.assertUnavailableAndStillInterrupted();
    } finally {
      release.countDown();
    }
  }

  @Test
  void interruptedWhileWaitingForTheBodyIsUnavailableAndKeepsTheInterrupt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Scripted stalled =
        Scripted.status(200)
            .json(FapiBodies.needsClientTrust("sia_1"))
            .ending(Ending.STALL_MID_BODY)
            .holdUntil(release);
    server.enqueue(stalled);

    try {
      Call call = Call.start(gateway);
      assertThat(stalled.awaitArrival(BOUND)).isTrue();
      // Past the JDK's send: the headers are in, and the caller waits for the body.
      call.interruptWhen(
          frames ->
              Arrays.stream(frames).noneMatch(f -> f.getClassName().endsWith("HttpClientImpl")));

      call.assertUnavailableAndStillInterrupted();
    } finally {
      release.countDown();
    }
  }

  /** A gateway call on a thread of its own, which the test interrupts. */
  private static final class Call {
    private final Thread thread;
    private final AtomicReference<GatewayResult<SignIn>> result = new AtomicReference<>();
    private final AtomicBoolean interruptedAfter = new AtomicBoolean();

    private Call(FeignSignInGateway gateway) {
      thread =
          new Thread(
              () -> {
                result.set(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));
                interruptedAfter.set(Thread.currentThread().isInterrupted());
              },
              "interrupted-call");
    }

    static Call start(FeignSignInGateway gateway) {
      Call c = new Call(gateway);
      c.thread.start();
      return c;
    }

    /**
     * Interrupts the caller once it waits inside {@link JdkHttpClient#execute} and its stack meets
     * the condition (bounded: fails after {@link #BOUND}).
     */
    void interruptWhen(Predicate<StackTraceElement[]> where) {
      long deadline = System.nanoTime() + BOUND.toNanos();
      while (System.nanoTime() < deadline) {
        StackTraceElement[] frames = thread.getStackTrace();
        boolean waiting =
            (thread.getState() == Thread.State.WAITING
                    || thread.getState() == Thread.State.TIMED_WAITING)
                && Arrays.stream(frames)
                    .anyMatch(
                        f ->
                            f.getClassName().equals(JdkHttpClient.class.getName())
                                && f.getMethodName().equals("execute"));
        if (waiting && where.test(frames)) {
          thread.interrupt();
          return;
        }
        Thread.onSpinWait();
      }
      throw new AssertionError("the call never waited where expected");
    }

    void assertUnavailableAndStillInterrupted() throws InterruptedException {
      thread.join(BOUND.toMillis());
      assertThat(thread.isAlive()).as("the call returned").isFalse();
      assertThat(result.get()).isInstanceOf(GatewayResult.Unavailable.class);
      assertThat(((GatewayResult.Unavailable<SignIn>) result.get()).reason())
          .contains("Interrupted");
      assertThat(interruptedAfter).isTrue();
    }
  }
}
