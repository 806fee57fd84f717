package dev.signinflow.transport.fake;

import java.time.Instant;
import java.util.List;

/**
 * The fake's answers, shaped like FAPI's JSON objects field for field (snake_case names become
 * camelCase components; a {@code null} component is JSON {@code null}). Immutable snapshots: taken
 * under the fake's lock, safe to read from any thread.
 */
public final class Views {
  private Views() {}

  /** A body FAPI returns. */
  public sealed interface Body
      permits SignInView, SessionView, ClientView, TokenView, EnvironmentView {}

  /**
   * A {@code sign_in_attempt}.
   *
   * @param id {@code sia_...}
   * @param status the status's wire name
   * @param supportedIdentifiers {@code email_address}, {@code phone_number}, {@code username}
   * @param identifier what the user typed
   * @param firstName the user's first name, or null
   * @param supportedFirstFactors the first factors ({@code password} here)
   * @param supportedSecondFactors null until the first factor is verified
   * @param firstFactorVerification the password's verification, or null
   * @param secondFactorVerification the current second-factor verification, or null
   * @param createdSessionId set when complete, else null
   * @param abandonAt when the attempt is abandoned
   * @param clientTrustState {@code new}, {@code known} or null
   */
  public record SignInView(
      String id,
      String status,
      List<String> supportedIdentifiers,
      String identifier,
      String firstName,
      List<FactorView> supportedFirstFactors,
      List<FactorView> supportedSecondFactors,
      VerificationView firstFactorVerification,
      VerificationView secondFactorVerification,
      String createdSessionId,
      Instant abandonAt,
      String clientTrustState)
      implements Body {}

  /**
   * A factor of {@code supported_first_factors} or {@code supported_second_factors}.
   *
   * @param strategy the strategy's wire name
   * @param safeIdentifier the masked address or number, or null
   * @param emailAddressId {@code idn_...} for email strategies, else null
   * @param phoneNumberId {@code idn_...} for phone strategies, else null
   * @param primary whether it is the primary address or number, or null
   * @param isDefault whether it is the default second factor
   */
  public record FactorView(
      String strategy,
      String safeIdentifier,
      String emailAddressId,
      String phoneNumberId,
      Boolean primary,
      boolean isDefault) {}

  /**
   * A verification.
   *
   * @param object {@code verification_otp}, {@code verification_password}, {@code
   *     verification_totp}, {@code verification_backup_code} or {@code verification_email_link}
   * @param status {@code unverified}, {@code verified}, {@code failed} or {@code expired}
   * @param strategy the strategy's wire name
   * @param attempts attempts made, or null
   * @param expireAt when the code or link expires, or null
   */
  public record VerificationView(
      String object, String status, String strategy, Integer attempts, Instant expireAt) {}

  /**
   * A session.
   *
   * @param id {@code sess_...}
   * @param status {@code active}, {@code pending}, {@code ended}, {@code removed}
   * @param tasks the outstanding task keys, in order
   * @param userId the user's id ({@code user_...}; sent as {@code public_user_data.user_id})
   * @param identifier the user's identifier, for {@code public_user_data}
   * @param userIdentifiers all of the user's identifiers (email address, phone number, username),
   *     for {@code user.email_addresses}, {@code user.phone_numbers} and {@code user.username}
   * @param firstName the user's first name, or null
   * @param lastActiveAt when it was last touched
   * @param expireAt when it expires
   * @param abandonAt when it is abandoned
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   */
  public record SessionView(
      String id,
      String status,
      List<String> tasks,
      String userId,
      String identifier,
      List<String> userIdentifiers,
      String firstName,
      Instant lastActiveAt,
      Instant expireAt,
      Instant abandonAt,
      Instant createdAt,
      Instant updatedAt)
      implements Body {}

  /**
   * A client (a device).
   *
   * @param id {@code client_...}
   * @param sessions its sessions that are active, pending or ended (removed ones are gone)
   * @param signIn its current sign-in, or null
   * @param lastActiveSessionId its active session, or null
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   */
  public record ClientView(
      String id,
      List<SessionView> sessions,
      SignInView signIn,
      String lastActiveSessionId,
      Instant createdAt,
      Instant updatedAt)
      implements Body {}

  /**
   * A session token.
   *
   * @param jwt the token, signed RS256 by the fake's key ({@link FakeClerk#jwks()}), whose claims
   *     carry {@code sts} ({@code active} or {@code pending})
   */
  public record TokenView(String jwt) implements Body {}

  /**
   * The instance's environment ({@code GET /v1/environment}), drawn from its settings.
   *
   * @param settings the settings it describes
   */
  public record EnvironmentView(FakeSettings settings) implements Body {}
}
