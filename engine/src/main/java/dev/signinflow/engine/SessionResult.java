package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a session call of {@link SignInEngine} by {@link DeviceId} gave: the value, the news that
 * the device is signed out, or a failure. Expected failures are values here, never exceptions.
 *
 * @param <T> the value of a call that succeeded
 */
public sealed interface SessionResult<T>
    permits SessionResult.Ok, SessionResult.SignedOut, SessionResult.Failed {

  /** The value, when the call succeeded; empty when the device is signed out or it failed. */
  Optional<T> ok();

  /**
   * The call did what was asked.
   *
   * @param value what it gave
   */
  record Ok<T>(T value) implements SessionResult<T> {
    public Ok {
      requireNonNull(value, "value");
    }

    @Override
    public Optional<T> ok() {
      return Optional.of(value);
    }
  }

  /**
   * The device has no signed-in session: it never signed in, it signed out, or its session ended,
   * was removed or expired. A new sign-in ({@link SignInEngine#newFlow(DeviceId)}) is needed.
   */
  record SignedOut<T>() implements SessionResult<T> {
    @Override
    public Optional<T> ok() {
      return Optional.empty();
    }
  }

  /**
   * The server refused, limited the call, or could not be reached; the device's session is as it
   * was.
   *
   * @param kind {@link OutcomeKind#CLERK_ERROR}, {@link OutcomeKind#RATE_LIMITED} or {@link
   *     OutcomeKind#UNAVAILABLE}
   * @param errors why, as Clerk or the engine says it; never empty
   * @param retryAt when to try again, after a rate limit
   */
  record Failed<T>(OutcomeKind kind, FlowErrors errors, Optional<Instant> retryAt)
      implements SessionResult<T> {
    private static final Set<OutcomeKind> KINDS =
        EnumSet.of(OutcomeKind.CLERK_ERROR, OutcomeKind.RATE_LIMITED, OutcomeKind.UNAVAILABLE);

    public Failed {
      requireNonNull(kind, "kind");
      requireNonNull(errors, "errors");
      requireNonNull(retryAt, "retryAt");
      if (!KINDS.contains(kind)) {
        throw new IllegalArgumentException("a failed session call is not " + kind);
      }
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a failed session call says why");
      }
    }

    @Override
    public Optional<T> ok() {
      return Optional.empty();
    }
  }
}
