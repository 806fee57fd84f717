package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Something going wrong on purpose, injected into one {@link FapiOperation} of a {@link FakeClerk}
 * with {@link FakeClerk#injectFault}. A fault replaces the operation's answer (the server does
 * nothing), except {@link Latency}, which delays a normal answer.
 */
public sealed interface Fault
    permits Fault.Latency, Fault.ServerError, Fault.DropConnection, Fault.TooManyRequests {

  /**
   * The answer comes late. The in-memory gateway waits through its sleeper; the HTTP server holds
   * the response.
   *
   * @param delay how late
   */
  record Latency(Duration delay) implements Fault {
    public Latency {
      requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative: " + delay);
      }
    }
  }

  /**
   * The server fails with a 5xx status and Clerk's internal error body.
   *
   * @param status 500 to 599
   */
  record ServerError(int status) implements Fault {
    public ServerError {
      if (status < 500 || status > 599) {
        throw new IllegalArgumentException("a server error is 500 to 599, not " + status);
      }
    }
  }

  /** The connection drops before any answer: no status, no body, no token. */
  record DropConnection() implements Fault {}

  /**
   * The server answers 429 {@code too_many_requests} with this {@code Retry-After}.
   *
   * @param retryAfter the wait, sent in whole seconds (rounded up)
   */
  record TooManyRequests(Duration retryAfter) implements Fault {
    public TooManyRequests {
      requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
      }
    }
  }

  /** {@link Latency}. */
  public static Fault latency(Duration delay) {
    return new Latency(delay);
  }

  /** {@link ServerError}. */
  public static Fault serverError(int status) {
    return new ServerError(status);
  }

  /** {@link DropConnection}. */
  public static Fault dropConnection() {
    return new DropConnection();
  }

  /** {@link TooManyRequests}. */
  public static Fault tooManyRequests(Duration retryAfter) {
    return new TooManyRequests(retryAfter);
  }
}
