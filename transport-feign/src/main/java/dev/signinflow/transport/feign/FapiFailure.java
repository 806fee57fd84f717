package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.GatewayResult;
import feign.FeignException;
import feign.Request;

/**
 * An answer of the Frontend API that is not a value — Clerk's errors, a 5xx, a body this client
 * cannot read — as the port's result ({@link GatewayResult.Rejected} or {@link
 * GatewayResult.Unavailable}), thrown by {@link FapiErrorDecoder} and {@link FapiDecoder} through
 * Feign to the gateway. Never retried ({@link FapiRateLimit} is the one that may be). Its message
 * names the status only: no secret, no body.
 */
final class FapiFailure extends FeignException {
  private static final long serialVersionUID = 1L;

  private final transient GatewayResult<?> result;

  FapiFailure(int status, GatewayResult<?> result, Request request) {
    super(status, "HTTP " + status + ": " + result.getClass().getSimpleName(), request);
    if (result instanceof GatewayResult.Success || result instanceof GatewayResult.RateLimited) {
      throw new IllegalArgumentException("not a failure that is never retried: " + result);
    }
    this.result = requireNonNull(result, "result");
  }

  /** The result, of any value type: a failure holds no value. */
  @SuppressWarnings("unchecked")
  <T> GatewayResult<T> result() {
    return (GatewayResult<T>) result;
  }

  /** An answer is not a program error: no stack trace to fill. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
