package dev.signinflow.emulator;

import static dev.signinflow.emulator.FapiWire.assertClerkErrorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signinflow.transport.fake.FakeClerk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13's findings at the HTTP edge, each with the probe's input over a plain socket to
 * 127.0.0.1: a raw non-ASCII byte in a query, a transfer coding other than chunked, and a client
 * that takes too long over its headers. No test sleeps: a header deadline is made tiny and the test
 * waits, bounded, on a socket read.
 */
class FapiEdgeTest {
  private static final String SIGN_IN_HEAD =
      "POST /v1/client/sign_ins HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\n";

  private FakeClerk fake;
  private FakeFapiServer server;

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

  private RawHttp.Response exchange(byte[] request) throws IOException {
    try (RawHttp c = RawHttp.connect(server.port())) {
      return c.send(request).read();
    }
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static JsonNode assertClerkError(RawHttp.Response r, int status, String code)
      throws IOException {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.header("Content-Type")).as("%s", r).hasValue("application/json; charset=utf-8");
    JsonNode body = FapiWire.JSON.readTree(r.body());
    assertClerkErrorBody(body, code);
    return body;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/v1/client?a=\u00ff",
        "/v1/client?identifier=\u00c3\u00a9",
        "/__fake/outbox?to=\u00ff"
      })
  void rawNonAsciiByteInQueryIs400(String target) throws IOException {
    // The probe: GET /v1/client?a=<0xFF> was answered 200.
    RawHttp.Response r =
        exchange(
            latin1("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    JsonNode body = assertClerkError(r, 400, "malformed_request");
    assertThat(body.path("errors").get(0).path("long_message").asText()).contains("percent-encode");
  }

  @Test
  void percentEncodedUtf8InQueryIsStillRead() throws IOException {
    RawHttp.Response r =
        exchange(
            latin1(
                "GET /v1/environment?x=%C3%A9 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n"));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gzip, chunked", "deflate, chunked", "x-custom, chunked"})
  void transferCodingOtherThanChunkedIs501AndCreatesNothing(String codings) throws IOException {
    // The probe: "Transfer-Encoding: gzip, chunked" had its (compressed) body read as a form.
    String form = "identifier=ada%40example.com&password=x";
    String chunked = Integer.toHexString(form.length()) + "\r\n" + form + "\r\n0\r\n\r\n";
    RawHttp.Response r =
        exchange(latin1(SIGN_IN_HEAD + "Transfer-Encoding: " + codings + "\r\n\r\n" + chunked));
    JsonNode body = assertClerkError(r, 501, "transfer_encoding_not_implemented");
    assertThat(body.path("errors").get(0).path("long_message").asText()).contains("chunked");
    assertThat(r.header("Connection")).hasValue("close");
    assertThat(r.header("Authorization")).as("no client was made").isEmpty();
  }

  @Test
  void plainChunkedBodyIsStillRead() throws IOException {
    String form = "identifier=ada%40example.com&password=wrong";
    String chunked = Integer.toHexString(form.length()) + "\r\n" + form + "\r\n0\r\n\r\n";
    RawHttp.Response r =
        exchange(latin1(SIGN_IN_HEAD + "Transfer-Encoding: chunked\r\n\r\n" + chunked));
    assertClerkError(r, 422, "form_password_incorrect");
  }

  @Test
  void headersNotFinishedByTheDeadlineCloseTheConnection() throws IOException {
    server.close();
    // The idle timeout (30 s) outlasts the test's read timeout (10 s): only the header deadline
    // can close the connection in time for this test to pass.
    server = FakeFapiServer.builder(fake).headerTimeout(Duration.ofMillis(200)).start();
    try (RawHttp slow = RawHttp.connect(server.port())) {
      // The probe: a request line and half a header, then nothing.
      slow.send("POST /v1/client/sign_ins HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le");
      assertThat(slow.readEnd()).as("closed with no answer").isEmpty();
    }
    try (RawHttp other = RawHttp.connect(server.port())) {
      other.send("GET /v1/environment HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(other.read().status()).isEqualTo(200);
    }
  }

  @Test
  void headerDeadlineSparesABodyAndAnIdleKeepAliveConnection() throws IOException {
    server.close();
    server =
        FakeFapiServer.builder(fake)
            .headerTimeout(Duration.ofMillis(200))
            .idleTimeout(Duration.ofSeconds(2))
            .start();
    try (RawHttp c = RawHttp.connect(server.port())) {
      c.send("GET /v1/environment HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(200);
      // Idle between requests, three deadlines long: still open.
      assertThat(c.staysOpenFor(Duration.ofMillis(600))).isTrue();
      // A body that stalls is the idle timeout's: 408 at 2 s, not a silent close at 200 ms.
      c.send(SIGN_IN_HEAD + "Content-Length: 100\r\n\r\nidentifier=ada");
      assertClerkError(c.read(), 408, "request_timeout");
    }
  }

  @Test
  void headerTimeoutMustBePositive() {
    FakeFapiServer.Builder b = FakeFapiServer.builder(fake);
    assertThatThrownBy(() -> b.headerTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headerTimeout");
    assertThatThrownBy(() -> b.headerTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
