package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.GatewayResult;
import feign.Request;
import feign.RetryableException;

/**
 * A 429 of the Frontend API as the port's {@link GatewayResult.RateLimited}, thrown by {@link
 * FapiErrorDecoder}: the one answer Feign hands to its {@link feign.Retryer} ({@link
 * RateLimitRetryer}), which retries it once when the wait is short and else lets it through to the
 * gateway. Its message names the status only.
 */
final class FapiRateLimit extends RetryableException {
  private static final long serialVersionUID = 1L;

  private final transient GatewayResult.RateLimited<?> result;

  FapiRateLimit(GatewayResult.RateLimited<?> result, Request request) {
    super(
        429,
        "HTTP 429: rate limited",
        request.httpMethod(),
        result.retryAt().toEpochMilli(),
        request);
    this.result = requireNonNull(result, "result");
  }

  /** The result, of any value type: a rate limit holds no value. */
  @SuppressWarnings("unchecked")
  <T> GatewayResult.RateLimited<T> result() {
    return (GatewayResult.RateLimited<T>) result;
  }

  /** An answer is not a program error: no stack trace to fill. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
