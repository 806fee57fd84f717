package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.ClientToken;
import feign.Request;
import feign.RequestTemplate;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link FapiTarget} puts on every request, and what it takes from the call's template. */
class FapiTargetTest {
  private final FapiTarget target = new FapiTarget("http://127.0.0.1:4010");

  private static RequestTemplate resolved(
      Request.HttpMethod method, String path, String authorization, String body) {
    RequestTemplate t = new RequestTemplate().method(method).uri(path);
    if (authorization != null) {
      t.header("Authorization", authorization);
    }
    if (body != null) {
      t.body(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
    return t.resolve(Map.of());
  }

  @Test
  void aPostGetsTheQueryTheFormTypeAndKeepsTheCallsAuthorization() {
    Request r =
        target.apply(
            resolved(Request.HttpMethod.POST, "/v1/client/sign_ins", "Bearer t0k3n", "a=b"));

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
  void theLengthOfAnEncodedFormIsSetOnTheRequestNotCarriedAsATemplate() {
    RequestTemplate t = new RequestTemplate().method(Request.HttpMethod.POST).uri("/v1/x");
    new FormEncoder().encode(Map.of("code", "123456"), feign.codec.Encoder.MAP_STRING_WILDCARD, t);

    assertThat(t.headers()).doesNotContainKey("Content-Length");
    Request r = target.apply(t.resolve(Map.of()));

    assertThat(r.headers().get("Content-Length")).containsExactly("11");
  }

  @Test
  void aGetHasNoContentTypeAndFirstContactAnEmptyAuthorization() {
    Request r = target.apply(resolved(Request.HttpMethod.GET, "/v1/client/sign_ins/x", null, null));

    assertThat(r.headers()).doesNotContainKey("Content-Type");
    assertThat(r.headers().get("Authorization")).containsExactly("");
  }

  @Test
  void theRetryMarkOfTheTemplateIsNotSent() {
    RequestTemplate t =
        resolved(Request.HttpMethod.POST, "/v1/client/sign_ins", "Bearer old", "a=b");
    ClientTokens.markRetry(t, Optional.empty());

    Request r = target.apply(t);

    assertThat(r.headers()).doesNotContainKey(ClientTokens.RETRY_MARK);
    assertThat(r.headers().get("Authorization")).containsExactly("");
  }

  @Test
  void theRequestKeepsItsTemplateSoAnAnswerCanTellTheRetry() {
    RequestTemplate t = resolved(Request.HttpMethod.GET, "/v1/client/sign_ins/x", null, null);
    ClientTokens.markRetry(t, Optional.of(ClientToken.of("tok_r")));

    Request r = target.apply(t);

    assertThat(r.requestTemplate()).isSameAs(t);
    assertThat(r.headers().get("Authorization")).containsExactly("Bearer tok_r");
    assertThat(ClientTokens.ofRetry(r)).contains(ClientToken.of("tok_r"));
  }

  @Test
  void theTargetIsNamedAndLocatedByItsOriginAsFeignsTargetContractSays() {
    assertThat(target.url()).isEqualTo("http://127.0.0.1:4010");
    assertThat(target.name()).isEqualTo("http://127.0.0.1:4010");
    assertThat(target.type()).isEqualTo(FapiApi.class);
  }

  @Test
  void itsPrintedFormNamesTheOriginAndTheProxyButNeverTheSecretKey() {
    FapiTarget proxied =
        new FapiTarget(
            "http://127.0.0.1:4010", "https://app.example.com/__clerk", "sk_test_Secr3tKeyValue");

    assertThat(target.toString()).contains("http://127.0.0.1:4010").doesNotContain("proxy");
    assertThat(proxied.toString())
        .contains("http://127.0.0.1:4010", "https://app.example.com/__clerk")
        .doesNotContain("Secr3tKeyValue");
  }
}
