package dev.signinflow.transport.fake;

import dev.signinflow.engine.SessionStatus;
import dev.signinflow.transport.fake.RandomValues.IdKind;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessions, in the order they were made: one opens on a client when a sign-in completes, and
 * closes when it is ended or removed (it is kept, with that status; an ended one stays listed on
 * its client, a removed one does not). Each client keeps its newest {@link
 * FakeClerk#KEPT_PER_CLIENT}, ended ones going first. {@link SessionRules} answers the session
 * endpoints.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class Sessions {
  private final Map<String, SessionRecord> byId = new LinkedHashMap<>();
  private final RandomValues random;

  Sessions(RandomValues random) {
    this.random = random;
  }

  /**
   * Opens a session for the user on the client and makes it the client's active one: {@code
   * active}, or {@code pending} while there are tasks.
   */
  SessionRecord open(ClientRecord client, String userId, List<String> tasks, Instant now) {
    SessionRecord session =
        new SessionRecord(
            random.id(IdKind.SESSION),
            userId,
            client.id,
            tasks.isEmpty() ? SessionStatus.ACTIVE : SessionStatus.PENDING,
            tasks,
            now);
    byId.put(session.id, session);
    client.addSession(session.id);
    if (client.everySessionId.size() > FakeClerk.KEPT_PER_CLIENT) {
      forgetOldest(client);
    }
    client.lastActiveSessionId = session.id;
    client.updatedAt = now;
    return session;
  }

  /** The client's signed-in ({@code active} or {@code pending}) sessions, oldest first. */
  List<SessionRecord> signedIn(ClientRecord client) {
    if (client == null || client.sessionIds.isEmpty()) {
      return List.of();
    }
    return client.sessionIds.stream().map(byId::get).toList();
  }

  /**
   * The sessions a client lists: signed-in and ended ones, oldest first; removed ones are gone
   * (Clerk: "{@code ended} … the Session remains in the Client object").
   */
  List<SessionRecord> listed(ClientRecord client) {
    return client.everySessionId.stream()
        .map(byId::get)
        .filter(s -> s.status != SessionStatus.REMOVED)
        .toList();
  }

  /** The client's active or pending session with this id; null when it has none. */
  SessionRecord live(ClientRecord client, String sessionId) {
    SessionRecord s = byId.get(sessionId);
    if (s == null || client == null || !client.sessionIds.contains(sessionId)) {
      return null;
    }
    return s;
  }

  /** Ends or removes a session: it leaves the client's sessions, and its active slot. */
  void close(ClientRecord client, SessionRecord session, SessionStatus status, Instant now) {
    session.status = status;
    session.updatedAt = now;
    client.endSession(session.id);
    if (session.id.equals(client.lastActiveSessionId)) {
      client.lastActiveSessionId = null;
    }
    client.updatedAt = now;
  }

  /** The session with this id; every id a client lists names one that exists. */
  SessionRecord get(String id) {
    return byId.get(id);
  }

  /** The sessions, in the order they were made; a read-only view. */
  Collection<SessionRecord> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  /** Forgets these sessions (those of a forgotten client). */
  void forget(List<String> ids) {
    ids.forEach(byId::remove);
  }

  void clear() {
    byId.clear();
  }

  /** Forgets the client's oldest ended session, or its oldest session when none has ended. */
  private void forgetOldest(ClientRecord c) {
    int at = 0;
    for (int i = 0; i < c.everySessionId.size(); i++) {
      if (!c.sessionIds.contains(c.everySessionId.get(i))) {
        at = i;
        break;
      }
    }
    String id = c.everySessionId.remove(at);
    byId.remove(id);
    c.endSession(id);
    if (id.equals(c.lastActiveSessionId)) {
      c.lastActiveSessionId = null;
    }
  }
}
