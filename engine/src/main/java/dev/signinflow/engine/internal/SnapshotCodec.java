package dev.signinflow.engine.internal;

/** Writes and reads flow snapshots as versioned JSON. */
public final class SnapshotCodec {
  /** The format version written. */
  public static final int VERSION = 1;

  private SnapshotCodec() {}

  /** The data as compact JSON. */
  public static String encode(FlowData data) {
    throw new UnsupportedOperationException("written next");
  }

  /** Data from JSON written by {@link #encode(FlowData)}. */
  public static FlowData decode(String json) {
    throw new UnsupportedOperationException("written next");
  }
}
