package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The fake's answer to one operation, before any wire encoding: what the HTTP server writes and
 * what the in-memory gateway reads.
 *
 * @param status the HTTP status; 0 when the connection dropped
 * @param body the resource ({@code response} of the envelope, or the bare object), or empty
 * @param client the client for the envelope's {@code client}, or empty
 * @param errors Clerk's errors, empty on success
 * @param traceId {@code clerk_trace_id} of an error body
 * @param retryAfter the {@code Retry-After} of a 429
 * @param clientToken the token for the {@code Authorization} response header, if there is a client
 * @param latency how long to hold the answer (an injected fault)
 */
public record FapiResponse(
    int status,
    Optional<Views.Body> body,
    Optional<Views.ClientView> client,
    List<FapiError> errors,
    String traceId,
    Optional<Duration> retryAfter,
    Optional<String> clientToken,
    Duration latency) {

  public FapiResponse {
    requireNonNull(body, "body");
    requireNonNull(client, "client");
    errors = List.copyOf(errors);
    requireNonNull(traceId, "traceId");
    requireNonNull(retryAfter, "retryAfter");
    requireNonNull(clientToken, "clientToken");
    requireNonNull(latency, "latency");
  }

  /** True when the connection dropped: there is no answer at all. */
  public boolean dropped() {
    return status == 0;
  }

  /** True for a 2xx answer. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  FapiResponse withLatency(Duration d) {
    return new FapiResponse(status, body, client, errors, traceId, retryAfter, clientToken, d);
  }

  FapiResponse withClientToken(Optional<String> token) {
    return new FapiResponse(status, body, client, errors, traceId, retryAfter, token, latency);
  }

  @Override
  public String toString() {
    return "FapiResponse["
        + status
        + (errors.isEmpty() ? "" : " " + errors.stream().map(FapiError::code).toList())
        + body.map(b -> " " + b.getClass().getSimpleName()).orElse("")
        + "]";
  }
}
