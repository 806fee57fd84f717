package dev.signinflow.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.engine.spi.VerificationCode;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A closed-loop load generator for the emulator, run in its own process against {@link
 * BenchEmulator}. Each client thread repeats the full sign-in path of a new device — create,
 * prepare, attempt, touch: four requests — and records every request's latency. Three modes run in
 * turn, in a rotating order, for the same time each round:
 *
 * <ul>
 *   <li>{@code RAW}: the path by hand with {@link HttpClient} (HTTP/1.1, as the Feign transport
 *       uses it) and Jackson trees — the emulator's figure and the transport's baseline;
 *   <li>{@code FEIGN}: the same path through {@link FeignSignInGateway};
 *   <li>{@code ENV}: {@code GET /v1/environment} alone with the same client — the HTTP floor of the
 *       same server.
 * </ul>
 *
 * Arguments: url threads secondsPerMode rounds warmupSeconds.
 */
public final class FapiLoad {
  private static final String Q = "?_is_native=true&__clerk_api_version=2026-05-12";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * With {@code -Dfapi.rawTimeoutMillis=N}, the {@code RAW} path's POSTs carry a request timeout,
   * as the Feign transport's do: an ablation that tells what the JDK's per-request timer costs.
   */
  private static final Duration RAW_TIMEOUT =
      System.getProperty("fapi.rawTimeoutMillis") == null
          ? null
          : Duration.ofMillis(Long.getLong("fapi.rawTimeoutMillis"));

  enum Mode {
    RAW,
    FEIGN,
    ENV
  }

  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final FeignSignInGateway feign;

