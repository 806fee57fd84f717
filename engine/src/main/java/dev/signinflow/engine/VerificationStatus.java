package dev.signinflow.engine;

import dev.signinflow.engine.internal.WireNames;

/** The status of a second-factor verification as Clerk reports it. */
public enum VerificationStatus {
  UNVERIFIED("unverified"),
  VERIFIED("verified"),
  /** An email link was opened on another client; the sign-in can be transferred. */
  TRANSFERABLE("transferable"),
  /** Too many wrong attempts; a new code must be prepared. */
  FAILED("failed"),
  /** The code or link expired; a new one must be prepared. */
  EXPIRED("expired"),
  /** A value this version does not know. */
  UNKNOWN("");

  private final String wire;

  VerificationStatus(String wire) {
    this.wire = wire;
  }

  /** The wire name, such as {@code unverified}; empty for {@link #UNKNOWN}. */
  public String wireName() {
    return wire;
  }

  /** The status with this wire name, or {@link #UNKNOWN}. */
  public static VerificationStatus fromWireName(String wireName) {
    return WireNames.lookup(wireName, values(), VerificationStatus::wireName, UNKNOWN);
  }
}
