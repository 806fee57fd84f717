package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the engine lets a user ask for another code: a cooldown after each send and a maximum number
 * of sends per sign-in. A server's {@code Retry-After} always comes on top.
 *
 * <p>Immutable and thread-safe.
 */
public final class ResendPolicy {
  private static final ResendPolicy DEFAULTS = new ResendPolicy(Duration.ofSeconds(30), 5);

  private final Duration cooldown;
  private final int maxSendsPerSignIn;

  private ResendPolicy(Duration cooldown, int maxSendsPerSignIn) {
    this.cooldown = cooldown;
    this.maxSendsPerSignIn = maxSendsPerSignIn;
  }

  /** Clerk's own: 30 seconds between sends, at most 5 sends per sign-in. */
  public static ResendPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A policy with this cooldown and maximum.
   *
   * @throws IllegalArgumentException when the cooldown is negative or the maximum is below 1
   */
  public static ResendPolicy of(Duration cooldown, int maxSendsPerSignIn) {
    requireNonNull(cooldown, "cooldown");
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown must not be negative: " + cooldown);
    }
    if (maxSendsPerSignIn < 1) {
      throw new IllegalArgumentException(
          "maxSendsPerSignIn must be at least 1: " + maxSendsPerSignIn);
    }
    return new ResendPolicy(cooldown, maxSendsPerSignIn);
  }

  /** The time that must pass after a send before the next one. */
  public Duration cooldown() {
    return cooldown;
  }

  /** How many codes or links may be sent for one sign-in, the first one included. */
  public int maxSendsPerSignIn() {
    return maxSendsPerSignIn;
  }

  @Override
  public String toString() {
    return "ResendPolicy[cooldown=" + cooldown + ", maxSendsPerSignIn=" + maxSendsPerSignIn + "]";
  }
}
