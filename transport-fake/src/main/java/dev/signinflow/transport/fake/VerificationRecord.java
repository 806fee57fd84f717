package dev.signinflow.transport.fake;

import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.VerificationStatus;
import java.time.Instant;

/**
 * A second-factor verification as the server keeps it: its strategy, status, attempts, expiry, and
 * the code or link token it expects.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class VerificationRecord {
  final Strategy strategy;

  /** Null for strategies whose codes do not expire (TOTP, backup codes). */
  final Instant expireAt;

  VerificationStatus status = VerificationStatus.UNVERIFIED;
  int attempts;

  /** The code sent, for code strategies that send one; else null. */
  String code;

  /** The link's token, for {@code email_link}; else null. */
  String linkToken;

  VerificationRecord(Strategy strategy, Instant expireAt) {
    this.strategy = strategy;
    this.expireAt = expireAt;
  }
}
