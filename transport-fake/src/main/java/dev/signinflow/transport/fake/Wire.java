package dev.signinflow.transport.fake;

import dev.signinflow.engine.Strategy;

/**
 * The wire names the fake writes that the engine has no enum for: the password factor, verification
 * object names, identifier kinds and request parameter names. Statuses and second-factor strategies
 * are the engine's enums ({@link dev.signinflow.engine.spi.SignInStatus}, {@link
 * dev.signinflow.engine.ClientTrustState}, {@link Strategy}, {@link
 * dev.signinflow.engine.VerificationStatus}, {@link dev.signinflow.engine.SessionStatus}), each
 * with its wire name; the views carry plain strings, so they can hold values neither knows.
 */
final class Wire {
  private Wire() {}

  /** The first factor every sign-in here is created with. */
  static final String PASSWORD = "password";

  /** A verification's {@code object}. */
  enum VerificationObject {
    PASSWORD("verification_password"),
    OTP("verification_otp"),
    TOTP("verification_totp"),
    BACKUP_CODE("verification_backup_code"),
    EMAIL_LINK("verification_email_link");

    private final String wire;

    VerificationObject(String wire) {
      this.wire = wire;
    }

    String wireName() {
      return wire;
    }

    /** The object of a second-factor verification with this strategy. */
    static VerificationObject of(Strategy strategy) {
      return switch (strategy) {
        case TOTP -> TOTP;
        case BACKUP_CODE -> BACKUP_CODE;
        case EMAIL_LINK -> EMAIL_LINK;
        default -> OTP;
      };
    }
  }

  /** An entry of {@code supported_identifiers}. */
  enum IdentifierKind {
    EMAIL_ADDRESS("email_address"),
    PHONE_NUMBER("phone_number"),
    USERNAME("username");

    private final String wire;

    IdentifierKind(String wire) {
      this.wire = wire;
    }

    String wireName() {
      return wire;
    }
  }

  /** Request parameters, as errors name them in {@code meta.param_name}. */
  static final class Param {
    private Param() {}

    static final String IDENTIFIER = "identifier";
    static final String PASSWORD = "password";
    static final String STRATEGY = "strategy";
    static final String CODE = "code";
    static final String REDIRECT_URL = "redirect_url";
    static final String EMAIL_ADDRESS_ID = "email_address_id";
    static final String PHONE_NUMBER_ID = "phone_number_id";
  }
}
