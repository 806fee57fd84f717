package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A flow as a {@link FlowStore} keeps it: the flow's snapshot ({@code FlowSnapshot.toJson()}, which
 * holds no secret), its version, and when it expires.
 *
 * @param snapshotJson the flow's snapshot
 * @param version 1 when created, one more with every saved change
 * @param expiresAt when the store may forget it (the sign-in is abandoned by then)
 */
public record StoredFlow(String snapshotJson, long version, Instant expiresAt) {
  public StoredFlow {
    requireNonNull(snapshotJson, "snapshotJson");
    requireNonNull(expiresAt, "expiresAt");
    if (version < 1) {
      throw new IllegalArgumentException("a stored flow's version starts at 1: " + version);
    }
  }

  /** The version and expiry; the snapshot's JSON is left out. */
  @Override
  public String toString() {
    return "StoredFlow[v" + version + ", expires " + expiresAt + "]";
  }
}
