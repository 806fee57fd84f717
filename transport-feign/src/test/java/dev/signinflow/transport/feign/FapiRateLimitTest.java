package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.GatewayResult;
import feign.Request;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A 429 as an exception: an answer, not a program error, so it carries no stack trace. */
class FapiRateLimitTest {

  @Test
  void aRateLimitCarriesNoStackTraceAndFillingOneInGivesItBackAsItIs() {
    Request request =
        Request.create(
            Request.HttpMethod.POST,
            "http://127.0.0.1/v1/client/sign_ins",
            Map.of(),
            null,
            StandardCharsets.UTF_8,
            null);
    FapiRateLimit e =
        new FapiRateLimit(
            new GatewayResult.RateLimited<>(
                Instant.parse("2026-11-28T10:00:05Z"), List.of(), Optional.empty()),
            request);

    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.fillInStackTrace()).isSameAs(e);
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfter()).isEqualTo(Instant.parse("2026-11-28T10:00:05Z").toEpochMilli());
  }
}
