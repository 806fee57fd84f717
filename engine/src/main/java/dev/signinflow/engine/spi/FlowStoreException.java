package dev.signinflow.engine.spi;

/**
 * A {@link FlowStore} could not do what was asked: its server is down, slow beyond its timeout, or
 * answered something it cannot read. The engine turns it into an {@code UNAVAILABLE} result; the
 * message says what failed and never holds a snapshot or a credential.
 */
public final class FlowStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With what failed. */
  public FlowStoreException(String message) {
    super(message);
  }

  /** With what failed and why. */
  public FlowStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
