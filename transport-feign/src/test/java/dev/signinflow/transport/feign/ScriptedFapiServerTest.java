package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.signinflow.transport.feign.ScriptedFapiServer.Ending;
import dev.signinflow.transport.feign.ScriptedFapiServer.Recorded;
import dev.signinflow.transport.feign.ScriptedFapiServer.Scripted;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scripted server itself, driven by the JDK's client directly: what the other tests rely on it
 * to see (every value of a repeated header, the raw path) and to do (drop a connection).
 */
class ScriptedFapiServerTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ScriptedFapiServer server;

  @BeforeEach
  void start() {
    server = ScriptedFapiServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(server.baseUrl()).startsWith("http://127.0.0.1:");
  }

  @Test
  void recordsEveryValueOfARepeatedHeaderAndTheRawPathAndQuery() throws Exception {
    server.enqueue(Scripted.status(200).token("t").json("{}"));

    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/a%2Fb?x=1&y=%2B"))
                .header("Authorization", "Bearer one")
                .header("Authorization", "Bearer two")
                .POST(HttpRequest.BodyPublishers.ofString("code=1&password=p"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Authorization")).containsExactly("Bearer t");
    Recorded got = server.onlyRequest();
    assertThat(got.header("authorization")).containsExactly("Bearer one", "Bearer two");
    assertThat(got.rawPath()).isEqualTo("/v1/a%2Fb");
    assertThat(got.rawQuery()).isEqualTo("x=1&y=%2B");
    assertThat(got.query().get("y")).containsExactly("+");
    assertThat(got.form().get("password")).containsExactly("p");
  }

  @Test
  void anUnscriptedRequestGetsA500() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/x")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("unscripted_request");
  }

  @Test
  void dropMidBodyClosesTheConnectionAfterTheHeaders() {
    server.enqueue(
        Scripted.status(200)
            .json("{\"padding\":\"" + "x".repeat(4096) + "\"}")
            .ending(Ending.DROP_MID_BODY));

    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(
                    () ->
                        http.send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/x")).build(),
                            HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class));
  }

  @Test
  void dropBeforeTheResponseClosesTheConnectionAtOnce() {
    server.enqueue(Scripted.status(200).json("{}").ending(Ending.DROP_BEFORE_RESPONSE));

    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(
                    () ->
                        http.send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/x"))
                                .POST(HttpRequest.BodyPublishers.ofString("a=1"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class));
  }
}
