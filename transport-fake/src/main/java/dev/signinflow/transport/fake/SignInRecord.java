package dev.signinflow.transport.fake;

import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.transport.fake.Views.FactorView;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sign-in attempt as the server keeps it: whose and on which client, its status, the second
 * factors it offers, its current verification, when each strategy last sent, and whether a newer
 * sign-in of its client replaced it.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class SignInRecord {
  final String id;
  final String clientId;
  final String userId;
  final String identifier;
  final Instant abandonAt;

  /**
   * When each strategy last sent for it; empty and immutable until the first send ({@link #sent}),
   * as most sign-ins in a load never send.
   */
  Map<Strategy, Instant> lastSent = Map.of();

  /**
   * Tokens of links sent for it earlier, which now read as expired; empty and immutable until the
   * first (most sign-ins never send a link).
   */
  Set<String> oldLinkTokens = Set.of();

  SignInStatus status = SignInStatus.NEEDS_IDENTIFIER;

  /** Null when Client Trust is off. */
  ClientTrustState clientTrustState;

  List<FactorView> secondFactors = List.of();

  /** Null until a second factor is prepared or attempted. */
  VerificationRecord verification;

  String createdSessionId;

  /** A newer sign-in of its client replaced it: it is read-only (§5.2). */
  boolean replaced;

  SignInRecord(String id, String clientId, String userId, String identifier, Instant abandonAt) {
    this.id = id;
    this.clientId = clientId;
    this.userId = userId;
    this.identifier = identifier;
    this.abandonAt = abandonAt;
  }

  /** Notes that this strategy sent now. */
  void sent(Strategy strategy, Instant now) {
    if (lastSent.isEmpty()) {
      lastSent = new EnumMap<>(Strategy.class);
    }
    lastSent.put(strategy, now);
  }

  /** True until it is abandoned. */
  boolean openAt(Instant now) {
    return now.isBefore(abandonAt);
  }
}
