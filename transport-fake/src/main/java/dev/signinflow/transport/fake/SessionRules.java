package dev.signinflow.transport.fake;

import dev.signinflow.engine.SessionStatus;
import dev.signinflow.transport.fake.Views.TokenView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The session endpoints of {@code fapi-protocol.md} (§7, §11, §12): touching a session, minting its
 * token, reading it, ending or removing it, and removing all of a client's. Signing out keeps the
 * client, so the device stays known to its users.
 *
 * <p>Each operation takes the caller's client and, but for {@link #removeAll}, its live session
 * with the id asked for. Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class SessionRules {
  /** How long a session token lives: Clerk's 60 seconds. */
  static final long TOKEN_SECONDS = 60;

  /** How far {@code nbf} lies before {@code iat}: the 10 s seen in Clerk's session tokens. */
  static final long NOT_BEFORE_SKEW_SECONDS = 10;

  private final FakeClock clock;
  private final Sessions sessions;
  private final RecordViews views;
  private final Answers answers;

  SessionRules(FakeClock clock, Sessions sessions, RecordViews views, Answers answers) {
    this.clock = clock;
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
   * {@code POST /v1/client/sessions/{id}/tokens}: a session JWT signed RS256 with the instance's
   * key, with Clerk's claims (v2, clerk-research §1): {@code azp} (the request's {@code Origin},
   * only when it has one), {@code exp} ({@code iat} + 60 s), {@code fva} (minutes since the first
   * and the second factor were verified, -1 for none), {@code iat}, {@code iss} (the Frontend API
   * URL), {@code nbf} ({@code iat} − 10 s), {@code sid}, {@code sts} ({@code active} or {@code
   * pending}), {@code sub} (the user) and {@code v} (2), in that order. The fake keeps no
   * organizations: a non-empty {@code organization_id} names none (404).
   */
  FapiResponse token(
      ClientRecord client,
      SessionRecord session,
      FapiRequest request,
      Optional<String> organizationId,
      TokenIssuer issuer) {
    if (organizationId.filter(o -> !o.isEmpty()).isPresent()) {
      return answers.error(404, ClerkErrors.notFound("organization"));
    }
    Instant now = clock.instant();
    long iat = now.getEpochSecond();
    StringBuilder claims = new StringBuilder("{");
    request.origin().ifPresent(o -> claims.append("\"azp\":").append(quoted(o)).append(','));
    claims
        .append("\"exp\":")
        .append(iat + TOKEN_SECONDS)
        .append(",\"fva\":[")
        .append(minutesSince(session.createdAt, now))
        .append(',')
        .append(session.secondFactorAt == null ? -1 : minutesSince(session.secondFactorAt, now))
        .append("],\"iat\":")
        .append(iat)
        .append(",\"iss\":")
        .append(quoted(issuer.url()))
        .append(",\"nbf\":")
        .append(iat - NOT_BEFORE_SKEW_SECONDS)
        .append(",\"sid\":")
        .append(quoted(session.id))
        .append(",\"sts\":")
        .append(quoted(session.status.wireName()))
        .append(",\"sub\":")
        .append(quoted(session.userId))
        .append(",\"v\":2}");
    return answers.bare(new TokenView(issuer.key().sign(claims.toString())));
  }

  private static long minutesSince(Instant then, Instant now) {
    return Math.max(0, Duration.between(then, now).toMinutes());
  }

  /** A JSON string: quotes, backslashes and control characters escaped. */
  static String quoted(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
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
