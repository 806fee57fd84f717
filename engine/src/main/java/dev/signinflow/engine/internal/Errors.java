package dev.signinflow.engine.internal;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.FormField;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The errors the engine reports itself, named as Clerk names the same problems where it can. */
final class Errors {
  private Errors() {}

  static ClerkError field(FormField field, String code, String message, String longMessage) {
    return new ClerkError(
        code, message, longMessage, Map.of("param_name", field.paramName()), Optional.empty());
  }

  static ClerkError missing(FormField field, String what) {
    return field(field, "form_param_nil", "is required", "Enter your " + what + ".");
  }

  static ClerkError tooLong(FormField field, String what, int max) {
    return field(
        field,
        "form_param_max_length_exceeded",
        "is too long",
        "Your " + what + " must be at most " + max + " characters.");
  }

  static ClerkError malformed(FormField field, String longMessage) {
    return field(field, "form_param_format_invalid", "is invalid", longMessage);
  }

  static ClerkError global(String code, String message, String longMessage) {
    return ClerkError.of(code, message, longMessage);
  }

  static ClerkError withMeta(String code, String message, String longMessage, String k, String v) {
    return new ClerkError(code, message, longMessage, Map.of(k, v), Optional.empty());
  }

  static ClerkError cooldown(Instant availableAt) {
    return withMeta(
        "resend_cooldown",
        "Please wait before asking for another code.",
        "A new code can be sent at " + availableAt + ".",
        "resend_available_at",
        availableAt.toString());
  }

  static ClerkError unavailable(String reason) {
    return global(
        "gateway_unavailable",
        "Clerk could not be reached. Please try again.",
        "The sign-in server gave no usable answer: " + reason);
  }

  static ClerkError tooManyRequests(Instant retryAt) {
    return withMeta(
        "too_many_requests",
        "Too many requests. Please try again later.",
        "The server asked to wait until " + retryAt + ".",
        "retry_at",
        retryAt.toString());
  }

  /**
   * Another user's session holds the device on a single-session instance. Names neither that user
   * nor the session; keeps the trace id of Clerk's {@code session_exists}, if it had one.
   */
  static ClerkError signOutRequired(Optional<String> traceId) {
    return new ClerkError(
        "sign_out_required",
        "Another account is signed in on this device. Sign out first.",
        "This device is signed in to another account, and the instance allows one account per"
            + " device (Clerk's single-session mode): sign that account out, then sign in again.",
        Map.of(),
        traceId);
  }

  static ClerkError unsupportedStatus(String raw) {
    return withMeta(
        "unsupported_status",
        "This sign-in cannot be continued here.",
        "The server answered with sign-in status '" + raw + "', which this flow cannot continue.",
        "status",
        raw);
  }
}
