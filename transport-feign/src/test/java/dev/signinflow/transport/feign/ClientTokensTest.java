package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.ClientToken;
import feign.Request;
import feign.Response;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client token of a response's {@code Authorization} header, as an HTTP client of any kind may
 * hand it over: {@code Bearer} in any case, blanks around it, nothing usable at all, and header
 * maps that do not ignore case.
 */
class ClientTokensTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Bearer tok_1|tok_1",
        "bearer tok_1|tok_1",
        "'  Bearer   tok_1 \t '|tok_1",
        "tok_1|tok_1",
      })
  void theTokenIsTheValueWithoutBearerAndTheBlanksAroundIt(String header, String token) {
    assertThat(ClientTokens.of(response(header))).contains(ClientToken.of(token));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Bearer", "Bearer ", "Bearer \t ", "  \t"})
  void aValueWithoutATokenIsNoToken(String header) {
    assertThat(ClientTokens.of(response(header))).isEmpty();
  }

  @Test
  void aHeaderIsFoundByItsNameInAnyCaseInAMapThatDoesNotIgnoreCase() {
    Map<String, Collection<String>> headers = new HashMap<>();
    headers.put("authorization", List.of("Bearer tok_1", "Bearer tok_2"));
    headers.put(null, List.of("HTTP/1.1 200 OK"));

    assertThat(ClientTokens.first(headers, "Authorization")).isEqualTo("Bearer tok_1");
    assertThat(ClientTokens.first(headers, "Retry-After")).isNull();
    assertThat(ClientTokens.first(Map.of("Retry-After", List.of()), "retry-after")).isNull();
  }

  private static Response response(String authorization) {
    Request request =
        Request.create(
            Request.HttpMethod.GET,
            "http://127.0.0.1/v1/client",
            Map.of(),
            null,
            StandardCharsets.UTF_8,
            null);
    return Response.builder()
        .request(request)
        .status(200)
        .headers(Map.of("Authorization", List.of(authorization)))
        .body(new byte[0])
        .build();
  }
}
