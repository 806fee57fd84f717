package dev.signinflow.engine;

import dev.signinflow.engine.internal.WireNames;

/** Whether Clerk considers this device known to the user (Client Trust, "Device Trust"). */
public enum ClientTrustState {
  /** The identifier is not known yet. */
  PENDING("pending"),
  /** The user has not had a session on this device before. */
  NEW("new"),
  /** The user has had a session on this device before. */
  KNOWN("known"),
  /** A value this version does not know. */
  UNKNOWN("");

  private final String wire;

  ClientTrustState(String wire) {
    this.wire = wire;
  }

  /** The wire name, such as {@code new}; empty for {@link #UNKNOWN}. */
  public String wireName() {
    return wire;
  }

  /** The state with this wire name, or {@link #UNKNOWN}. */
  public static ClientTrustState fromWireName(String wireName) {
    return WireNames.lookup(wireName, values(), ClientTrustState::wireName, UNKNOWN);
  }
}
