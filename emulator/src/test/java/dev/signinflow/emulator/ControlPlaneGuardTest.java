package dev.signinflow.emulator;

import static dev.signinflow.emulator.FapiWire.assertClerkErrorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signinflow.transport.fake.FakeClerk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: the control plane was reachable from any web page. Each test sends the probe's request
 * over a plain socket to 127.0.0.1 — a rebinding page's {@code Host}, a cross-origin {@code
 * Origin}, a {@code text/plain} write, a body that is not UTF-8 — and checks the refusal and that
 * nothing changed.
 */
class ControlPlaneGuardTest {
  private static final String ALLOWED = "http://localhost:5173";

  private FakeClerk fake;
  private FakeFapiServer server;

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    DemoSeed.plant(fake);
    server = FakeFapiServer.builder(fake).allowOrigin(ALLOWED).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RawHttp.Response exchange(String head, byte[] body) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(
        (head + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(body);
    try (RawHttp c = RawHttp.connect(server.port())) {
      return c.send(request.toByteArray()).read();
    }
  }

  private RawHttp.Response exchange(String head, String body) throws IOException {
    return exchange(head, body.getBytes(StandardCharsets.UTF_8));
  }

  private String local() {
    return "Host: 127.0.0.1:" + server.port() + "\r\n";
  }

  private static JsonNode assertClerkError(RawHttp.Response r, int status, String code)
      throws IOException {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.header("Content-Type")).as("%s", r).hasValue("application/json; charset=utf-8");
    JsonNode body = FapiWire.JSON.readTree(r.body());
    assertClerkErrorBody(body, code);
    return body;
  }

  private static String longMessage(JsonNode body) {
    return body.path("errors").get(0).path("long_message").asText();
  }

