package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The server's record of the current second-factor verification.
 *
 * @param status its status
 * @param strategy the strategy it verifies
 * @param attempts how many attempts were made on it
 * @param expireAt when its code or link stops working, if it expires
 */
public record Verification(
    VerificationStatus status, Strategy strategy, int attempts, Optional<Instant> expireAt) {
  public Verification {
    requireNonNull(status, "status");
    requireNonNull(strategy, "strategy");
    requireNonNull(expireAt, "expireAt");
  }
}
