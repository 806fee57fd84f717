package dev.signinflow.transport.fake;

import java.util.Map;

/**
 * Clerk's errors as FAPI sends them: codes, messages and meta from Clerk's error catalogue. The few
 * the emulator also answers with (a malformed request, a server fault) are public.
 */
public final class ClerkErrors {
  private ClerkErrors() {}

  public static FapiError param(String code, String message, String longMessage, String paramName) {
    return new FapiError(code, message, longMessage, Map.of("param_name", paramName));
  }

  public static FapiError missing(String paramName) {
    return param(
        "form_param_nil", "is missing", "Enter " + paramName.replace('_', ' ') + ".", paramName);
  }

  static FapiError identifierNotFound() {
    return param(
        "form_identifier_not_found",
        "Couldn't find your account.",
        "Couldn't find your account.",
        "identifier");
  }

  static FapiError passwordIncorrect() {
    return param(
        "form_password_incorrect",
        "Password is incorrect. Try again, or use another method.",
        "Password is incorrect. Try again, or use another method.",
        "password");
  }

  static FapiError passwordOrIdentifierIncorrect() {
    return param(
        "form_password_or_identifier_incorrect",
        "Password or email address is incorrect. Try again, or use another method.",
        "Password or email address is incorrect. Try again, or use another method.",
        "password");
  }

  static FapiError userLocked(long secondsLeft) {
    long minutes = Math.max(1, (secondsLeft + 59) / 60);
    return new FapiError(
        "user_locked",
        "Account locked",
        "Your account is locked. You will be able to try again in "
            + minutes
            + " minutes. For more information, contact support.",
        Map.of("lockout_expires_in_seconds", secondsLeft));
  }

  static FapiError codeIncorrect() {
    return param("form_code_incorrect", "is incorrect", "Incorrect code", "code");
  }

  static FapiError verificationExpired() {
    return new FapiError(
        "verification_expired",
        "Verification expired",
        "This verification has expired. You must create a new one.",
        Map.of());
  }

  static FapiError verificationFailed() {
    return new FapiError(
        "verification_failed",
        "Too many failed attempts",
        "Too many failed attempts. You have to try again with the same or another method.",
        Map.of());
  }

  static FapiError verificationMissing() {
    return new FapiError(
        "verification_missing",
        "Verification missing",
        "This strategy requires verification preparation before attempting to validate it.",
        Map.of());
  }

  static FapiError alreadyVerified() {
    return new FapiError(
        "verification_already_verified",
        "Already verified",
        "This verification has already been verified.",
        Map.of());
  }

  public static FapiError strategyInvalid(String paramName) {
    return param(
        "verification_strategy_invalid",
        "is invalid",
        "The verification strategy is not valid for this sign in.",
        paramName);
  }

  static FapiError codeTooManyRequests() {
    return new FapiError(
        "verification_code_too_many_requests",
        "Too many requests",
        "Please wait at least 30 seconds to receive your code before trying again.",
        Map.of());
  }

  static FapiError tooManyRequests(long retryAfterSeconds) {
    return new FapiError(
        "too_many_requests",
        "Too many requests",
        "Too many requests, please try again later.",
        Map.of("ResetsIn", retryAfterSeconds));
  }

  static FapiError forbiddenOlderSignIn() {
    return new FapiError(
        "resource_forbidden",
        "Operation not allowed",
        "Update operations are not allowed on older sign ins.",
        Map.of());
  }

  static FapiError notFound(String what) {
    return new FapiError(
        "resource_not_found", "not found", "No " + what + " was found with this id.", Map.of());
  }

  /** Clerk's {@code SingleModeSessionExists}: a sign-in on a signed-in client, single-session. */
  static FapiError sessionExists() {
    return new FapiError(
        "session_exists", "Session already exists", "You're already signed in.", Map.of());
  }

  /** Clerk's {@code AlreadySignedIn}: the user has a session on this client (multi-session). */
  static FapiError identifierAlreadySignedIn(String sessionId) {
    return new FapiError(
        "identifier_already_signed_in",
        "You're already signed in",
        "You're already signed in",
        Map.of("session_id", sessionId));
  }

  /**
   * Clerk's {@code ProxyRequestMissingSecretKey}: a request through a proxy ({@code
   * Clerk-Proxy-Url}) without {@code Clerk-Secret-Key}; 400 (clerk-research.md §7).
   */
  static FapiError proxyMissingSecretKey() {
    return new FapiError(
        "proxy_request_missing_secret_key",
        "missing secret key",
        "When using a proxy, it's required to also pass the instance secret key in the"
            + " Clerk-Secret-Key header.",
        Map.of());
  }

  /** Clerk's {@code ProxyRequestInvalidSecretKey}: a proxy request with a wrong key; 401. */
  static FapiError proxyInvalidSecretKey() {
    return new FapiError(
        "proxy_request_invalid_secret_key",
        "invalid secret key",
        "The secret key given with this proxy request is invalid.",
        Map.of());
  }

  /**
   * Clerk's {@code NativeAPIDisabled}: a native client's request ({@code _is_native}) to an
   * instance whose Native API is off; 400 (clerk-research.md §7).
   */
  static FapiError nativeApiDisabled() {
    return new FapiError(
        "native_api_disabled",
        "Native API disabled",
        "The Native API is disabled for this instance. Visit the Clerk Dashboard to enable it.",
        Map.of());
  }

  public static FapiError internal() {
    return new FapiError(
        "internal_clerk_error",
        "Oops, an unexpected error occurred",
        "There was an internal error on our servers. We've been notified and are working on"
            + " fixing it.",
        Map.of());
  }
}
