package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.internal.FlowData;
import dev.signinflow.engine.internal.SnapshotCodec;
import dev.signinflow.engine.spi.ClientTokenStore;

/**
 * A flow at rest: everything needed to go on with it on any node, as versioned JSON. Holds no
 * password, code or client token (the token stays in the {@link ClientTokenStore}), so it may be
 * kept in a web session or a database between a user's requests.
 *
 * <p>Immutable and thread-safe. Resume one with {@link SignInEngine#resume(FlowSnapshot)}; that
 * sends nothing to the server.
 */
public final class FlowSnapshot {
  /** The format version this library writes. */
  public static final int VERSION = SnapshotCodec.VERSION;

  private final FlowData data;

  FlowSnapshot(FlowData data) {
    this.data = requireNonNull(data, "data");
  }

  /**
   * Reads a snapshot written by {@link #toJson()}. Fields this version does not know are ignored,
   * so a snapshot written by a later version of the same format version still reads.
   *
   * @throws InvalidSnapshotException when the text is not a snapshot this version can read
   */
  public static FlowSnapshot fromJson(String json) {
    requireNonNull(json, "json");
    return new FlowSnapshot(SnapshotCodec.decode(json));
  }

  /** The snapshot as compact JSON. */
  public String toJson() {
    return SnapshotCodec.encode(data);
  }

  /** The format version of this snapshot. */
  public int version() {
    return VERSION;
  }

  /** The device of the flow. */
  public DeviceId deviceId() {
    return data.device();
  }

  /** The state the flow was in. */
  public SignInState state() {
    return data.state();
  }

  FlowData data() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowSnapshot && ((FlowSnapshot) o).data.equals(data);
  }

  @Override
  public int hashCode() {
    return data.hashCode();
  }

  @Override
  public String toString() {
    return "FlowSnapshot[v" + VERSION + ", " + data.device() + ", " + data.state() + "]";
  }
}
