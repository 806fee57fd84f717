package dev.signinflow.transport.fake;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A client (a device) as the server keeps it: its recent tokens, its current sign-in, its sessions,
 * and the users it is known to (Client Trust).
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class ClientRecord {
  final String id;

  /** Its newest tokens, oldest first; any of them finds it. Most clients make a few requests. */
  final Deque<String> tokens = new ArrayDeque<>(2);

  /** Its sessions that are active or pending, in the order they were made. */
  final List<String> sessionIds = new ArrayList<>();

  /** Every sign-in it keeps, oldest first. */
  final List<String> signInIds = new ArrayList<>();

  /** Every session it keeps, ended ones included, oldest first. */
  final List<String> everySessionId = new ArrayList<>();

  /**
   * The ids of the users that have had a session on it; kept when those sessions are not. Empty and
   * immutable until the first ({@link Clients#markKnown}).
   */
  Set<String> knownTo = Set.of();

  final Instant createdAt;
  Instant updatedAt;
  String signInId;
  String lastActiveSessionId;

  /** The token minted with it, for the answer that made it; null once sent. */
  String freshToken;

  /** Its neighbours in {@link Clients}' chain by use: the one used just before and just after. */
  ClientRecord older;

  ClientRecord newer;

  ClientRecord(String id, Instant createdAt) {
    this.id = id;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
