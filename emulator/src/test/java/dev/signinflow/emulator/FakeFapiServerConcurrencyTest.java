package dev.signinflow.emulator;

import static dev.signinflow.emulator.FapiWire.assertClerkError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FapiWire.Reply;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FapiOperation;
import dev.signinflow.transport.fake.Fault;
import dev.signinflow.transport.fake.FaultTrigger;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many requests at once, held responses and stopping: the server answers everyone, keeps one
 * client's state consistent under concurrent use, holds injected latency without a thread, and
 * stops gracefully.
 */
class FakeFapiServerConcurrencyTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private FakeClerk fake;
  private FakeFapiServer server;
  private FapiWire wire;
  private ExecutorService pool;

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    DemoSeed.plant(fake);
    server = FakeFapiServer.start(fake, 0);
    wire = new FapiWire(server);
    pool = Executors.newFixedThreadPool(20);
  }

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    server.close();
  }

  /** Waits, bounded by count and time, until the condition holds; false if it never did. */
  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (int i = 0; i < 50_000_000 && System.nanoTime() < deadline; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return condition.getAsBoolean();
  }

  private void settings(java.util.function.UnaryOperator<FakeSettings.Builder> change) {
    fake.settings(change.apply(fake.settings().toBuilder()).build());
  }

  @Test
  void twentyThreadsOnOneClientAreAllAnsweredConsistently() throws Exception {
    settings(b -> b.rotateClientTokens(false));
    FapiWire.SignedIn ada = wire.signInAda(fake);
    String session = "/v1/client/sessions/" + ada.sessionId();
    List<Future<List<Reply>>> threads = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      int thread = t;
      threads.add(
          pool.submit(
              () -> {
                List<Reply> replies = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                  replies.add(
                      switch ((thread + i) % 5) {
                        case 0 -> wire.get("/v1/client", ada.token());
                        case 1 -> wire.get(session, ada.token());
                        case 2 ->
                            wire.post(
                                session + "/touch",
                                ada.token(),
                                "active_organization_id=&intent=focus");
                        case 3 -> wire.post(session + "/tokens", ada.token(), "");
                        default -> wire.get("/v1/client/sign_ins/" + ada.signInId(), ada.token());
                      });
                }
                return replies;
              }));
    }
    List<Reply> all = new ArrayList<>();
    for (Future<List<Reply>> f : threads) {
      all.addAll(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    assertThat(all).hasSize(200);
    for (Reply r : all) {
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.token()).as("%s", r).contains(ada.token());
    }
    Reply client = wire.get("/v1/client", ada.token());
    assertThat(client.json().path("response").path("sessions").size()).isEqualTo(1);
    assertThat(client.json().path("response").path("last_active_session_id").asText())
        .isEqualTo(ada.sessionId());
    assertThat(client.json().path("response").path("sign_in").path("status").asText())
        .isEqualTo("complete");
  }

  @Test
  void concurrentPreparesSendOneCodeAndRefuseTheRestWithRetryAfter() throws Exception {
    settings(b -> b.rotateClientTokens(false));
    Reply created = wire.createAdaSignIn(null);
    String token = created.token().orElseThrow();
    String path =
        "/v1/client/sign_ins/"
            + created.json().path("response").path("id").asText()
            + "/prepare_second_factor";
    List<Future<Reply>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      futures.add(pool.submit(() -> wire.post(path, token, "strategy=email_code")));
    }
    int sent = 0;
    for (Future<Reply> f : futures) {
      Reply r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (r.status() == 200) {
        sent++;
      } else {
        assertClerkError(r, 429, "verification_code_too_many_requests");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(sent).isEqualTo(1);
    assertThat(fake.outbox(DemoSeed.ADA)).hasSize(1);
  }

  /**
   * With rotation on (the default) each answer mints a token and FakeClerk keeps only the last 8
   * per client, so a token shared by more than 8 requests in flight stops naming its client: the
   * later requests get 404 and no Authorization header — the client is lost. FakeSettings says
   * earlier tokens keep working; FakeClerk needs to keep them (see the emulator branch's notes).
   */
  @Test
  void concurrentRequestsKeepTheirClientWhileTokensRotate() throws Exception {
    FapiWire.SignedIn ada = wire.signInAda(fake);
    List<Future<Reply>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      futures.add(
          pool.submit(() -> wire.get("/v1/client/sign_ins/" + ada.signInId(), ada.token())));
    }
    for (Future<Reply> f : futures) {
      Reply r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      FapiWire.assertIssuesToken(r);
    }
  }

  @Test
  void latencyHoldsResponsesWithoutHoldingWorkerThreads() throws Exception {
    server.close();
    server = FakeFapiServer.builder(fake).maxThreads(6).start();
    wire = new FapiWire(server);
    settings(b -> b.rateLimitWindow(Duration.ZERO));
    List<String[]> signIns = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Reply created = wire.createAdaSignIn(null);
      signIns.add(
          new String[] {
            created.token().orElseThrow(), created.json().path("response").path("id").asText()
          });
    }
    fake.injectFault(
        FapiOperation.PREPARE_SECOND_FACTOR,
        Fault.latency(Duration.ofSeconds(3)),
        FaultTrigger.always());
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (String[] s : signIns) {
      held.add(
          wire.http()
              .sendAsync(
                  wire.request("/v1/client/sign_ins/" + s[1] + "/prepare_second_factor")
                      .header("Authorization", "Bearer " + s[0])
                      .header("Content-Type", FapiWire.FORM)
                      .POST(HttpRequest.BodyPublishers.ofString("strategy=email_code"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
    }
    // Each prepare has run (its code is in the outbox); its answer is now being held.
    assertThat(eventually(() -> fake.outbox(DemoSeed.ADA).size() == 12)).isTrue();
    // Twelve held answers on a server of six threads, and still a new request is served.
    Reply environment = wire.get("/v1/environment", null);
    assertThat(environment.status()).isEqualTo(200);
    assertThat(held).noneMatch(CompletableFuture::isDone);
    for (CompletableFuture<HttpResponse<String>> f : held) {
      assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void closeLetsARequestInFlightFinishAndRefusesNewConnections() throws Exception {
    Reply created = wire.createAdaSignIn(null);
    fake.injectFault(
        FapiOperation.PREPARE_SECOND_FACTOR,
        Fault.latency(Duration.ofSeconds(3)),
        FaultTrigger.once());
    CompletableFuture<HttpResponse<String>> inFlight =
        wire.http()
            .sendAsync(
                wire.request(
                        "/v1/client/sign_ins/"
                            + created.json().path("response").path("id").asText()
                            + "/prepare_second_factor")
                    .header("Authorization", "Bearer " + created.token().orElseThrow())
                    .header("Content-Type", FapiWire.FORM)
                    .POST(HttpRequest.BodyPublishers.ofString("strategy=email_code"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(eventually(() -> fake.outbox(DemoSeed.ADA).size() == 1)).isTrue();
    int port = server.port();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

    assertThat(eventually(() -> !accepts(port))).as("refuses new connections").isTrue();
    assertThat(inFlight).as("still held while refusing").isNotDone();
    HttpResponse<String> answer = inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"status\":\"needs_client_trust\"");
    closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(accepts(port)).isFalse();
  }

  private static boolean accepts(int port) {
    try (RawHttp c = RawHttp.connect(port)) {
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
