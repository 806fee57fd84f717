package dev.signinflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.transport.fake.FakeClerk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link HttpClient} aimed at one {@link FakeFapiServer}, with the few requests the server tests
 * make over and over. Every request times out after {@link #TIMEOUT}: a server that does not answer
 * fails the test instead of hanging it.
 */
final class FapiWire {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String FORM = "application/x-www-form-urlencoded";
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI base;

  FapiWire(FakeFapiServer server) {
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.base = server.baseUrl();
  }

  HttpClient http() {
    return http;
  }

  /** A request to this path (and query), with the timeout set. */
  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT);
  }

  Reply send(HttpRequest.Builder request) {
    try {
      return new Reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET with {@code Authorization: Bearer token}, or with no Authorization when token is null. */
  Reply get(String pathAndQuery, String token) {
    HttpRequest.Builder r = request(pathAndQuery).GET();
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return send(r);
  }

  /** POST of a form, with {@code Authorization: Bearer token} or empty when token is null. */
  Reply post(String pathAndQuery, String token, String form) {
    return send(
        request(pathAndQuery)
            .header("Authorization", token == null ? "" : "Bearer " + token)
            .header("Content-Type", FORM)
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /** Ada's password sign-in on a new device: {@code needs_client_trust}. */
  Reply createAdaSignIn(String token) {
    return post(
        "/v1/client/sign_ins?_is_native=true",
        token,
        "identifier=" + enc(DemoSeed.ADA) + "&password=" + enc(DemoSeed.PASSWORD));
  }

  /** A signed-in client: its latest token, and the session and sign-in the flow made. */
  record SignedIn(String token, String sessionId, String signInId) {}

  /** Ada through the whole new-device flow over HTTP, her code read from the fake's outbox. */
  SignedIn signInAda(FakeClerk fake) {
    Reply created = createAdaSignIn(null);
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    String signInId = created.json().path("response").path("id").asText();
    String emailId =
        created
            .json()
            .path("response")
            .path("supported_second_factors")
            .path(0)
            .path("email_address_id")
            .asText();
    String path = "/v1/client/sign_ins/" + signInId;
    Reply prepared =
        post(
            path + "/prepare_second_factor",
            created.token().orElseThrow(),
            "strategy=email_code&email_address_id=" + emailId);
    assertThat(prepared.status()).as("%s", prepared).isEqualTo(200);
    String code = fake.lastCodeSentTo(DemoSeed.ADA).orElseThrow();
    Reply attempted =
        post(
            path + "/attempt_second_factor",
            prepared.token().orElseThrow(),
            "strategy=email_code&code=" + code);
    assertThat(attempted.json().path("response").path("status").asText())
        .as("%s", attempted)
        .isEqualTo("complete");
    return new SignedIn(
        attempted.token().orElseThrow(),
        attempted.json().path("response").path("created_session_id").asText(),
        signInId);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A response, its body read as text. */
  record Reply(int status, HttpHeaders headers, String body) {
    Reply(HttpResponse<String> r) {
      this(r.statusCode(), r.headers(), r.body());
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The client token of the {@code Authorization} response header, without "Bearer ". */
    Optional<String> token() {
      return headers.firstValue("Authorization").map(v -> v.substring("Bearer ".length()));
    }

    String errorCode() {
      return json().path("errors").path(0).path("code").asText();
    }

    @Override
    public String toString() {
      return status + " " + headers.map() + " " + body;
    }
  }

  /**
   * Asserts Clerk's error body: {@code
   * {errors:[{code,message,long_message,meta}],meta,clerk_trace_id}}.
   */
  static void assertClerkError(Reply r, int status, String code) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .as("%s", r)
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertClerkErrorBody(r.json(), code);
  }

  static void assertClerkErrorBody(JsonNode body, String code) {
    assertThat(body.isObject()).as("%s", body).isTrue();
    JsonNode errors = body.path("errors");
    assertThat(errors.isArray() && errors.size() >= 1).as("errors of %s", body).isTrue();
    for (JsonNode e : errors) {
      assertThat(e.path("code").isTextual()).as("code of %s", body).isTrue();
      assertThat(e.path("message").isTextual()).as("message of %s", body).isTrue();
      assertThat(e.path("long_message").isTextual()).as("long_message of %s", body).isTrue();
      assertThat(e.path("meta").isObject()).as("meta of %s", body).isTrue();
    }
    assertThat(errors.get(0).path("code").asText()).as("%s", body).isEqualTo(code);
    assertThat(body.path("meta").isObject()).as("meta of %s", body).isTrue();
    assertThat(body.path("clerk_trace_id").isTextual()).as("trace of %s", body).isTrue();
  }

  /** Asserts a {@code Bearer <jwt>} Authorization response header and returns the token. */
  static String assertIssuesToken(Reply r) {
    assertThat(r.headers().firstValue("Authorization"))
        .as("Authorization of %s", r)
        .hasValueSatisfying(
            v -> assertThat(v).matches("Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"));
    return r.token().orElseThrow();
  }
}
