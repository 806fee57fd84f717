package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClerkError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one {@link SignInGateway} call gave: the value, Clerk's errors, a rate limit, or no answer.
 * Every case carries the client token the server returned with the response, if it returned one (it
 * does on errors too); the engine stores it for the device before it looks at anything else.
 *
 * @param <T> the value of a successful call
 */
public sealed interface GatewayResult<T>
    permits GatewayResult.Success,
        GatewayResult.Rejected,
        GatewayResult.RateLimited,
        GatewayResult.Unavailable {

  /** The client token the server returned with this response, rotated or not. */
  Optional<ClientToken> clientToken();

  /**
   * The server did what was asked.
   *
   * @param value what it answered
   * @param clientToken the token it returned
   */
  record Success<T>(T value, Optional<ClientToken> clientToken) implements GatewayResult<T> {
    public Success {
      requireNonNull(value, "value");
      requireNonNull(clientToken, "clientToken");
    }
  }

  /**
   * The server refused with Clerk errors (4xx other than 429).
   *
   * @param httpStatus the HTTP status, such as 422
   * @param errors the errors, in the server's order; never empty
   * @param clientToken the token it returned
   */
  record Rejected<T>(int httpStatus, List<ClerkError> errors, Optional<ClientToken> clientToken)
      implements GatewayResult<T> {
    public Rejected {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a rejection has at least one error");
      }
      requireNonNull(clientToken, "clientToken");
    }

    /** True when the sign-in no longer exists or was replaced (404, or 403 resource_forbidden). */
    public boolean signInGone() {
      return httpStatus == 404
          || errors.stream()
              .anyMatch(
                  e ->
                      e.code().equals("resource_forbidden")
                          || e.code().equals("resource_not_found"));
    }

    /**
     * True when the session named in the call no longer exists for this client: 404 {@code
     * resource_not_found}, or 401 {@code signed_out} (the client has no session left).
     */
    public boolean sessionGone() {
      return httpStatus == 404
          || errors.stream()
              .anyMatch(
                  e -> e.code().equals("resource_not_found") || e.code().equals("signed_out"));
    }
  }

  /**
   * The server answered 429.
   *
   * @param retryAt when it will accept the request again (from {@code Retry-After})
   * @param errors Clerk's errors, if the body had any
   * @param clientToken the token it returned
   */
  record RateLimited<T>(Instant retryAt, List<ClerkError> errors, Optional<ClientToken> clientToken)
      implements GatewayResult<T> {
    public RateLimited {
      requireNonNull(retryAt, "retryAt");
      errors = List.copyOf(errors);
      requireNonNull(clientToken, "clientToken");
    }
  }

  /**
   * No usable answer: a network failure, a timeout, a 5xx, or a body that is not Clerk's.
   *
   * @param reason what went wrong, for people; never holds a secret
   * @param cause the underlying exception, if there was one
   * @param clientToken the token the server returned, if a response arrived at all
   */
  record Unavailable<T>(String reason, Optional<Throwable> cause, Optional<ClientToken> clientToken)
      implements GatewayResult<T> {
    public Unavailable {
      requireNonNull(reason, "reason");
      requireNonNull(cause, "cause");
      requireNonNull(clientToken, "clientToken");
    }
  }
}
