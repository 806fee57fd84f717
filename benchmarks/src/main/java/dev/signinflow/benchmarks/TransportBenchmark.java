package dev.signinflow.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.feign.FeignSignInGateway;
import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The transport's own CPU cost per sign-in path, without the network: the same four requests as
 * {@link FapiLoad}'s {@code FEIGN} mode (create, prepare, attempt, touch) through {@link
 * FeignSignInGateway} over a {@link Client} that answers each request at once with the bytes the
 * emulator sent for it once (recorded at set-up), against the baseline {@code byHand}: building the
 * same four {@link HttpRequest}s by hand and reading the same recorded bodies with Jackson trees,
 * as {@code FapiLoad}'s {@code RAW} mode does. What is left between the two is what Feign and the
 * gateway add before and after the wire.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TransportBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String Q = "?_is_native=true&__clerk_api_version=2026-05-12";
  private static final String BASE = "http://127.0.0.1:9";

  /** One recorded answer: status, headers and body. */
  record Answer(int status, Map<String, Collection<String>> headers, byte[] body) {}

  /** The four answers of one path, recorded from a real emulator, replayed by path suffix. */
  @State(Scope.Benchmark)
  public static class Recorded {
    final Map<String, Answer> answers = new LinkedHashMap<>();
    FeignSignInGateway gateway;

    @Setup(Level.Trial)
    public void record() {
      FakeClerk fake = BenchEmulator.fake();
      try (FakeFapiServer server = FakeFapiServer.builder(fake).port(0).start()) {
        Client recording =
            (request, options) -> {
              try (Response r = new Client.Default(null, null).execute(request, options)) {
                byte[] body = r.body().asInputStream().readAllBytes();
                answers.put(key(request.url()), new Answer(r.status(), r.headers(), body));
                return r.toBuilder().body(body).build();
              }
            };
        FeignSignInGateway live =
            FeignSignInGateway.builder()
                .frontendApi(server.baseUrl().toString())
                .client(recording)
                .build();
        FapiLoad.feignPath(live, () -> {});
      }
      if (answers.size() != 4) {
        throw new IllegalStateException("expected four recorded answers: " + answers.keySet());
      }
      gateway =
          FeignSignInGateway.builder()
              .frontendApi(BASE)
              .client(
                  (request, options) -> {
                    Answer a = answers.get(key(request.url()));
                    return Response.builder()
                        .request(request)
                        .protocolVersion(Request.ProtocolVersion.HTTP_1_1)
                        .status(a.status())
                        .headers(a.headers())
                        // As the transport's own JDK client answers: the buffered bytes.
                        .body(a.body())
                        .build();
                  })
              .build();
    }

    private static String key(String url) {
      String path = URI.create(url).getPath();
      return path.substring(path.lastIndexOf('/') + 1);
    }

    byte[] body(String key) {
      return answers.get(key).body();
    }
  }

  @Benchmark
  public Object feign(Recorded r) {
    return FapiLoad.feignPath(r.gateway, () -> {});
  }

  @Benchmark
  public Object byHand(Recorded r) throws IOException {
    // What FapiLoad's RAW mode does per path, minus the exchange itself.
    HttpRequest create =
        post(
            "/v1/client/sign_ins",
            null,
            "strategy=password&identifier="
                + enc(BenchEmulator.USER)
                + "&password="
                + enc(BenchEmulator.PASSWORD));
    JsonNode s = JSON.readTree(r.body("sign_ins")).path("response");
    String signIn = s.path("id").asText();
    String emailId = s.path("supported_second_factors").path(0).path("email_address_id").asText();
    String token = "Bearer " + signIn;
    HttpRequest prepare =
        post(
            "/v1/client/sign_ins/" + signIn + "/prepare_second_factor",
            token,
            "strategy=email_code&email_address_id=" + enc(emailId));
    JSON.readTree(r.body("prepare_second_factor")).path("response").path("status").asText();
    HttpRequest attempt =
        post(
            "/v1/client/sign_ins/" + signIn + "/attempt_second_factor",
            token,
            "strategy=email_code&code=424242");
    String session =
        JSON.readTree(r.body("attempt_second_factor"))
            .path("response")
            .path("created_session_id")
            .asText();
    HttpRequest touch =
        post(
            "/v1/client/sessions/" + session + "/touch",
            token,
            "active_organization_id=&intent=select_session");
    JsonNode t = JSON.readTree(r.body("touch"));
    return new Object[] {create, prepare, attempt, touch, t};
  }

  private static HttpRequest post(String path, String auth, String form) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(BASE + path + Q))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return b.build();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