  // ---- Host ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"rebind.attacker.example:4010", "attacker.example", "127.0.0.2", "localhost.evil"})
  void hostThatIsNotLoopbackGets421AndResetsNothing(String host) throws IOException {
    int users = fake.users().size();
    // The probe: a DNS-rebinding page's own host name, on a write and on a read of the codes.
    RawHttp.Response reset =
        exchange(
            "POST /__fake/reset HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json\r\n",
            "");
    JsonNode body = assertClerkError(reset, 421, "host_not_allowed");
    assertThat(longMessage(body)).contains("127.0.0.1, localhost or [::1]");
    assertThat(fake.users()).hasSize(users);
    assertClerkError(
        exchange("GET /__fake/outbox HTTP/1.1\r\nHost: " + host + "\r\n", ""),
        421,
        "host_not_allowed");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "127.0.0.1:4010", "localhost", "LOCALHOST:80", "[::1]:9"})
  void loopbackHostNamesWithAnyPortAreServed(String host) throws IOException {
    RawHttp.Response r = exchange("GET /__fake/outbox HTTP/1.1\r\nHost: " + host + "\r\n", "");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  @Test
  void http10WithoutHostGets421() throws IOException {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawHttp.Response r = c.send("GET /__fake/outbox HTTP/1.0\r\n\r\n").read();
      assertClerkError(r, 421, "host_not_allowed");
    }
  }

  @Test
  void fapiPathsKeepClerksRulesWhateverTheHost() throws IOException {
    RawHttp.Response r =
        exchange("GET /v1/environment HTTP/1.1\r\nHost: clerk.attacker.example\r\n", "");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  // ---- Origin and CORS ------------------------------------------------------------------------

  @Test
  void crossOriginRequestsGet403AndChangeNothing() throws IOException {
    long before = fake.clock().millis();
    // The probe: a page's "simple" POST, text/plain, that moved the clock.
    RawHttp.Response r =
        exchange(
            "POST /__fake/clock HTTP/1.1\r\n"
                + local()
                + "Origin: https://attacker.example\r\nContent-Type: text/plain\r\n",
            "{\"advance_seconds\":3600}");
    JsonNode body = assertClerkError(r, 403, "origin_not_allowed");
    assertThat(longMessage(body)).contains("--allow-origin");
    assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
    assertThat(fake.clock().millis()).isEqualTo(before);
    assertClerkError(
        exchange("GET /__fake/outbox HTTP/1.1\r\n" + local() + "Origin: null\r\n", ""),
        403,
        "origin_not_allowed");
  }

  @Test
  void anAllowedOriginGetsAPreflightAndCorsHeaders() throws IOException {
    RawHttp.Response preflight =
        exchange(
            "OPTIONS /__fake/users HTTP/1.1\r\n"
                + local()
                + "Origin: "
                + ALLOWED
                + "\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: content-type\r\n",
            "");
    assertThat(preflight.status()).as("%s", preflight).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(preflight.header("Access-Control-Allow-Methods")).hasValue("GET, POST");
    assertThat(preflight.header("Access-Control-Allow-Headers")).hasValue("Content-Type");
    assertThat(preflight.header("Vary")).hasValue("Origin");

    RawHttp.Response created =
        exchange(
            "POST /__fake/users HTTP/1.1\r\n"
                + local()
                + "Origin: "
                + ALLOWED
                + "\r\nContent-Type: application/json\r\n",
            "{\"email\":\"lin@example.com\",\"password\":\"hunter2 hunter2\"}");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.header("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(fake.userId("lin@example.com")).isPresent();

    // The allowed origin's mistakes are readable too.
    RawHttp.Response refused =
        exchange("POST /__fake/users HTTP/1.1\r\n" + local() + "Origin: " + ALLOWED + "\r\n", "{}");
    assertClerkError(refused, 415, "unsupported_media_type");
    assertThat(refused.header("Access-Control-Allow-Origin")).hasValue(ALLOWED);
  }

  @Test
  void anotherOriginIsRefusedEvenWhenOneIsAllowed() throws IOException {
    RawHttp.Response preflight =
        exchange(
            "OPTIONS /__fake/users HTTP/1.1\r\n"
                + local()
                + "Origin: http://localhost:5174\r\nAccess-Control-Request-Method: POST\r\n",
            "");
    assertClerkError(preflight, 403, "origin_not_allowed");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"null", "*", "localhost:3000", "ftp://localhost", "http://x/path", "http://u@x"})
  void allowOriginRefusesWhatIsNotAnOrigin(String origin) {
    FakeFapiServer.Builder b = FakeFapiServer.builder(fake);
    assertThatThrownBy(() -> b.allowOrigin(origin))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an origin");
  }

  @Test
  void allowOriginIsWrittenAsABrowserWritesIt() throws IOException {
    server.close();
    server = FakeFapiServer.builder(fake).allowOrigin("HTTPS://Tool.Example:443/").start();
    RawHttp.Response r =
        exchange(
            "GET /__fake/outbox HTTP/1.1\r\n" + local() + "Origin: https://tool.example\r\n", "");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).hasValue("https://tool.example");
  }

  // ---- Content-Type and UTF-8 ---------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "",
        "Content-Type: text/plain\r\n",
        "Content-Type: application/x-www-form-urlencoded\r\n",
        "Content-Type: application/json; charset=iso-8859-1\r\n",
        "Content-Type: application/jsonp\r\n"
      })
  void aWriteThatIsNotJsonGets415AndAddsNoUser(String contentType) throws IOException {
    // The probe: POST /__fake/users as text/plain created the user.
    RawHttp.Response r =
        exchange(
            "POST /__fake/users HTTP/1.1\r\n" + local() + contentType,
            "{\"email\":\"lin@example.com\",\"password\":\"hunter2 hunter2\"}");
    JsonNode body = assertClerkError(r, 415, "unsupported_media_type");
    assertThat(longMessage(body)).contains("Content-Type: application/json");
    assertThat(fake.userId("lin@example.com")).isEmpty();
  }

  @Test
  void aBodilessPostNeedsJsonTooButABodilessDeleteDoesNot() throws IOException {
    int users = fake.users().size();
    assertClerkError(
        exchange("POST /__fake/reset HTTP/1.1\r\n" + local(), ""), 415, "unsupported_media_type");
    assertThat(fake.users()).hasSize(users);
    RawHttp.Response reset =
        exchange(
            "POST /__fake/reset HTTP/1.1\r\n" + local() + "Content-Type: application/json\r\n", "");
    assertThat(reset.status()).as("%s", reset).isEqualTo(200);

    assertThat(exchange("DELETE /__fake/faults HTTP/1.1\r\n" + local(), "").status())
        .isEqualTo(200);
    assertClerkError(
        exchange(
            "DELETE /__fake/faults HTTP/1.1\r\n" + local() + "Content-Type: text/plain\r\n", "x"),
        415,
        "unsupported_media_type");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\""})
  void jsonWithParametersIsTaken(String contentType) throws IOException {
    RawHttp.Response r =
        exchange(
            "PUT /__fake/settings HTTP/1.1\r\n" + local() + "Content-Type: " + contentType + "\r\n",
            "{\"resend_cooldown_seconds\":5}");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(fake.settings().resendCooldown()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void invalidUtf8InJsonGets400AndAddsNoUser() throws IOException {
    // The probe: a 0xFF byte inside a JSON string was replaced with U+FFFD and the user created.
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    json.writeBytes("{\"email\":\"lin".getBytes(StandardCharsets.UTF_8));
    json.write(0xFF);
    json.writeBytes(
        "@example.com\",\"password\":\"hunter2 hunter2\"}".getBytes(StandardCharsets.UTF_8));
    int users = fake.users().size();
    RawHttp.Response r =
        exchange(
            "POST /__fake/users HTTP/1.1\r\n" + local() + "Content-Type: application/json\r\n",
            json.toByteArray());
    JsonNode body = assertClerkError(r, 400, "malformed_request");
    assertThat(longMessage(body)).contains("UTF-8");
    assertThat(fake.users()).hasSize(users);
  }
}
