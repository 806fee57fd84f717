package dev.signinflow.transport.fake;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A client (a device) as the server keeps it: its recent tokens, its current sign-in and its
 * sessions.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class ClientRecord {
  final String id;

  /** Its newest tokens, oldest first; any of them finds it. */
  final Deque<String> tokens = new ArrayDeque<>();

  /** Its sessions that are active or pending, in the order they were made. */
  final List<String> sessionIds = new ArrayList<>();

  /** Every sign-in it keeps, oldest first. */
  final List<String> signInIds = new ArrayList<>();

  /** Every session it keeps, ended ones included, oldest first. */
  final List<String> everySessionId = new ArrayList<>();

  final Instant createdAt;
  Instant updatedAt;
  String signInId;
  String lastActiveSessionId;

  /** The token minted with it, for the answer that made it; null once sent. */
  String freshToken;

  ClientRecord(String id, Instant createdAt) {
    this.id = id;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
