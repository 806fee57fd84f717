package dev.signinflow.engine;

import dev.signinflow.engine.internal.WireNames;

/** The status of a Clerk session. */
public enum SessionStatus {
  ACTIVE("active"),
  /** Created, but tasks remain before it counts as signed in. */
  PENDING("pending"),
  ENDED("ended"),
  EXPIRED("expired"),
  REMOVED("removed"),
  REPLACED("replaced"),
  REVOKED("revoked"),
  ABANDONED("abandoned"),
  /** A value this version does not know. */
  UNKNOWN("");

  private final String wire;

  SessionStatus(String wire) {
    this.wire = wire;
  }

  /** The wire name, such as {@code active}; empty for {@link #UNKNOWN}. */
  public String wireName() {
    return wire;
  }

  /** The status with this wire name, or {@link #UNKNOWN}. */
  public static SessionStatus fromWireName(String wireName) {
    return WireNames.lookup(wireName, values(), SessionStatus::wireName, UNKNOWN);
  }
}
