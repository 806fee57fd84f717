package dev.signinflow.engine;

/**
 * A snapshot's text is not a snapshot this version can read: not JSON, another format version, a
 * missing or ill-typed field, an unknown state. The message says which, and never quotes a secret
 * (a snapshot holds none).
 */
public final class InvalidSnapshotException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** With a message that says what is wrong and where. */
  public InvalidSnapshotException(String message) {
    super(message);
  }
}
