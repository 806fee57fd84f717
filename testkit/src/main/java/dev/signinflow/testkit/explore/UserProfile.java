package dev.signinflow.testkit.explore;

import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FakeUser;
import java.util.List;
import java.util.Optional;

/**
 * The user a scenario signs in: one of a few profiles, each with a verified email address (the
 * identifier the explorer submits) and the password {@link #PASSWORD}.
 */
public enum UserProfile {
  /** No MFA; a verified email address and phone number. */
  NO_MFA("no-mfa"),
  /** An authenticator app (TOTP) and backup codes. */
  TOTP("totp"),
  /** SMS codes and email codes as second factors. */
  SMS_MFA("sms-mfa"),
  /** Backup codes as the only second factor. */
  BACKUP_CODES_ONLY("backup-codes-only"),
  /** No MFA, locked out (an hour) when the sequence starts. */
  LOCKED("locked"),
  /**
   * A test identity: {@code +clerk_test} email and a 555-01XX number, which accept code {@code
   * 424242} and are sent nothing.
   */
  TEST_IDENTITY("test-identity");

  /** Every profile's password. */
  public static final String PASSWORD = "correct horse battery staple";

  static final String WRONG_PASSWORD = "Tr0ub4dor&3 wrong";
  static final String EMAIL = "ada@example.com";
  static final String PHONE = "+14155552671";
  static final String TEST_EMAIL = "ada+clerk_test@example.com";
  static final String TEST_PHONE = "+15555550100";
  static final String TOTP_SECRET = "JBSWY3DPEHPK3PXP";
  static final List<String> BACKUP_CODES = List.of("k7x2m9q4", "p3w8n6r1", "z5t9c2v7");

  private final String label;

  UserProfile(String label) {
    this.label = label;
  }

  /** The name used in scenario names and fixtures. */
  public String label() {
    return label;
  }

  /** The user as the fake is given it. */
  public FakeUser user() {
    switch (this) {
      case TOTP:
        return FakeUser.withEmail(EMAIL)
            .password(PASSWORD)
            .totp(TOTP_SECRET)
            .backupCodes(BACKUP_CODES);
      case SMS_MFA:
        return FakeUser.withEmail(EMAIL)
            .phone(PHONE)
            .password(PASSWORD)
            .withSmsSecondFactor()
            .withEmailSecondFactor();
      case BACKUP_CODES_ONLY:
        return FakeUser.withEmail(EMAIL).password(PASSWORD).backupCodes(BACKUP_CODES);
      case LOCKED:
        return FakeUser.withEmail(EMAIL).phone(PHONE).password(PASSWORD).lockedOut();
      case TEST_IDENTITY:
        return FakeUser.withEmail(TEST_EMAIL).phone(TEST_PHONE).password(PASSWORD);
      default:
        return FakeUser.withEmail(EMAIL).phone(PHONE).password(PASSWORD);
    }
  }

  /** The identifier the explorer signs in with. */
  String identifier() {
    return this == TEST_IDENTITY ? TEST_EMAIL : EMAIL;
  }

  boolean testIdentity() {
    return this == TEST_IDENTITY;
  }

  Optional<String> totpSecret() {
    return this == TOTP ? Optional.of(TOTP_SECRET) : Optional.empty();
  }

  List<String> backupCodes() {
    return this == TOTP || this == BACKUP_CODES_ONLY ? BACKUP_CODES : List.of();
  }

  /** True when the server will demand MFA of this user under these settings. */
  boolean hasMfa(FakeSettings s) {
    FakeUser u = user();
    return (u.totpSecret().isPresent() && s.mfaStrategies().contains(Strategy.TOTP))
        || (u.smsSecondFactor()
            && u.phoneVerified()
            && s.mfaStrategies().contains(Strategy.PHONE_CODE))
        || (u.emailSecondFactor()
            && u.emailVerified()
            && s.mfaStrategies().contains(Strategy.EMAIL_CODE))
        || (!u.backupCodes().isEmpty() && s.mfaStrategies().contains(Strategy.BACKUP_CODE));
  }

  /** True when Client Trust has a way to reach this user under these settings. */
  boolean hasTrustChannel(FakeSettings s) {
    FakeUser u = user();
    boolean email = u.email().isPresent() && u.emailVerified();
    boolean phone = u.phone().isPresent() && u.phoneVerified();
    return (email && (s.emailCodeEnabled() || s.emailLinkEnabled())) || (phone && s.smsEnabled());
  }

  static UserProfile byLabel(String label) {
    for (UserProfile p : values()) {
      if (p.label.equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no user profile named " + label);
  }
}
