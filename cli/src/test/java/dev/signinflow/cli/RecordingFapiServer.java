package dev.signinflow.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny HTTP server on 127.0.0.1 that gives every request the same answer, a Clerk-shaped error of
 * the test's choosing with a new client token, and records the {@code Authorization} header of each
 * request: what a device sent, and whether it sent anything at all.
 *
 * <p>The CLI cannot see {@code transport-feign}'s {@code ScriptedFapiServer}; this is the little
 * the CLI's tests need. Thread-safe; close it after each test.
 */
final class RecordingFapiServer implements AutoCloseable {
  /** A JWT-shaped client token the server hands out with every answer. */
  static final String SERVER_TOKEN =
      "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImNsaWVudF9yZWNvcmRpbmcifQ.c2VydmVyLXNpZ25lZA";

  private final HttpServer server;
  private final int status;
  private final String body;
  private final List<String> authorizations = new ArrayList<>();

  private RecordingFapiServer(HttpServer server, int status, String body) {
    this.server = server;
    this.status = status;
    this.body = body;
  }

  /** A server answering every request with {@code status} and this JSON body. */
  static RecordingFapiServer answering(int status, String json) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RecordingFapiServer s = new RecordingFapiServer(http, status, json);
    http.createContext("/", s::handle);
    http.start();
    return s;
  }

  /** Clerk's answer to a wrong password. */
  static RecordingFapiServer wrongPassword() {
    return answering(
        422,
        error(
            "form_password_incorrect", "Password is incorrect. Try again, or use another method."));
  }

  /** Clerk's error body with one error on the password field; both texts go in as JSON text. */
  static String error(String code, String longMessage) {
    return "{\"errors\":[{\"code\":\""
        + code
        + "\",\"message\":\"is incorrect\",\"long_message\":\""
        + longMessage
        + "\",\"meta\":{\"param_name\":\"password\"}}],\"meta\":{},\"clerk_trace_id\":\"trace_1\"}";
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * The {@code Authorization} header of every request so far, in order; "" when empty or absent.
   */
  synchronized List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    synchronized (this) {
      authorizations.add(auth == null ? "" : auth);
    }
    exchange.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("Authorization", SERVER_TOKEN);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
