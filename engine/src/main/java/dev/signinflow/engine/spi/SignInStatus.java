package dev.signinflow.engine.spi;

import dev.signinflow.engine.internal.WireNames;

/**
 * The status of a sign-in attempt as Clerk reports it. A status the library does not know is {@link
 * #UNKNOWN}; the raw wire value is kept by {@link SignIn#rawStatus()}.
 */
public enum SignInStatus {
  NEEDS_IDENTIFIER("needs_identifier"),
  NEEDS_FIRST_FACTOR("needs_first_factor"),
  NEEDS_SECOND_FACTOR("needs_second_factor"),
  NEEDS_CLIENT_TRUST("needs_client_trust"),
  NEEDS_NEW_PASSWORD("needs_new_password"),
  NEEDS_PROTECT_CHECK("needs_protect_check"),
  COMPLETE("complete"),
  ABANDONED("abandoned"),
  /** A status this version does not know. */
  UNKNOWN("");

  private final String wire;

  SignInStatus(String wire) {
    this.wire = wire;
  }

  /** The wire name, such as {@code needs_client_trust}; empty for {@link #UNKNOWN}. */
  public String wireName() {
    return wire;
  }

  /** The status with this wire name, or {@link #UNKNOWN}. */
  public static SignInStatus fromWireName(String wireName) {
    return WireNames.lookup(wireName, values(), SignInStatus::wireName, UNKNOWN);
  }
}
