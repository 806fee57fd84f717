package dev.signinflow.store.redis;

import static java.util.Objects.requireNonNull;

/**
 * A {@link RedisClientTokenStore} or {@link RedisSessionTokenCache} could not do what was asked.
 * Its {@link #reason()} says whether Redis failed (and a later call may succeed) or a stored value
 * could not be opened (and will not open later either). The message says what failed and for which
 * device; it never holds a token, a key or a stored value.
 */
public final class TokenStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a call failed. */
  public enum Reason {
    /** Redis is down, did not answer within the command timeout, or answered with an error. */
    UNAVAILABLE,
    /**
     * A stored value does not open: sealed with a key the keyring no longer holds, with another key
     * of the same id, for another device, or corrupted. The value is left as it is.
     */
    UNREADABLE
  }

  private final Reason reason;

  TokenStoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = requireNonNull(reason, "reason");
  }

  /** Why the call failed. */
  public Reason reason() {
    return reason;
  }
}
