package dev.signinflow.transport.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A client (a device) as the server keeps it: its recent tokens, its current sign-in, its sessions,
 * and the users it is known to (Client Trust).
 *
 * <p>Most clients of a load make one sign-in and nothing else, and under load every object a client
 * keeps is copied by the young collections (docs/performance.md §4b). So what most clients never
 * use is not made for them: the lists are the shared empty list until their first element, and the
 * older tokens are kept only once a second token is minted.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class ClientRecord {
  final String id;

  /** Its newest token; null until the first is minted ({@link Clients#create}). */
  String newestToken;

  /**
   * The tokens minted before the newest, oldest first; any of them still finds it. Null until a
   * second token is minted.
   */
  Deque<String> olderTokens;

  /** Its sessions that are active or pending, in the order they were made ({@link #addSession}). */
  List<String> sessionIds = List.of();

  /** Every sign-in it keeps, oldest first ({@link #addSignIn}). */
  List<String> signInIds = List.of();

  /** Every session it keeps, ended ones included, oldest first ({@link #addSession}). */
  List<String> everySessionId = List.of();

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

  /** Adds a sign-in to the ones it keeps. */
  void addSignIn(String signInId) {
    signInIds = growable(signInIds);
    signInIds.add(signInId);
  }

  /** Adds a new session: active or pending, and kept. */
  void addSession(String sessionId) {
    sessionIds = growable(sessionIds);
    sessionIds.add(sessionId);
    everySessionId = growable(everySessionId);
    everySessionId.add(sessionId);
  }

  /** The session is no longer active or pending (it stays kept). */
  void endSession(String sessionId) {
    if (!sessionIds.isEmpty()) {
      sessionIds.remove(sessionId);
    }
  }

  /** The list itself once it can grow; for the shared empty list, a new one. */
  private static List<String> growable(List<String> list) {
    return list instanceof ArrayList<String> a ? a : new ArrayList<>(list);
  }
}
