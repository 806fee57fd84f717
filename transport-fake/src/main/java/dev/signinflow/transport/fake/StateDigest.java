package dev.signinflow.transport.fake;

import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.Views.FactorView;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@link FakeClerk#stateDigest()}: the session mode, one line per user, client, sign-in and
 * session, then the outbox's size, the rate-limit windows and the armed faults. Instants are
 * written relative to the clock in milliseconds ({@code @+600000}); no password, code, link token
 * or client token appears.
 *
 * <p>The testkit's explorer tells states apart by this text and keeps fixtures of it, so a change
 * here changes what it explores. Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class StateDigest {
  private final Users users;
  private final Clients clients;
  private final SignIns signIns;
  private final Sessions sessions;
  private final Outbox outbox;
  private final RateLimits rateLimits;
  private final Faults faults;

  StateDigest(
      Users users,
      Clients clients,
      SignIns signIns,
      Sessions sessions,
      Outbox outbox,
      RateLimits rateLimits,
      Faults faults) {
    this.users = users;
    this.clients = clients;
    this.signIns = signIns;
    this.sessions = sessions;
    this.outbox = outbox;
    this.rateLimits = rateLimits;
    this.faults = faults;
  }

  /**
   * The digest at this instant; rate-limit entries older than the window are left out. It opens
   * with the session mode, which decides how a sign-in on a signed-in client is answered.
   */
  String write(Instant now, Duration rateLimitWindow, boolean singleSessionMode) {
    StringBuilder out = new StringBuilder();
    out.append("mode ").append(singleSessionMode ? "single_session" : "multi_session").append('\n');
    for (UserRecord u : users.all()) {
      user(out, u, now);
    }
    for (ClientRecord c : clients.all()) {
      client(out, c);
    }
    for (SignInRecord s : signIns.all()) {
      signIn(out, s, now);
    }
    for (SessionRecord s : sessions.all()) {
      session(out, s);
    }
    out.append("outbox ").append(outbox.size()).append('\n');
    rates(out, now, rateLimitWindow);
    faults(out);
    return out.toString();
  }

  private static void user(StringBuilder out, UserRecord u, Instant now) {
    out.append("user ")
        .append(u.id)
        .append(" failures=")
        .append(u.failures)
        .append(" locked=")
        .append(u.lockedUntil == null ? "-" : relative(u.lockedUntil, now))
        .append(" used_backup_codes=")
        .append(u.usedBackupCodes.size())
        .append('\n');
  }

  private void client(StringBuilder out, ClientRecord c) {
    out.append("client ")
        .append(c.id)
        .append(" sign_in=")
        .append(c.signInId)
        .append(" sessions=")
        .append(c.sessionIds)
        .append(" last_active=")
        .append(c.lastActiveSessionId)
        .append(" known_to=[");
    String sep = "";
    for (UserRecord u : users.all()) {
      if (clients.isKnown(u.id, c)) {
        out.append(sep).append(u.id);
        sep = ",";
      }
    }
    out.append("]\n");
  }

  private static void signIn(StringBuilder out, SignInRecord s, Instant now) {
    out.append("sign_in ")
        .append(s.id)
        .append(" client=")
        .append(s.clientId)
        .append(" user=")
        .append(s.userId)
        .append(" status=")
        .append(s.status.wireName())
        .append(" open=")
        .append(s.openAt(now))
        .append(" replaced=")
        .append(s.replaced)
        .append(" trust=")
        .append(s.clientTrustState == null ? "null" : s.clientTrustState.wireName())
        .append(" abandon=")
        .append(relative(s.abandonAt, now))
        .append(" factors=")
        .append(s.secondFactors.stream().map(FactorView::strategy).toList())
        .append(" session=")
        .append(s.createdSessionId)
        .append(" old_links=")
        .append(s.oldLinkTokens.size());
    VerificationRecord v = s.verification;
    if (v != null) {
      out.append(" verification=")
          .append(v.strategy.wireName())
          .append('/')
          .append(v.status.wireName())
          .append('/')
          .append(v.attempts)
          .append('/')
          .append(v.expireAt == null ? "-" : relative(v.expireAt, now))
          .append(v.code != null ? "/code" : "")
          .append(v.linkToken != null ? "/link" : "");
    }
    out.append(" sent={");
    // By wire name, so the order does not hang on the enum's.
    Map<String, Instant> sent = new TreeMap<>();
    for (Map.Entry<Strategy, Instant> e : s.lastSent.entrySet()) {
      sent.put(e.getKey().wireName(), e.getValue());
    }
    String sep = "";
    for (Map.Entry<String, Instant> e : sent.entrySet()) {
      out.append(sep).append(e.getKey()).append('=').append(relative(e.getValue(), now));
      sep = ",";
    }
    out.append("}\n");
  }

  private static void session(StringBuilder out, SessionRecord s) {
    out.append("session ")
        .append(s.id)
        .append(" user=")
        .append(s.userId)
        .append(" client=")
        .append(s.clientId)
        .append(" status=")
        .append(s.status.wireName())
        .append(" tasks=")
        .append(s.tasks)
        .append('\n');
  }

  private void rates(StringBuilder out, Instant now, Duration window) {
    for (Map.Entry<String, Deque<Instant>> e : new TreeMap<>(rateLimits.windows()).entrySet()) {
      out.append("rate ").append(e.getKey()).append(" [");
      String sep = "";
      for (Instant at : e.getValue()) {
        if (at.plus(window).isAfter(now)) {
          out.append(sep).append(relative(at, now));
          sep = ",";
        }
      }
      out.append("]\n");
    }
  }

  private void faults(StringBuilder out) {
    for (Map.Entry<FapiOperation, List<Faults.Armed>> e : faults.armed().entrySet()) {
      for (Faults.Armed a : e.getValue()) {
        if (a.left > 0) {
          out.append("fault ")
              .append(e.getKey())
              .append(' ')
              .append(a.fault)
              .append(" left=")
              .append(a.always() ? "always" : String.valueOf(a.left))
              .append(" p=")
              .append(a.trigger.probability())
              .append('\n');
        }
      }
    }
  }

  private static String relative(Instant at, Instant now) {
    long ms = Duration.between(now, at).toMillis();
    return "@" + (ms >= 0 ? "+" : "") + ms;
  }
}
