package dev.signinflow.emulator;

import static dev.signinflow.emulator.FapiWire.assertClerkErrorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FapiOperation;
import dev.signinflow.transport.fake.Fault;
import dev.signinflow.transport.fake.FaultTrigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests no well-behaved client sends, over a plain socket: what Jetty cannot parse, what a
 * stalled or greedy client does, and the drop-connection fault. Each read times out after {@link
 * RawHttp#READ_TIMEOUT}, so "no hang" is "answered (or closed) within it".
 *
 * <p>What Jetty 12 does with a request it cannot parse: it answers through the server's error
 * handler, which {@link FakeFapiServer} makes Clerk-shaped — garbage request line 400, request line
 * over 16 KiB 414, header block over 16 KiB 431, unknown HTTP version 505, missing Host 400,
 * Content-Length together with chunked 400, non-numeric Content-Length 400, a bad chunk 400 — and
 * closes the connection. A client that stops mid-headers is disconnected at the idle timeout
 * without an answer (Jetty has no request to answer yet); one that stops mid-body gets 408.
 */
class FakeFapiServerRawProtocolTest {
  private static final String FORM_HEAD =
      "POST /v1/client/sign_ins HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\n";

  private FakeClerk fake;
  private FakeFapiServer server;

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    DemoSeed.plant(fake);
    server =
        FakeFapiServer.builder(fake).maxBodyBytes(1024).idleTimeout(Duration.ofMillis(500)).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RawHttp.Response exchange(String request) throws IOException {
    try (RawHttp c = RawHttp.connect(server.port())) {
      return c.send(request).read();
    }
  }

  private static void assertClerkError(RawHttp.Response r, int status, String code) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.header("Content-Type"))
        .as("%s", r)
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body;
    try {
      body = FapiWire.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r, e);
    }
    assertClerkErrorBody(body, code);
  }

  private String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  }

  @Test
  void garbageRequestLineGetsClerkShaped400() throws IOException {
    assertClerkError(exchange("GARBAGE\r\n\r\n"), 400, "malformed_request");
  }

  @Test
  void requestLineWithTooManyPartsGets400() throws IOException {
    assertClerkError(
        exchange("GET /v1/client HTTP/1.1 extra\r\nHost: x\r\n\r\n"), 400, "malformed_request");
  }

  @Test
  void headerBlockOver16KiBGets431() throws IOException {
    RawHttp.Response r =
        exchange("GET /v1/client HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
    assertClerkError(r, 431, "request_header_fields_too_large");
  }

  @Test
  void requestLineOver16KiBGets414() throws IOException {
    RawHttp.Response r =
        exchange("GET /v1/client?" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertClerkError(r, 414, "request_uri_too_long");
  }

  @Test
  void unknownHttpVersionGets505() throws IOException {
    assertClerkError(
        exchange("GET /v1/client HTTP/9.9\r\nHost: x\r\n\r\n"), 505, "http_version_not_supported");
  }

  @Test
  void missingHostGets400() throws IOException {
    assertClerkError(exchange("GET /v1/client HTTP/1.1\r\n\r\n"), 400, "malformed_request");
  }

  @Test
  void contentLengthWithChunkedGets400() throws IOException {
    RawHttp.Response r =
        exchange(FORM_HEAD + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertClerkError(r, 400, "malformed_request");
  }

  @Test
  void nonNumericContentLengthGets400() throws IOException {
    assertClerkError(exchange(FORM_HEAD + "Content-Length: abc\r\n\r\n"), 400, "malformed_request");
  }

  @Test
  void badChunkSizeGets400() throws IOException {
    RawHttp.Response r =
        exchange(FORM_HEAD + "Transfer-Encoding: chunked\r\n\r\nZZ\r\nab\r\n0\r\n\r\n");
    assertClerkError(r, 400, "malformed_request");
  }

  @Test
  void ambiguousPathGets400() throws IOException {
    assertClerkError(
        exchange(get("/v1/client/sign_ins/..%2F..%2Fenvironment")), 400, "malformed_request");
  }

  @Test
  void nonAsciiPathGets400() throws IOException {
    assertClerkError(exchange(get("/v1/client/sign_ins/\u00e9")), 400, "malformed_request");
  }

  @Test
  void malformedQueryStringGets400() throws IOException {
    for (String query : List.of("a=%zz", "a=%", "a=%C3%28", "%=b")) {
      assertClerkError(exchange(get("/v1/client?" + query)), 400, "malformed_request");
    }
  }

  @Test
  void duplicateAuthorizationLinesGet400() throws IOException {
    RawHttp.Response r =
        exchange(
            "GET /v1/client HTTP/1.1\r\nHost: x\r\nAuthorization: \r\nAuthorization: \r\n\r\n");
    assertClerkError(r, 400, "multiple_authorization_header_values_forbidden");
  }

  @Test
  void declaredOversizeBodyIsRefusedBeforeItIsSent() throws IOException {
    // Only the head goes out: the server answers on Content-Length alone, reading nothing.
    RawHttp.Response r = exchange(FORM_HEAD + "Content-Length: 10000000\r\n\r\n");
    assertClerkError(r, 413, "request_body_too_large");
  }

  @Test
  void bodyOverTheCapIsReadToItsEndBeforeThe413SoTheConnectionServesTheNext() throws IOException {
    // Answering before the body is read would leave bytes unread at the close: a reset that a
    // client still sending may see instead of the 413. Read to its end, the connection lives on.
    String body = "identifier=" + "x".repeat(4096);
    try (RawHttp c = RawHttp.connect(server.port())) {
      c.send(FORM_HEAD + "Content-Length: " + body.length() + "\r\n\r\n" + body);
      assertClerkError(c.read(), 413, "request_body_too_large");
      String next = "identifier=nobody%40example.com&password=x";
      c.send(FORM_HEAD + "Content-Length: " + next.length() + "\r\n\r\n" + next);
      assertClerkError(c.read(), 422, "form_identifier_not_found");
    }
  }

  @Test
  void oversizeChunkedBodyGets413() throws IOException {
    StringBuilder chunks = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      chunks.append("200\r\n").append("x".repeat(512)).append("\r\n");
    }
    chunks.append("0\r\n\r\n");
    try (RawHttp c = RawHttp.connect(server.port())) {
      c.send(FORM_HEAD + "Transfer-Encoding: chunked\r\n\r\n")
          .sendTolerantly(chunks.toString().getBytes(StandardCharsets.ISO_8859_1));
      assertClerkError(c.read(), 413, "request_body_too_large");
    }
  }

  @Test
  void clientStalledMidHeadersIsDisconnectedAndOthersAreServed() throws IOException {
    try (RawHttp stalled = RawHttp.connect(server.port())) {
      stalled.send("POST /v1/client/sign_ins HTTP/1.1\r\nHost: x\r\nContent-Le");
      RawHttp.Response other = exchange(get("/v1/environment"));
      assertThat(other.status()).isEqualTo(200);
      // Closed at the idle timeout, well within the read timeout, with nothing to say.
      assertThat(stalled.readEnd()).isEmpty();
    }
  }

  @Test
  void clientStalledMidBodyGets408AndOthersAreServed() throws IOException {
    try (RawHttp stalled = RawHttp.connect(server.port())) {
      stalled.send(FORM_HEAD + "Content-Length: 100\r\n\r\nidentifier=ada");
      RawHttp.Response other = exchange(get("/v1/environment"));
      assertThat(other.status()).isEqualTo(200);
      assertClerkError(stalled.read(), 408, "request_timeout");
      assertThat(stalled.readEnd()).isEmpty();
    }
  }

  @Test
  void stalledBodiesHoldNoWorkerThread() throws IOException {
    server.close();
    // The default idle timeout (30 s) outlasts the read timeout: a starved server fails the read.
    server = FakeFapiServer.builder(fake).maxThreads(6).start();
    List<RawHttp> stalled = new ArrayList<>();
    try {
      // More stalled bodies than the server has threads: a blocking read would starve it.
      for (int i = 0; i < 12; i++) {
        stalled.add(
            RawHttp.connect(server.port())
                .send(FORM_HEAD + "Content-Length: 100\r\n\r\nidentifier=ada"));
      }
      RawHttp.Response other = exchange(get("/v1/environment"));
      assertThat(other.status()).isEqualTo(200);
    } finally {
      for (RawHttp s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void dropConnectionFaultClosesWithNoResponse() throws IOException {
    fake.injectFault(FapiOperation.GET_CLIENT, Fault.dropConnection(), FaultTrigger.once());
    try (RawHttp c = RawHttp.connect(server.port())) {
      c.send("GET /v1/client HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readEnd()).isEmpty();
    }
    assertThat(exchange(get("/v1/client")).status()).isEqualTo(200);
  }

  @Test
  void dropConnectionFaultOnAPostClosesWithNoResponse() throws IOException {
    fake.injectFault(FapiOperation.CREATE_SIGN_IN, Fault.dropConnection(), FaultTrigger.once());
    String body = "identifier=ada%40example.com&password=x";
    try (RawHttp c = RawHttp.connect(server.port())) {
      c.send(FORM_HEAD + "Content-Length: " + body.length() + "\r\n\r\n" + body);
      assertThat(c.readEnd()).isEmpty();
    }
  }

  @Test
  void serverKeepsAnsweringOnOneConnection() throws IOException {
    try (RawHttp c = RawHttp.connect(server.port())) {
      for (int i = 0; i < 3; i++) {
        c.send("GET /v1/nope HTTP/1.1\r\nHost: x\r\n\r\n");
        assertClerkError(c.read(), 404, "resource_not_found");
      }
    }
  }

  @Test
  void closedServerRefusesConnections() {
    int port = server.port();
    server.close();
    assertThatThrownBy(() -> RawHttp.connect(port)).isInstanceOf(IOException.class);
  }
}
