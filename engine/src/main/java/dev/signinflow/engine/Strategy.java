package dev.signinflow.engine;

import dev.signinflow.engine.internal.WireNames;

/**
 * A second-factor strategy as Clerk names it on the wire. A strategy the library does not know is
 * {@link #UNKNOWN}; the raw wire value is kept by {@link Factor#rawStrategy()}.
 */
public enum Strategy {
  /** A six-digit code sent by email. */
  EMAIL_CODE("email_code"),
  /** A six-digit code sent by SMS. */
  PHONE_CODE("phone_code"),
  /** A link sent by email; the user clicks it, possibly on another device. */
  EMAIL_LINK("email_link"),
  /** A time-based one-time password from an authenticator app (RFC 6238). */
  TOTP("totp"),
  /** A single-use backup code. */
  BACKUP_CODE("backup_code"),
  /** A strategy this version does not know. */
  UNKNOWN("");

  private final String wire;

  Strategy(String wire) {
    this.wire = wire;
  }

  /** The wire name, such as {@code email_code}; empty for {@link #UNKNOWN}. */
  public String wireName() {
    return wire;
  }

  /** True when the server must send something (a code or a link) before it can be verified. */
  public boolean isDelivered() {
    return this == EMAIL_CODE || this == PHONE_CODE || this == EMAIL_LINK;
  }

  /** True when the user proves the factor by typing a code. */
  public boolean takesCode() {
    return this == EMAIL_CODE || this == PHONE_CODE || this == TOTP || this == BACKUP_CODE;
  }

  /** The strategy with this wire name, or {@link #UNKNOWN}. */
  public static Strategy fromWireName(String wireName) {
    return WireNames.lookup(wireName, values(), Strategy::wireName, UNKNOWN);
  }
}
