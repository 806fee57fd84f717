package dev.signinflow.transport.fake;

import dev.signinflow.engine.SessionStatus;
import java.time.Instant;
import java.util.List;

/**
 * A session as the server keeps it: whose and on which client, its status and outstanding tasks,
 * and when it was made (its user's first factor was verified then), changed and last touched.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class SessionRecord {
  final String id;
  final String userId;
  final String clientId;
  final List<String> tasks;
  final Instant createdAt;
  SessionStatus status;
  Instant updatedAt;
  Instant lastActiveAt;

  /** When the sign-in that made it verified a second factor (MFA or Client Trust), or null. */
  Instant secondFactorAt;

  SessionRecord(
      String id,
      String userId,
      String clientId,
      SessionStatus status,
      List<String> tasks,
      Instant at) {
    this.id = id;
    this.userId = userId;
    this.clientId = clientId;
    this.status = status;
    this.tasks = List.copyOf(tasks);
    this.createdAt = at;
    this.updatedAt = at;
    this.lastActiveAt = at;
  }
}
