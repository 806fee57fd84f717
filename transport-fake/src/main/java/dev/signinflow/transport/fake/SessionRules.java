package dev.signinflow.transport.fake;

import dev.signinflow.engine.SessionStatus;
import dev.signinflow.transport.fake.Views.TokenView;
import java.util.List;

/**
 * The session endpoints of {@code fapi-protocol.md} (§7, §11, §12): touching a session, minting its
 * token, reading it, ending or removing it, and removing all of a client's. Signing out keeps the
 * client, so the device stays known to its users.
 *
 * <p>Each operation takes the caller's client and, but for {@link #removeAll}, its live session
 * with the id asked for. Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class SessionRules {
  /** How long a session token lives. */
  static final long TOKEN_SECONDS = 60;

  private final FakeClock clock;
  private final RandomValues random;
  private final Sessions sessions;
  private final RecordViews views;
  private final Answers answers;

  SessionRules(
      FakeClock clock, RandomValues random, Sessions sessions, RecordViews views, Answers answers) {
    this.clock = clock;
    this.random = random;
    this.sessions = sessions;
    this.views = views;
    this.answers = answers;
  }

  /** {@code POST /v1/client/sessions/{id}/touch}: makes the session the client's active one. */
  FapiResponse touch(ClientRecord client, SessionRecord session) {
    client.lastActiveSessionId = session.id;
    session.lastActiveAt = clock.instant();
    client.updatedAt = clock.instant();
    return answers.ok(views.session(session), client);
  }

  /**
   * {@code POST /v1/client/sessions/{id}/tokens}: a session JWT whose {@code sts} claim is the
   * session's status ({@code active} or {@code pending}).
   */
  FapiResponse token(ClientRecord client, SessionRecord session) {
    long iat = clock.instant().getEpochSecond();
    String claims =
        "{\"sid\":\""
            + session.id
            + "\",\"sub\":\""
            + session.userId
            + "\",\"sts\":\""
            + session.status.wireName()
            + "\",\"iat\":"
            + iat
            + ",\"exp\":"
            + (iat + TOKEN_SECONDS)
            + "}";
    return answers.bare(new TokenView(Jwt.withClaims(claims, random)));
  }

  /** {@code GET /v1/client/sessions/{id}}. */
  FapiResponse get(ClientRecord client, SessionRecord session) {
    return answers.ok(views.session(session), client);
  }

  /** {@code POST /v1/client/sessions/{id}/end}: signs the session out; the client stays. */
  FapiResponse end(ClientRecord client, SessionRecord session) {
    sessions.close(client, session, SessionStatus.ENDED, clock.instant());
    return answers.ok(views.session(session), client);
  }

  /** {@code POST /v1/client/sessions/{id}/remove}. */
  FapiResponse remove(ClientRecord client, SessionRecord session) {
    sessions.close(client, session, SessionStatus.REMOVED, clock.instant());
    return answers.ok(views.session(session), client);
  }

  /**
   * {@code DELETE /v1/client/sessions}: removes every session of the client, keeping it; answers
   * with the client, bare.
   */
  FapiResponse removeAll(ClientRecord client) {
    if (client == null) {
      return answers.error(404, ClerkErrors.notFound("client"));
    }
    for (String id : List.copyOf(client.sessionIds)) {
      sessions.close(client, sessions.get(id), SessionStatus.REMOVED, clock.instant());
    }
    return answers.bare(views.client(client));
  }
}
