package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.ResponseKind;
import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Feign's {@link ErrorDecoder} for the Frontend API: every answer that is not a 2xx becomes the
 * port's failure, by {@link ResponseKind}, with the client token of the response. A 429 is {@link
 * FapiRateLimit} ({@link GatewayResult.RateLimited}, {@code Retry-After} in seconds or as an HTTP
 * date, else in a second), the one answer Feign's retryer sees; another 4xx with Clerk's {@code
 * errors} is {@link GatewayResult.Rejected}; the rest — 5xx, 3xx (redirects are not followed), a
 * 4xx without Clerk's errors, a body that cannot be read — is {@link GatewayResult.Unavailable},
 * its reason the status and the first error code. Thread-safe.
 */
final class FapiErrorDecoder implements ErrorDecoder {
  private final ObjectMapper json;
  private final Clock clock;
  private final int maxBodyBytes;

  FapiErrorDecoder(ObjectMapper json, Clock clock, int maxBodyBytes) {
    this.json = requireNonNull(json, "json");
    this.clock = requireNonNull(clock, "clock");
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Exception decode(String methodKey, Response response) {
    int status = response.status();
    Optional<ClientToken> token = ClientTokens.of(response);
    byte[] body;
    try {
      body = FapiDecoder.body(response, maxBodyBytes, token);
    } catch (FapiFailure e) {
      return e;
    }
    List<ClerkError> errors = errors(body);
    return switch (ResponseKind.of(status, !errors.isEmpty())) {
      case RATE_LIMITED ->
          new FapiRateLimit(
              new GatewayResult.RateLimited<>(retryAt(response), errors, token),
              response.request());
      case REJECTED ->
          new FapiFailure(
              status, new GatewayResult.Rejected<>(status, errors, token), response.request());
      case SUCCESS, UNAVAILABLE ->
          new FapiFailure(
              status,
              new GatewayResult.Unavailable<>(
                  "HTTP " + status + (errors.isEmpty() ? "" : " " + errors.get(0).code()),
                  Optional.empty(),
                  token),
              response.request());
    };
  }

  /** Clerk's errors in the body, in order; none when it holds none or is not Clerk's. */
  private List<ClerkError> errors(byte[] body) {
    if (body.length == 0) {
      return List.of();
    }
    try {
      Wire.ErrorsJson e = json.readValue(body, Wire.ErrorsJson.class);
      if (e == null || e.errors() == null) {
        return List.of();
      }
      Optional<String> trace = Optional.ofNullable(e.clerkTraceId()).filter(t -> !t.isBlank());
      List<ClerkError> list = new ArrayList<>();
      for (Wire.ErrorJson x : e.errors()) {
        if (x != null && x.code() != null) {
          list.add(x.toError(trace));
        }
      }
      return list;
    } catch (IOException | IllegalArgumentException x) {
      return List.of();
    }
  }

  /** When a 429 lifts: {@code Retry-After} in seconds or as an HTTP date; else in a second. */
  private Instant retryAt(Response response) {
    Instant now = clock.instant();
    String value = ClientTokens.first(response.headers(), "Retry-After");
    if (value != null) {
      String v = value.strip();
      if (v.matches("[0-9]{1,9}")) {
        return now.plusSeconds(Long.parseLong(v));
      }
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isBefore(now) ? now : at;
      } catch (DateTimeParseException e) {
        // Not a form Retry-After allows: fall through to the default wait.
      }
    }
    return now.plusSeconds(1);
  }
}
