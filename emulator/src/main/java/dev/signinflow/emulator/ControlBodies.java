package dev.signinflow.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The control plane's request and answer bodies, as Jackson binds them: snake_case on the wire,
 * camelCase here. In a request every field is optional to Jackson (an absent or {@code null} one is
 * {@code null}); which ones are required, and their ranges, the control plane checks.
 */
final class ControlBodies {
  private ControlBodies() {}

  /** {@code POST /__fake/users}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record NewUser(
      String email,
      Boolean emailVerified,
      String phone,
      Boolean phoneVerified,
      String username,
      String password,
      String totpSecret,
      List<String> backupCodes,
      Boolean smsSecondFactor,
      Boolean emailSecondFactor,
      Boolean locked,
      String firstName) {}

  /** {@code POST /__fake/clock}: exactly one of the two. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ClockMove(Long advanceSeconds, Long nowMs) {}

  /** {@code POST /__fake/faults}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record FaultArming(
      String operation,
      String fault,
      Long latencyMs,
      Long status,
      Long retryAfterSeconds,
      Long times,
      Boolean always,
      Double probability) {}

  /** {@code PUT /__fake/settings} and {@code signin emulator --settings}: a patch. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SettingsPatch(
      Boolean clientTrust,
      Boolean legacyClientTrustShape,
      Boolean emailCodeEnabled,
      Boolean emailLinkEnabled,
      Boolean smsEnabled,
      List<String> mfaStrategies,
      List<String> sessionTasks,
      Long codeLifetimeSeconds,
      Long resendCooldownSeconds,
      Long wrongCodesAllowed,
      Long createLimit,
      Long attemptLimit,
      Long rateLimitWindowSeconds,
      Long lockoutThreshold,
      Long lockoutDurationSeconds,
      Boolean testIdentities,
      Long signInLifetimeSeconds,
      Boolean identifierEnumerationProtection,
      Boolean rotateClientTokens,
      Boolean singleSessionMode,
      Boolean nativeApiEnabled) {}

  /** The settings as {@code GET /__fake/settings} answers them: every field present. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Settings(
      boolean clientTrust,
      boolean legacyClientTrustShape,
      boolean emailCodeEnabled,
      boolean emailLinkEnabled,
      boolean smsEnabled,
      List<String> mfaStrategies,
      List<String> sessionTasks,
      long codeLifetimeSeconds,
      long resendCooldownSeconds,
      long wrongCodesAllowed,
      long createLimit,
      long attemptLimit,
      long rateLimitWindowSeconds,
      long lockoutThreshold,
      long lockoutDurationSeconds,
      boolean testIdentities,
      long signInLifetimeSeconds,
      boolean identifierEnumerationProtection,
      boolean rotateClientTokens,
      boolean singleSessionMode,
      boolean nativeApiEnabled) {}

  /** One message of {@code GET /__fake/outbox}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Message(
      String to, String strategy, String signInId, String code, String linkToken, long sentAt) {}

  /** {@code GET /__fake/outbox}. */
  record Outbox(List<Message> messages) {}

  /** One user of {@code GET /__fake/users}: what it has, never its secrets. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record User(
      String id,
      String email,
      boolean emailVerified,
      String phone,
      boolean phoneVerified,
      String username,
      boolean totp,
      int backupCodes,
      boolean smsSecondFactor,
      boolean emailSecondFactor) {}

  /** {@code GET /__fake/users}. */
  record Users(List<User> users) {}

  /** {@code POST /__fake/users}: the new user's id. */
  record Created(String id) {}

  /** {@code GET} and {@code POST /__fake/clock}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Clock(long nowMs) {}

  /** {@code POST /__fake/faults}: what was armed; {@code times} or {@code always}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Armed(String operation, String fault, Integer times, Boolean always, double probability) {}

  /** {@code PUT /__fake/secret_key}: the instance's secret key. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SecretKeySetting(String secretKey) {}

  /**
   * {@code GET} and {@code PUT /__fake/secret_key}: the key redacted ({@code sk_test_…abcd}), or
   * null when the instance has none.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SecretKeyRedacted(String secretKey) {}

  /** {@code POST /__fake/reset}. */
  record Reset(String seed, int users) {}

  /** {@code POST /__fake/email-links/{token}/visit}. */
  record Visit(String result) {}
}
