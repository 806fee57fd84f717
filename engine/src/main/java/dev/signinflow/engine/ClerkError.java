package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * One error as Clerk reports it in an {@code errors} array, or as the engine reports a problem it
 * found before calling the server (then {@link #traceId()} is empty).
 *
 * @param code the machine-readable code, such as {@code form_code_incorrect}
 * @param message the short message
 * @param longMessage the long message
 * @param meta the {@code meta} object, flattened to strings (for example {@code param_name})
 * @param traceId the server's {@code clerk_trace_id}, when the error came from the server
 */
public record ClerkError(
    String code,
    String message,
    String longMessage,
    Map<String, String> meta,
    Optional<String> traceId) {

  public ClerkError {
    requireNonNull(code, "code");
    requireNonNull(message, "message");
    requireNonNull(longMessage, "longMessage");
    meta = Map.copyOf(meta);
    requireNonNull(traceId, "traceId");
  }

  /** An error with no meta and no trace id. */
  public static ClerkError of(String code, String message, String longMessage) {
    return new ClerkError(code, message, longMessage, Map.of(), Optional.empty());
  }

  /** The form field the error is about ({@code meta.param_name}), if any. */
  public Optional<String> paramName() {
    return Optional.ofNullable(meta.get("param_name"));
  }
}