  private FapiLoad(String url) {
    this.url = url;
    this.feign = FeignSignInGateway.builder().frontendApi(url).build();
  }

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "http://127.0.0.1:4011";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    FapiLoad load = new FapiLoad(url);
    System.out.printf(
        "%s, %d client threads, %d s per mode, %d rounds, %d s warm-up per mode%n",
        url, threads, seconds, rounds, warmup);
    Mode[] modes =
        Arrays.stream(System.getProperty("fapi.modes", "RAW,FEIGN,ENV").split(","))
            .map(Mode::valueOf)
            .toArray(Mode[]::new);
    for (Mode m : modes) {
      Round r = load.round(m, threads, warmup);
      System.out.printf("warm-up %s: %s%n", m, r);
    }
    Map<Mode, List<Round>> results = new EnumMap<>(Mode.class);
    for (int i = 0; i < rounds; i++) {
      for (int k = 0; k < modes.length; k++) {
        Mode m = modes[(i + k) % modes.length];
        Round r = load.round(m, threads, seconds);
        results.computeIfAbsent(m, x -> new ArrayList<>()).add(r);
        System.out.printf("round %d %s: %s%n", i + 1, m, r);
      }
    }
    System.out.println();
    for (Mode m : modes) {
      List<Round> rs = results.get(m);
      System.out.printf(
          "%-5s requests/s median %.0f (min %.0f, max %.0f); p50 %s ms; p99 %s ms; errors %d%n",
          m,
          IdleFlowMemory.median(rs.stream().mapToDouble(r -> r.rps).toArray()),
          rs.stream().mapToDouble(r -> r.rps).min().orElseThrow(),
          rs.stream().mapToDouble(r -> r.rps).max().orElseThrow(),
          spread(rs.stream().mapToDouble(r -> r.p50).toArray()),
          spread(rs.stream().mapToDouble(r -> r.p99).toArray()),
          rs.stream().mapToLong(r -> r.errors).sum());
    }
    if (modes.length < Mode.values().length) {
      return;
    }
    double raw =
        IdleFlowMemory.median(results.get(Mode.RAW).stream().mapToDouble(r -> r.rps).toArray());
    double fe =
        IdleFlowMemory.median(results.get(Mode.FEIGN).stream().mapToDouble(r -> r.rps).toArray());
    double env =
        IdleFlowMemory.median(results.get(Mode.ENV).stream().mapToDouble(r -> r.rps).toArray());
    double[] perRound = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      perRound[i] = results.get(Mode.FEIGN).get(i).rps / results.get(Mode.RAW).get(i).rps;
    }
    System.out.printf(
        "FEIGN/RAW throughput: %.2f (per round: %s); RAW/ENV: %.2f%n",
        fe / raw, spread(perRound), raw / env);
  }

  private static String spread(double[] xs) {
    return String.format(
        "%.2f (%.2f–%.2f)",
        IdleFlowMemory.median(xs), IdleFlowMemory.min(xs), IdleFlowMemory.max(xs));
  }

  /** One mode for a fixed time: requests per second and latency percentiles in ms. */
  record Round(double rps, double p50, double p99, long errors) {
    @Override
    public String toString() {
      return String.format(
          "%.0f requests/s, p50 %.3f ms, p99 %.3f ms, errors %d", rps, p50, p99, errors);
    }
  }

  private Round round(Mode mode, int threads, int seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Worker[] workers = new Worker[threads];
    Thread[] ts = new Thread[threads];
    long start = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      workers[i] = new Worker(mode, end);
      ts[i] = new Thread(workers[i], "load-" + i);
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    int total = 0;
    long errors = 0;
    for (Worker w : workers) {
      total += w.count;
      errors += w.errors;
    }
    long[] all = new long[total];
    int at = 0;
    for (Worker w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.count);
      at += w.count;
    }
    Arrays.sort(all);
    return new Round(
        total / elapsed,
        total == 0 ? Double.NaN : all[(int) (total * 0.50)] / 1e6,
        total == 0 ? Double.NaN : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6,
        errors);
  }

  private final class Worker implements Runnable {
    final Mode mode;
    final long end;
    long[] latencies = new long[1 << 16];
    int count;
    long errors;
    long t0;

    Worker(Mode mode, long end) {
      this.mode = mode;
      this.end = end;
    }

    void lap() {
      long now = System.nanoTime();
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = now - t0;
      t0 = now;
    }

    @Override
    public void run() {
      while (System.nanoTime() < end) {
        try {
          t0 = System.nanoTime();
          switch (mode) {
            case RAW -> rawPath();
            case FEIGN -> feignPath(feign, this::lap);
            case ENV -> {
              send(get("/v1/environment", null));
              lap();
            }
          }
        } catch (RuntimeException | IOException e) {
          if (errors++ == 0) {
            System.out.printf("%s: first error: %s%n", mode, e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void rawPath() throws IOException, InterruptedException {
      HttpResponse<byte[]> r =
          send(
              post(
                  "/v1/client/sign_ins",
                  null,
                  "strategy=password&identifier="
                      + enc(BenchEmulator.USER)
                      + "&password="
                      + enc(BenchEmulator.PASSWORD)));
      String token = token(r);
      JsonNode s = JSON.readTree(r.body()).path("response");
      String signIn = s.path("id").asText();
      String emailId = s.path("supported_second_factors").path(0).path("email_address_id").asText();
      check(s, "needs_client_trust");
      lap();
      r =
          send(
              post(
                  "/v1/client/sign_ins/" + signIn + "/prepare_second_factor",
                  token,
                  "strategy=email_code&email_address_id=" + enc(emailId)));
      token = token(r, token);
      check(JSON.readTree(r.body()).path("response"), "needs_client_trust");
      lap();
      r =
          send(
              post(
                  "/v1/client/sign_ins/" + signIn + "/attempt_second_factor",
                  token,
                  "strategy=email_code&code=424242"));
      token = token(r, token);
      s = JSON.readTree(r.body()).path("response");
      check(s, "complete");
      String session = s.path("created_session_id").asText();
      lap();
      r =
          send(
              post(
                  "/v1/client/sessions/" + session + "/touch",
                  token,
                  "active_organization_id=&intent=select_session"));
      if (r.statusCode() != 200) {
        throw new IllegalStateException("touch: " + r.statusCode());
      }
      JSON.readTree(r.body());
      lap();
    }
  }

  /** The path through the gateway, {@code afterEachRequest} run after each of its four requests. */
  static Object feignPath(FeignSignInGateway feign, Runnable afterEachRequest) {
    GatewayResult<SignIn> r =
        feign.createSignIn(
            RequestContext.none(),
            Optional.empty(),
            Identifier.parse(BenchEmulator.USER),
            Password.of(BenchEmulator.PASSWORD));
    SignIn s = ok(r, SignInStatus.NEEDS_CLIENT_TRUST);
    Optional<ClientToken> token = r.clientToken();
    Factor factor = s.supportedSecondFactors().get(0);
    afterEachRequest.run();
    r = feign.prepareSecondFactor(RequestContext.none(), token, s.id(), factor, Optional.empty());
    ok(r, SignInStatus.NEEDS_CLIENT_TRUST);
    token = r.clientToken().isPresent() ? r.clientToken() : token;
    afterEachRequest.run();
    r =
        feign.attemptSecondFactor(
            RequestContext.none(),
            token,
            s.id(),
            Strategy.EMAIL_CODE,
            VerificationCode.of("424242"));
    SignIn done = ok(r, SignInStatus.COMPLETE);
    token = r.clientToken().isPresent() ? r.clientToken() : token;
    afterEachRequest.run();
    GatewayResult<Session> t =
        feign.activateSession(RequestContext.none(), token, done.createdSessionId().orElseThrow());
    if (!(t instanceof GatewayResult.Success<Session>)) {
      throw new IllegalStateException("touch: " + t);
    }
    afterEachRequest.run();
    return t;
  }

  static SignIn ok(GatewayResult<SignIn> r, SignInStatus expected) {
    if (r instanceof GatewayResult.Success<SignIn> s && s.value().status() == expected) {
      return s.value();
    }
    throw new IllegalStateException("expected " + expected + ", got " + r);
  }

  private static void check(JsonNode signIn, String status) {
    if (!status.equals(signIn.path("status").asText())) {
      throw new IllegalStateException("expected " + status + ", got " + signIn);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String token(HttpResponse<?> r) {
    return r.headers()
        .firstValue("Authorization")
        .orElseThrow(() -> new IllegalStateException("no client token: " + r.statusCode()));
  }

  private static String token(HttpResponse<?> r, String previous) {
    return r.headers().firstValue("Authorization").orElse(previous);
  }

  private HttpRequest get(String path, String auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path + Q)).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return b.build();
  }

  private HttpRequest post(String path, String auth, String form) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path + Q));
    if (RAW_TIMEOUT != null) {
      b.timeout(RAW_TIMEOUT);
    }
    b =
        b.header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return b.build();
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }
}
