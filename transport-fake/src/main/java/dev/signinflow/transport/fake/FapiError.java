package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One entry of a Clerk error body's {@code errors} array.
 *
 * @param code the machine-readable code, such as {@code form_code_incorrect}
 * @param message the short message
 * @param longMessage the long message
 * @param meta the {@code meta} object: strings and numbers, such as {@code param_name}
 */
public record FapiError(String code, String message, String longMessage, Map<String, Object> meta) {
  public FapiError {
    requireNonNull(code, "code");
    requireNonNull(message, "message");
    requireNonNull(longMessage, "longMessage");
    meta = Map.copyOf(meta);
  }
}
