package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import feign.Request;
import feign.RequestTemplate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What {@link FapiTarget} puts on every request, and that a call's header stays with the call. */
class FapiTargetTest {
  private final FapiTarget target = new FapiTarget("http://127.0.0.1:4010");

  private static RequestTemplate resolved(Request.HttpMethod method, String path, String body) {
    RequestTemplate t = new RequestTemplate().method(method).uri(path);
    if (body != null) {
      t.body(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
    return t.resolve(Map.of());
  }

  @Test
  void aPostGetsTheQueryTheFormTypeAndTheCallsAuthorization() {
    Request r =
        target.call(
            "Bearer t0k3n",
            () -> target.apply(resolved(Request.HttpMethod.POST, "/v1/client/sign_ins", "a=b")));

    assertThat(r.url())
        .isEqualTo(
            "http://127.0.0.1:4010/v1/client/sign_ins?_is_native=true&__clerk_api_version="
                + FeignSignInGateway.API_VERSION);
    assertThat(r.headers().get("Content-Type"))
        .containsExactly("application/x-www-form-urlencoded");
    assertThat(r.headers().get("authorization")).containsExactly("Bearer t0k3n");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("a=b");
  }

  @Test
  void aGetHasNoContentTypeAndFirstContactAnEmptyAuthorization() {
    Request r =
        target.call(
            "",
            () -> target.apply(resolved(Request.HttpMethod.GET, "/v1/client/sign_ins/x", null)));

    assertThat(r.headers()).doesNotContainKey("Content-Type");
    assertThat(r.headers().get("Authorization")).containsExactly("");
  }

  @Test
  void theHeaderIsGoneAfterTheCallEvenWhenItFailed() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                target.call(
                    "Bearer inner",
                    () -> {
                      throw new IllegalStateException("the call failed");
                    }));

    Request after = target.apply(resolved(Request.HttpMethod.GET, "/v1/client/sign_ins/x", null));
    assertThat(after.headers().get("Authorization")).containsExactly("");
  }

  @Test
  void aCallInsideACallRestoresTheOuterHeader() {
    List<String> seen =
        target.call(
            "Bearer outer",
            () -> {
              String inner =
                  target.call(
                      "Bearer inner",
                      () -> authorization(Request.HttpMethod.GET, "/v1/client/sign_ins/x"));
              return List.of(inner, authorization(Request.HttpMethod.GET, "/v1/client/sign_ins/y"));
            });

    assertThat(seen).containsExactly("Bearer inner", "Bearer outer");
  }

  @Test
  void eachThreadSeesOnlyItsOwnCallsHeader() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> other =
          pool.submit(
              () ->
                  target.call(
                      "Bearer other", () -> authorization(Request.HttpMethod.GET, "/v1/a")));
      String mine =
          target.call("Bearer mine", () -> authorization(Request.HttpMethod.GET, "/v1/b"));

      assertThat(mine).isEqualTo("Bearer mine");
      assertThat(other.get()).isEqualTo("Bearer other");
    } finally {
      pool.shutdownNow();
    }
  }

  private String authorization(Request.HttpMethod method, String path) {
    return target
        .apply(resolved(method, path, null))
        .headers()
        .get("Authorization")
        .iterator()
        .next();
  }
}
