package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeFapiServerSmokeTest {
  private FakeClerk fake;
  private FakeFapiServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    DemoSeed.plant(fake);
    server = FakeFapiServer.start(fake, 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String token, String form) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", token == null ? "" : "Bearer " + token)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void signsInOverHttp() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/client/sign_ins?_is_native=true",
            null,
            "identifier=ada%40example.com&password=correct+horse+battery+staple");
    System.out.println(r.statusCode() + " " + r.headers().map() + " " + r.body());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"needs_client_trust\"");
    String token = r.headers().firstValue("Authorization").orElseThrow().substring(7);
    HttpResponse<String> bad = post("/v1/client/sign_ins?_is_native=true", token, "identifier=%zz");
    System.out.println(bad.statusCode() + " " + bad.body());
    assertThat(bad.statusCode()).isEqualTo(400);
    HttpResponse<String> nf = post("/v1/nope", token, "");
    System.out.println(nf.statusCode() + " " + nf.body());
    assertThat(nf.statusCode()).isEqualTo(404);
    HttpResponse<String> big = post("/v1/client/sign_ins", token, "a=" + "x".repeat(70000));
    assertThat(big.statusCode()).isEqualTo(413);
    HttpResponse<String> m =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/client/sign_ins"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    System.out.println(m.statusCode() + " " + m.headers().map() + m.body());
    assertThat(m.statusCode()).isEqualTo(405);
  }
}
