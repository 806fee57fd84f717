package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.FactorView;
import dev.signinflow.transport.fake.Views.SessionView;
import dev.signinflow.transport.fake.Views.SignInView;
import dev.signinflow.transport.fake.Views.TokenView;
import dev.signinflow.transport.fake.Views.VerificationView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A simulation of Clerk's Frontend API server for password sign-in with Client Trust and MFA: the
 * instance's settings, its users, clients (devices) with their tokens, sign-ins, verifications,
 * sessions, an outbox of what it "sent", rate limits, lockouts, and injected faults. It follows the
 * rules of {@code fapi-protocol.md} (§2 endpoints, §3 objects, §4.2 errors, §5 resend and limits,
 * §6 Client Trust) and, where public sources are silent, the settings of {@link FakeSettings}.
 *
 * <p>Time is the {@link FakeClock}'s and randomness the injected {@link Random}'s, so a test that
 * seeds the random source and moves the clock gets the same codes, ids and expiries every run.
 *
 * <p>Its memory is bounded, so an emulator serving a long test run or a load test stays flat: it
 * keeps at most {@link Builder#maxClients(int)} clients (devices), and forgets the one used least
 * recently, with its sign-ins and sessions, when a new one would pass that; that device's token
 * then reads as unknown, as an expired client's does, and its next sign-in starts a new client. A
 * client keeps its newest {@link #KEPT_PER_CLIENT} sign-ins and sessions, and the outbox the newest
 * {@link #OUTBOX_KEPT} messages.
 *
 * <p>Thread-safe: every operation runs under one lock and answers with immutable {@link Views}.
 * Passwords are kept as salted hashes and compared in constant time; nothing here logs.
 */
public final class FakeClerk {
  /** The code test identities accept. */
  public static final String TEST_CODE = "424242";

  /**
   * Earlier tokens of a client that keep working while tokens rotate: enough for the requests one
   * client has in flight at once, bounded so a busy emulator does not grow without end.
   */
  static final int TOKENS_KEPT_PER_CLIENT = 64;

  /** How many clients a fake keeps unless its builder says otherwise. */
  public static final int DEFAULT_MAX_CLIENTS = 100_000;

  /** How many messages the outbox keeps: the newest. */
  public static final int OUTBOX_KEPT = 10_000;

  /**
   * How many sign-ins, and how many sessions, one client keeps: the newest (of sessions, ended ones
   * go first). One device signing in over and over must not grow the fake without end either.
   */
  public static final int KEPT_PER_CLIENT = 64;

  private static final Pattern TEST_PHONE = Pattern.compile("\\+1[0-9]{3}55501[0-9]{2}");
  private static final String ID_ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final FakeClock clock;
  private final Random random;
  private FakeSettings settings;

  private final Map<String, UserRecord> users = new LinkedHashMap<>();
  private final Map<String, String> clientIdByToken = new HashMap<>();
  // Insertion-ordered, so that stateDigest() lists them in the order they were made.
  private final Map<String, ClientRecord> clients = new LinkedHashMap<>();
  // The same clients' ids, least recently used first (access-ordered).
  private final Map<String, Boolean> clientUse = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, SignInRecord> signIns = new LinkedHashMap<>();
  private final Map<String, SessionRecord> sessions = new LinkedHashMap<>();
  private final Set<String> knownDevices = new HashSet<>();
  private final Deque<OutboxMessage> outbox = new ArrayDeque<>();
  private final Map<String, Deque<Instant>> rateWindows = new HashMap<>();
  private final Map<FapiOperation, List<ArmedFault>> faults = new EnumMap<>(FapiOperation.class);
  private int sendCount;
  private final int maxClients;

  private FakeClerk(Builder b) {
    this.clock = b.clock;
    this.random = b.random;
    this.settings = b.settings;
    this.maxClients = b.maxClients;
  }

  /**
   * A builder: a {@link FakeClock#standard()} clock, a random source seeded 0, default settings.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A fake with default settings, a standard clock and a random source seeded 0. */
  public static FakeClerk create() {
    return builder().build();
  }

  // ---- set-up and inspection ------------------------------------------------------------------

  /** The fake's clock; move it to make codes expire, cooldowns pass and lockouts lift. */
  public FakeClock clock() {
    return clock;
  }

  /** The instance's settings now. */
  public synchronized FakeSettings settings() {
    return settings;
  }

  /** Replaces the instance's settings; sign-ins under way keep what they were offered. */
  public synchronized void settings(FakeSettings newSettings) {
    this.settings = requireNonNull(newSettings, "newSettings");
  }

  /**
   * Adds a user and returns its id ({@code user_...}).
   *
   * @throws IllegalArgumentException when it has no email, phone or username, one of them is taken,
   *     or it has no password
   */
  public synchronized String addUser(FakeUser user) {
    requireNonNull(user, "user");
    if (identifiersOf(user).isEmpty()) {
      throw new IllegalArgumentException("a user needs an email, a phone or a username");
    }
    if (user.password().isEmpty()) {
      throw new IllegalArgumentException("a user needs a password to sign in with one: " + user);
    }
    for (String identifier : identifiersOf(user)) {
      if (findUser(identifier).isPresent()) {
        throw new IllegalArgumentException("identifier already taken: " + identifier);
      }
    }
    UserRecord r = new UserRecord(newId("user_"), user, newId("idn_"), newId("idn_"));
    r.salt = randomBytes(16);
    r.passwordHash = hash(r.salt, user.password());
    if (user.locked()) {
      r.lockedUntil = clock.instant().plus(settings.lockoutDuration());
    }
    users.put(r.id, r);
    return r.id;
  }

  /** The users, in the order they were added. */
  public synchronized List<FakeUser> users() {
    return users.values().stream().map(u -> u.spec).toList();
  }

  /** The id of the user with this email, phone number or username. */
  public synchronized Optional<String> userId(String identifier) {
    return findUser(identifier).map(u -> u.id);
  }

  /** Everything sent so far, oldest first. */
  public synchronized List<OutboxMessage> outbox() {
    return List.copyOf(outbox);
  }

  /** Everything sent to this email address or phone number, oldest first. */
  public synchronized List<OutboxMessage> outbox(String to) {
    String key = normalize(to);
    return outbox.stream().filter(m -> normalize(m.to()).equals(key)).toList();
  }

  /** The last code sent to this email address or phone number, if any. */
  public synchronized Optional<String> lastCodeSentTo(String to) {
    List<OutboxMessage> sent = outbox(to);
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).code().isPresent()) {
        return sent.get(i).code();
      }
    }
    return Optional.empty();
  }

  /** True when this user has had a session on the client this token belongs to. */
  public synchronized boolean isKnownDevice(String userId, String clientToken) {
    String clientId = clientIdByToken.get(clientToken);
    return clientId != null && knownDevices.contains(userId + "|" + clientId);
  }

  /**
   * The status of the sign-in with this id ({@code needs_client_trust}, {@code complete}, ...), as
   * the server holds it; empty when there is no such sign-in or it was abandoned (the server
   * answers 404 for it). A sign-in replaced by a newer one of its client keeps its status.
   */
  public synchronized Optional<String> signInStatus(String signInId) {
    requireNonNull(signInId, "signInId");
    SignInRecord s = signIns.get(signInId);
    return s == null || !s.open() ? Optional.empty() : Optional.of(s.status);
  }

  /**
   * When a code or link was last sent for this sign-in, per strategy wire name; empty when nothing
   * was sent or there is no such sign-in. Test identities count: they are sent nothing, but the
   * server prepared a verification all the same.
   */
  public synchronized Map<String, Instant> lastSentAt(String signInId) {
    requireNonNull(signInId, "signInId");
    SignInRecord s = signIns.get(signInId);
    return s == null ? Map.of() : Map.copyOf(s.lastSent);
  }

  /**
   * How many codes and links the fake has sent (prepared) since it was built, test identities
   * included; the {@link #outbox()} has one message for each of the others.
   */
  public synchronized int sendCount() {
    return sendCount;
  }

  /**
   * A summary of everything that decides how the fake will answer next, for telling states apart:
   * users' failed attempts, lockouts and used backup codes; clients with their current sign-in,
   * sessions and the users they are known to; sign-ins with status, offered factors, verification,
   * send times and lifetime; sessions; the outbox's size; rate-limit windows; armed faults.
   * Instants are written relative to the clock, in milliseconds ({@code @+600000},
   * {@code @-31000}), so two states reached at different times but otherwise alike read the same;
   * ids are the fake's own (random) ids, listed in the order they were made.
   *
   * <p>Holds no password, code, link token or client token. The format is for comparison only and
   * may change between versions.
   */
  public synchronized String stateDigest() {
    Instant now = clock.instant();
    StringBuilder out = new StringBuilder();
    for (UserRecord u : users.values()) {
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
    for (ClientRecord c : clients.values()) {
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
      for (UserRecord u : users.values()) {
        if (knownDevices.contains(u.id + "|" + c.id)) {
          out.append(sep).append(u.id);
          sep = ",";
        }
      }
      out.append("]\n");
    }
    for (SignInRecord s : signIns.values()) {
      out.append("sign_in ")
          .append(s.id)
          .append(" client=")
          .append(s.clientId)
          .append(" user=")
          .append(s.userId)
          .append(" status=")
          .append(s.status)
          .append(" open=")
          .append(s.open())
          .append(" replaced=")
          .append(s.replaced)
          .append(" trust=")
          .append(s.clientTrustState)
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
            .append(v.strategy)
            .append('/')
            .append(v.status)
            .append('/')
            .append(v.attempts)
            .append('/')
            .append(v.expireAt == null ? "-" : relative(v.expireAt, now))
            .append(v.code != null ? "/code" : "")
            .append(v.linkToken != null ? "/link" : "");
      }
      out.append(" sent={");
      String sep = "";
      for (String strategy : new java.util.TreeSet<>(s.lastSent.keySet())) {
        out.append(sep)
            .append(strategy)
            .append('=')
            .append(relative(s.lastSent.get(strategy), now));
        sep = ",";
      }
      out.append("}\n");
    }
    for (SessionRecord s : sessions.values()) {
      out.append("session ")
          .append(s.id)
          .append(" user=")
          .append(s.userId)
          .append(" client=")
          .append(s.clientId)
          .append(" status=")
          .append(s.status)
          .append(" tasks=")
          .append(s.tasks)
          .append('\n');
    }
    out.append("outbox ").append(outbox.size()).append('\n');
    for (String key : new java.util.TreeSet<>(rateWindows.keySet())) {
      out.append("rate ").append(key).append(" [");
      String sep = "";
      for (Instant at : rateWindows.get(key)) {
        if (at.plus(settings.rateLimitWindow()).isAfter(now)) {
          out.append(sep).append(relative(at, now));
          sep = ",";
        }
      }
      out.append("]\n");
    }
    for (Map.Entry<FapiOperation, List<ArmedFault>> e : faults.entrySet()) {
      for (ArmedFault a : e.getValue()) {
        if (a.left > 0) {
          out.append("fault ")
              .append(e.getKey())
              .append(' ')
              .append(a.fault)
              .append(" left=")
              .append(a.left == Integer.MAX_VALUE ? "always" : String.valueOf(a.left))
              .append(" p=")
              .append(a.trigger.probability())
              .append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String relative(Instant at, Instant now) {
    long ms = Duration.between(now, at).toMillis();
    return "@" + (ms >= 0 ? "+" : "") + ms;
  }

  /**
   * Makes an operation go wrong, per the trigger.
   *
   * @see #clearFaults()
   */
  public synchronized void injectFault(FapiOperation operation, Fault fault, FaultTrigger trigger) {
    requireNonNull(operation, "operation");
    requireNonNull(fault, "fault");
    requireNonNull(trigger, "trigger");
    faults.computeIfAbsent(operation, k -> new ArrayList<>()).add(new ArmedFault(fault, trigger));
  }

  /** Removes every injected fault. */
  public synchronized void clearFaults() {
    faults.clear();
  }

  /**
   * Forgets everything — users, clients, sign-ins, sessions, outbox, limits, faults — and restores
   * the default settings. The clock stays where it is.
   */
  public synchronized void reset() {
    users.clear();
    clientIdByToken.clear();
    clients.clear();
    clientUse.clear();
    signIns.clear();
    sessions.clear();
    knownDevices.clear();
    outbox.clear();
    rateWindows.clear();
    faults.clear();
    settings = FakeSettings.defaults();
  }

  /** What happened when an email link was visited. */
  public enum LinkVisit {
    /** The link was good: its verification is verified and its sign-in complete. */
    VERIFIED,
    /** The link had expired, or a newer link or a newer sign-in of its client replaced it. */
    EXPIRED,
    /** No link has this token, or it was used already. */
    UNKNOWN
  }

  /**
   * Completes an email-link verification as the user's click would: the verification becomes {@code
   * verified}, the sign-in {@code complete} with a session on the sign-in's client.
   */
  public synchronized LinkVisit visitEmailLink(String linkToken) {
    requireNonNull(linkToken, "linkToken");
    for (SignInRecord s : signIns.values()) {
      VerificationRecord v = s.verification;
      if (v != null && linkToken.equals(v.linkToken)) {
        if (!v.status.equals("unverified") || !s.open()) {
          return LinkVisit.UNKNOWN;
        }
        if (s.replaced) {
          // A newer sign-in of the client replaced this one: it is read-only (§5.2), its link
          // stale.
          return LinkVisit.EXPIRED;
        }
        if (!clock.instant().isBefore(v.expireAt)) {
          v.status = "expired";
          return LinkVisit.EXPIRED;
        }
        v.status = "verified";
        complete(s);
        return LinkVisit.VERIFIED;
      }
      if (v != null && s.oldLinkTokens.contains(linkToken)) {
        return LinkVisit.EXPIRED;
      }
    }
    return LinkVisit.UNKNOWN;
  }

  // ---- the Frontend API -----------------------------------------------------------------------

  /** {@code GET /v1/client}: the caller's client, or {@code null}s when it has none. */
  public synchronized FapiResponse getClient(FapiRequest request) {
    return run(
        FapiOperation.GET_CLIENT,
        request,
        false,
        c -> c == null ? ok(null, null) : ok(clientView(c), c));
  }

  /** {@code POST /v1/client/sign_ins} with an identifier and a password. */
  public synchronized FapiResponse createSignIn(
      FapiRequest request, String identifier, String password) {
    requireNonNull(identifier, "identifier");
    requireNonNull(password, "password");
    return run(
        FapiOperation.CREATE_SIGN_IN,
        request,
        true,
        client -> {
          Optional<FapiResponse> limited = rateLimit(request, "create", settings.createLimit());
          if (limited.isPresent()) {
            return limited.get();
          }
          List<FapiError> missing = new ArrayList<>();
          if (identifier.isBlank()) {
            missing.add(ClerkErrors.missing("identifier"));
          }
          if (password.isEmpty()) {
            missing.add(ClerkErrors.missing("password"));
          }
          if (!missing.isEmpty()) {
            return error(422, missing);
          }
          Optional<UserRecord> found = findUser(identifier);
          if (found.isEmpty()) {
            return error(
                422,
                settings.identifierEnumerationProtection()
                    ? ClerkErrors.passwordOrIdentifierIncorrect()
                    : ClerkErrors.identifierNotFound());
          }
          UserRecord user = found.get();
          Optional<FapiResponse> locked = lockedOut(user);
          if (locked.isPresent()) {
            return locked.get();
          }
          if (!MessageDigest.isEqual(hash(user.salt, password), user.passwordHash)) {
            failed(user);
            return error(
                422,
                settings.identifierEnumerationProtection()
                    ? ClerkErrors.passwordOrIdentifierIncorrect()
                    : ClerkErrors.passwordIncorrect());
          }
          user.failures = 0;
          SignInRecord s = startSignIn(client, user, identifier.strip());
          return ok(signInView(s), client);
        });
  }

  /** {@code GET /v1/client/sign_ins/{id}}: the caller's sign-in, read-only even if replaced. */
  public synchronized FapiResponse getSignIn(FapiRequest request, String signInId) {
    requireNonNull(signInId, "signInId");
    return run(
        FapiOperation.GET_SIGN_IN,
        request,
        false,
        client -> {
          SignInRecord s = signInOf(client, signInId);
          return s == null
              ? error(404, ClerkErrors.notFound("sign in"))
              : ok(signInView(s), client);
        });
  }

  /**
   * {@code POST /v1/client/sign_ins/{id}/prepare_second_factor}: sends a code or a link.
   *
   * @param destinationId {@code email_address_id} or {@code phone_number_id}, when the request
   *     names one
   * @param redirectUrl {@code redirect_url}, required for {@code email_link}
   */
  public synchronized FapiResponse prepareSecondFactor(
      FapiRequest request,
      String signInId,
      String strategy,
      Optional<String> destinationId,
      Optional<String> redirectUrl) {
    requireNonNull(signInId, "signInId");
    requireNonNull(strategy, "strategy");
    requireNonNull(destinationId, "destinationId");
    requireNonNull(redirectUrl, "redirectUrl");
    return run(
        FapiOperation.PREPARE_SECOND_FACTOR,
        request,
        false,
        client -> {
          SignInRecord s = signInOf(client, signInId);
          Optional<FapiResponse> refused = mutable(s);
          if (refused.isPresent()) {
            return refused.get();
          }
          Optional<FactorView> factor = offered(s, strategy);
          if (factor.isEmpty() || !Strategy.fromWireName(strategy).isDelivered()) {
            return error(400, ClerkErrors.strategyInvalid("strategy"));
          }
          String destination =
              factor.get().emailAddressId() != null
                  ? factor.get().emailAddressId()
                  : factor.get().phoneNumberId();
          if (destinationId.isPresent() && !destinationId.get().equals(destination)) {
            String param =
                factor.get().emailAddressId() != null ? "email_address_id" : "phone_number_id";
            return error(400, ClerkErrors.strategyInvalid(param));
          }
          if (strategy.equals("email_link") && redirectUrl.filter(u -> !u.isBlank()).isEmpty()) {
            return error(422, ClerkErrors.missing("redirect_url"));
          }
          Instant now = clock.instant();
          Instant last = s.lastSent.get(strategy);
          if (last != null && now.isBefore(last.plus(settings.resendCooldown()))) {
            Duration left = Duration.between(now, last.plus(settings.resendCooldown()));
            return rateLimited(ClerkErrors.codeTooManyRequests(), left);
          }
          send(s, strategy);
          return ok(signInView(s), client);
        });
  }

  /** {@code POST /v1/client/sign_ins/{id}/attempt_second_factor} with a code. */
  public synchronized FapiResponse attemptSecondFactor(
      FapiRequest request, String signInId, String strategy, String code) {
    requireNonNull(signInId, "signInId");
    requireNonNull(strategy, "strategy");
    requireNonNull(code, "code");
    return run(
        FapiOperation.ATTEMPT_SECOND_FACTOR,
        request,
        false,
        client -> {
          SignInRecord s = signInOf(client, signInId);
          if (s != null
              && s.status.equals("complete")
              && s.verification != null
              && s.verification.strategy.equals(strategy)
              && !s.replaced) {
            return error(400, ClerkErrors.alreadyVerified());
          }
          Optional<FapiResponse> refused = mutable(s);
          if (refused.isPresent()) {
            return refused.get();
          }
          Optional<FapiResponse> limited = rateLimit(request, "attempt", settings.attemptLimit());
          if (limited.isPresent()) {
            return limited.get();
          }
          if (offered(s, strategy).isEmpty() || strategy.equals("email_link")) {
            return error(400, ClerkErrors.strategyInvalid("strategy"));
          }
          UserRecord user = users.get(s.userId);
          Optional<FapiResponse> locked = lockedOut(user);
          if (locked.isPresent()) {
            return locked.get();
          }
          if (code.isBlank()) {
            return error(422, ClerkErrors.missing("code"));
          }
          return switch (strategy) {
            case "totp" -> attemptTotp(client, s, user, code);
            case "backup_code" -> attemptBackupCode(client, s, user, code);
            default -> attemptSentCode(client, s, user, strategy, code);
          };
        });
  }

  /** {@code POST /v1/client/sessions/{id}/touch}: makes the session the client's active one. */
  public synchronized FapiResponse touchSession(FapiRequest request, String sessionId) {
    return sessionOperation(
        FapiOperation.TOUCH_SESSION,
        request,
        sessionId,
        (client, session) -> {
          client.lastActiveSessionId = session.id;
          session.lastActiveAt = clock.instant();
          client.updatedAt = clock.instant();
          return ok(sessionView(session), client);
        });
  }

  /**
   * {@code POST /v1/client/sessions/{id}/tokens}: a session JWT ({@code sts} active or pending).
   */
  public synchronized FapiResponse createSessionToken(FapiRequest request, String sessionId) {
    return sessionOperation(
        FapiOperation.CREATE_SESSION_TOKEN,
        request,
        sessionId,
        (client, session) -> {
          long iat = clock.instant().getEpochSecond();
          String payload =
              "{\"sid\":\""
                  + session.id
                  + "\",\"sub\":\""
                  + session.userId
                  + "\",\"sts\":\""
                  + session.status
                  + "\",\"iat\":"
                  + iat
                  + ",\"exp\":"
                  + (iat + 60)
                  + "}";
          return okBare(new TokenView(jwt(payload)), client);
        });
  }

  /** {@code GET /v1/client/sessions/{id}}. */
  public synchronized FapiResponse getSession(FapiRequest request, String sessionId) {
    return sessionOperation(
        FapiOperation.GET_SESSION,
        request,
        sessionId,
        (client, session) -> ok(sessionView(session), client));
  }

  /** {@code POST /v1/client/sessions/{id}/end}: signs the session out; the client stays. */
  public synchronized FapiResponse endSession(FapiRequest request, String sessionId) {
    return sessionOperation(
        FapiOperation.END_SESSION,
        request,
        sessionId,
        (client, session) -> {
          closeSession(client, session, "ended");
          return ok(sessionView(session), client);
        });
  }

  /** {@code POST /v1/client/sessions/{id}/remove}. */
  public synchronized FapiResponse removeSession(FapiRequest request, String sessionId) {
    return sessionOperation(
        FapiOperation.REMOVE_SESSION,
        request,
        sessionId,
        (client, session) -> {
          closeSession(client, session, "removed");
          return ok(sessionView(session), client);
        });
  }

  /** {@code DELETE /v1/client/sessions}: removes every session of the client, keeping it. */
  public synchronized FapiResponse removeSessions(FapiRequest request) {
    return run(
        FapiOperation.REMOVE_SESSIONS,
        request,
        false,
        client -> {
          if (client == null) {
            return error(404, ClerkErrors.notFound("client"));
          }
          for (String id : List.copyOf(client.sessionIds)) {
            closeSession(client, sessions.get(id), "removed");
          }
          return new FapiResponse(
              200,
              Optional.of(clientView(client)),
              Optional.empty(),
              List.of(),
              "",
              Optional.empty(),
              Optional.empty(),
              Duration.ZERO);
        });
  }

  // ---- the rules ------------------------------------------------------------------------------

  private SignInRecord startSignIn(ClientRecord client, UserRecord user, String identifier) {
    if (client.signInId != null) {
      SignInRecord old = signIns.get(client.signInId);
      if (old != null) {
        old.replaced = true;
      }
    }
    Instant now = clock.instant();
    SignInRecord s = new SignInRecord(newId("sia_"), client.id, user.id, identifier, now);
    s.abandonAt = now.plus(settings.signInLifetime());
    signIns.put(s.id, s);
    client.signInId = s.id;
    client.signInIds.add(s.id);
    if (client.signInIds.size() > KEPT_PER_CLIENT) {
      signIns.remove(client.signInIds.remove(0));
    }
    client.updatedAt = now;

    boolean known = knownDevices.contains(user.id + "|" + client.id);
    List<FactorView> mfa = mfaFactors(user);
    if (settings.clientTrust()) {
      s.clientTrustState = known ? "known" : "new";
    }
    if (!mfa.isEmpty()) {
      s.status = "needs_second_factor";
      s.secondFactors = mfa;
      return s;
    }
    Optional<FactorView> trust =
        known || !settings.clientTrust() ? Optional.empty() : trustFactor(user);
    if (trust.isPresent()) {
      s.status = settings.legacyClientTrustShape() ? "needs_second_factor" : "needs_client_trust";
      s.secondFactors = List.of(trust.get());
      return s;
    }
    complete(s);
    return s;
  }

  /** MFA factors the user enrolled and the instance allows, in Clerk's UI order. */
  private List<FactorView> mfaFactors(UserRecord user) {
    FakeUser u = user.spec;
    Set<Strategy> allowed = settings.mfaStrategies();
    List<FactorView> factors = new ArrayList<>();
    if (u.totpSecret().isPresent() && allowed.contains(Strategy.TOTP)) {
      factors.add(new FactorView("totp", null, null, null, null, true));
    }
    if (u.smsSecondFactor()
        && u.phoneVerified()
        && u.phone().isPresent()
        && allowed.contains(Strategy.PHONE_CODE)) {
      factors.add(
          new FactorView(
              "phone_code",
              maskPhone(u.phone().get()),
              null,
              user.phoneId,
              true,
              factors.isEmpty()));
    }
    if (u.emailSecondFactor()
        && u.emailVerified()
        && u.email().isPresent()
        && allowed.contains(Strategy.EMAIL_CODE)) {
      factors.add(
          new FactorView(
              "email_code",
              maskEmail(u.email().get()),
              user.emailId,
              null,
              true,
              factors.isEmpty()));
    }
    if (!u.backupCodes().isEmpty() && allowed.contains(Strategy.BACKUP_CODE)) {
      factors.add(new FactorView("backup_code", null, null, null, null, factors.isEmpty()));
    }
    return factors;
  }

  /** §11: exactly one Client Trust factor — email code, else email link, else SMS code. */
  private Optional<FactorView> trustFactor(UserRecord user) {
    FakeUser u = user.spec;
    boolean email = u.email().isPresent() && u.emailVerified();
    boolean phone = u.phone().isPresent() && u.phoneVerified();
    if (email && settings.emailCodeEnabled()) {
      return Optional.of(
          new FactorView(
              "email_code", maskEmail(u.email().get()), user.emailId, null, true, false));
    }
    if (email && settings.emailLinkEnabled()) {
      return Optional.of(
          new FactorView(
              "email_link", maskEmail(u.email().get()), user.emailId, null, true, false));
    }
    if (phone && settings.smsEnabled()) {
      return Optional.of(
          new FactorView(
              "phone_code", maskPhone(u.phone().get()), null, user.phoneId, true, false));
    }
    return Optional.empty();
  }

  private void send(SignInRecord s, String strategy) {
    UserRecord user = users.get(s.userId);
    String to =
        strategy.equals("phone_code")
            ? user.spec.phone().orElseThrow()
            : user.spec.email().orElseThrow();
    Instant now = clock.instant();
    VerificationRecord v = new VerificationRecord(strategy, now.plus(settings.codeLifetime()));
    boolean test = settings.testIdentities() && isTestIdentity(to);
    if (s.verification != null && s.verification.linkToken != null) {
      s.oldLinkTokens.add(s.verification.linkToken);
    }
    if (strategy.equals("email_link")) {
      v.linkToken = newId("");
      if (!test) {
        send(
            new OutboxMessage(to, strategy, s.id, Optional.empty(), Optional.of(v.linkToken), now));
      }
    } else {
      v.code = test ? TEST_CODE : sixDigits();
      if (!test) {
        send(new OutboxMessage(to, strategy, s.id, Optional.of(v.code), Optional.empty(), now));
      }
    }
    s.verification = v;
    s.lastSent.put(strategy, now);
    sendCount++;
  }

  private void send(OutboxMessage m) {
    outbox.addLast(m);
    if (outbox.size() > OUTBOX_KEPT) {
      outbox.pollFirst();
    }
  }

  private FapiResponse attemptSentCode(
      ClientRecord client, SignInRecord s, UserRecord user, String strategy, String code) {
    VerificationRecord v = s.verification;
    if (v == null || !v.strategy.equals(strategy)) {
      return error(400, ClerkErrors.verificationMissing());
    }
    if (v.status.equals("expired") || !clock.instant().isBefore(v.expireAt)) {
      v.status = "expired";
      return error(400, ClerkErrors.verificationExpired());
    }
    if (v.status.equals("failed") || v.attempts >= settings.wrongCodesAllowed()) {
      v.status = "failed";
      return error(400, ClerkErrors.verificationFailed());
    }
    v.attempts++;
    if (!MessageDigest.isEqual(
        v.code.getBytes(StandardCharsets.UTF_8), code.getBytes(StandardCharsets.UTF_8))) {
      failed(user);
      return error(422, ClerkErrors.codeIncorrect());
    }
    return verified(client, s, user, v);
  }

  private FapiResponse attemptTotp(
      ClientRecord client, SignInRecord s, UserRecord user, String code) {
    VerificationRecord v = new VerificationRecord("totp", null);
    v.attempts =
        s.verification != null && s.verification.strategy.equals("totp")
            ? s.verification.attempts + 1
            : 1;
    s.verification = v;
    if (!Totp.matches(user.spec.totpSecret().orElseThrow(), code, clock.instant())) {
      failed(user);
      return error(422, ClerkErrors.codeIncorrect());
    }
    return verified(client, s, user, v);
  }

  private FapiResponse attemptBackupCode(
      ClientRecord client, SignInRecord s, UserRecord user, String code) {
    VerificationRecord v = new VerificationRecord("backup_code", null);
    v.attempts = 1;
    s.verification = v;
    byte[] typed = code.strip().getBytes(StandardCharsets.UTF_8);
    String match = null;
    for (String candidate : user.spec.backupCodes()) {
      if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), typed)
          && !user.usedBackupCodes.contains(candidate)) {
        match = candidate;
      }
    }
    if (match == null) {
      failed(user);
      return error(422, ClerkErrors.codeIncorrect());
    }
    user.usedBackupCodes.add(match);
    return verified(client, s, user, v);
  }

  /** A right code: the verification is verified, the user's failures forgiven, the sign-in done. */
  private FapiResponse verified(
      ClientRecord client, SignInRecord s, UserRecord user, VerificationRecord v) {
    v.status = "verified";
    user.failures = 0;
    complete(s);
    return ok(signInView(s), client);
  }

  /** The sign-in is complete: a session for the user on the sign-in's client. */
  private void complete(SignInRecord s) {
    Instant now = clock.instant();
    ClientRecord client = clients.get(s.clientId);
    List<String> tasks = settings.sessionTasks();
    SessionRecord session =
        new SessionRecord(
            newId("sess_"),
            s.userId,
            client.id,
            tasks.isEmpty() ? "active" : "pending",
            tasks,
            now);
    sessions.put(session.id, session);
    client.sessionIds.add(session.id);
    client.everySessionId.add(session.id);
    if (client.everySessionId.size() > KEPT_PER_CLIENT) {
      forgetOldestSession(client);
    }
    client.lastActiveSessionId = session.id;
    client.updatedAt = now;
    knownDevices.add(s.userId + "|" + client.id);
    s.status = "complete";
    s.createdSessionId = session.id;
  }

  private void failed(UserRecord user) {
    user.failures++;
    if (user.failures >= settings.lockoutThreshold()) {
      user.lockedUntil = clock.instant().plus(settings.lockoutDuration());
      user.failures = 0;
    }
  }

  private Optional<FapiResponse> lockedOut(UserRecord user) {
    Instant now = clock.instant();
    if (user.lockedUntil != null && now.isBefore(user.lockedUntil)) {
      long left = Duration.between(now, user.lockedUntil).toSeconds();
      return Optional.of(error(403, ClerkErrors.userLocked(Math.max(1, left))));
    }
    return Optional.empty();
  }

  /** A sign-in that may be changed: the caller's current one, not abandoned, in a second step. */
  private Optional<FapiResponse> mutable(SignInRecord s) {
    if (s == null) {
      return Optional.of(error(404, ClerkErrors.notFound("sign in")));
    }
    if (s.replaced) {
      return Optional.of(error(403, ClerkErrors.forbiddenOlderSignIn()));
    }
    if (!s.status.equals("needs_second_factor") && !s.status.equals("needs_client_trust")) {
      return Optional.of(error(400, ClerkErrors.strategyInvalid("strategy")));
    }
    return Optional.empty();
  }

  private Optional<FactorView> offered(SignInRecord s, String strategy) {
    return s.secondFactors.stream().filter(f -> f.strategy().equals(strategy)).findFirst();
  }

  /** The caller's sign-in with this id, unless it is abandoned; null when there is none. */
  private SignInRecord signInOf(ClientRecord client, String signInId) {
    SignInRecord s = signIns.get(signInId);
    if (s == null || client == null || !s.clientId.equals(client.id)) {
      return null;
    }
    return s.open() ? s : null;
  }

  private Optional<FapiResponse> rateLimit(FapiRequest request, String kind, int limit) {
    if (!settings.rateLimited()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Deque<Instant> window =
        rateWindows.computeIfAbsent(kind + "|" + request.clientIp(), k -> new ArrayDeque<>());
    while (!window.isEmpty() && !window.peekFirst().plus(settings.rateLimitWindow()).isAfter(now)) {
      window.pollFirst();
    }
    if (window.size() >= limit) {
      Duration wait = Duration.between(now, window.peekFirst().plus(settings.rateLimitWindow()));
      return Optional.of(rateLimited(ClerkErrors.tooManyRequests(seconds(wait)), wait));
    }
    window.addLast(now);
    return Optional.empty();
  }

  private void closeSession(ClientRecord client, SessionRecord session, String status) {
    session.status = status;
    session.updatedAt = clock.instant();
    client.sessionIds.remove(session.id);
    if (session.id.equals(client.lastActiveSessionId)) {
      client.lastActiveSessionId = null;
    }
    client.updatedAt = clock.instant();
  }

  // ---- running an operation -------------------------------------------------------------------

  private interface Body {
    FapiResponse answer(ClientRecord client);
  }

  private interface SessionBody {
    FapiResponse answer(ClientRecord client, SessionRecord session);
  }

  private FapiResponse sessionOperation(
      FapiOperation op, FapiRequest request, String sessionId, SessionBody body) {
    requireNonNull(sessionId, "sessionId");
    return run(
        op,
        request,
        false,
        client -> {
          SessionRecord s = sessions.get(sessionId);
          if (s == null || client == null || !client.sessionIds.contains(sessionId)) {
            return error(404, ClerkErrors.notFound("session"));
          }
          return body.answer(client, s);
        });
  }

  /**
   * Finds the caller's client (or makes one, for operations that establish a client), applies an
   * injected fault, runs the operation, and sets the client token of the answer.
   */
  private FapiResponse run(
      FapiOperation op, FapiRequest request, boolean establishesClient, Body body) {
    requireNonNull(request, "request");
    Optional<Fault> fault = nextFault(op);
    Duration latency = Duration.ZERO;
    if (fault.isPresent()) {
      Fault f = fault.get();
      if (f instanceof Fault.DropConnection) {
        return new FapiResponse(
            0,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            "",
            Optional.empty(),
            Optional.empty(),
            Duration.ZERO);
      }
      if (f instanceof Fault.Latency l) {
        latency = l.delay();
      }
    }
    ClientRecord client =
        request.clientToken().map(clientIdByToken::get).map(clients::get).orElse(null);
    if (client != null) {
      clientUse.get(client.id); // most recently used now
    }
    // A fault that replaces the answer means the server did nothing: it establishes no client.
    boolean answerReplaced = fault.isPresent() && !(fault.get() instanceof Fault.Latency);
    if (client == null && establishesClient && !answerReplaced) {
      client = newClient();
    }
    FapiResponse response;
    if (fault.isPresent() && fault.get() instanceof Fault.ServerError e) {
      response = error(e.status(), ClerkErrors.internal());
    } else if (fault.isPresent() && fault.get() instanceof Fault.TooManyRequests t) {
      response = rateLimited(ClerkErrors.tooManyRequests(seconds(t.retryAfter())), t.retryAfter());
    } else {
      response = body.answer(client);
    }
    Optional<String> token = client == null ? Optional.empty() : Optional.of(tokenFor(client));
    return response.withClientToken(token).withLatency(latency);
  }

  private Optional<Fault> nextFault(FapiOperation op) {
    List<ArmedFault> armed = faults.get(op);
    if (armed == null) {
      return Optional.empty();
    }
    for (ArmedFault a : armed) {
      if (a.left > 0
          && (a.trigger.probability() >= 1 || random.nextDouble() < a.trigger.probability())) {
        if (a.left != Integer.MAX_VALUE) {
          a.left--;
        }
        return Optional.of(a.fault);
      }
    }
    armed.removeIf(a -> a.left <= 0);
    return Optional.empty();
  }

  private FapiResponse ok(Views.Body body, ClientRecord client) {
    return new FapiResponse(
        200,
        Optional.ofNullable(body),
        Optional.ofNullable(client).map(this::clientView),
        List.of(),
        "",
        Optional.empty(),
        Optional.empty(),
        Duration.ZERO);
  }

  private FapiResponse okBare(Views.Body body, ClientRecord client) {
    return new FapiResponse(
        200,
        Optional.of(body),
        Optional.empty(),
        List.of(),
        "",
        Optional.empty(),
        Optional.empty(),
        Duration.ZERO);
  }

  private FapiResponse error(int status, FapiError... errors) {
    return error(status, List.of(errors));
  }

  private FapiResponse error(int status, List<FapiError> errors) {
    return new FapiResponse(
        status,
        Optional.empty(),
        Optional.empty(),
        errors,
        traceId(),
        Optional.empty(),
        Optional.empty(),
        Duration.ZERO);
  }

  private FapiResponse rateLimited(FapiError error, Duration wait) {
    return new FapiResponse(
        429,
        Optional.empty(),
        Optional.empty(),
        List.of(error),
        traceId(),
        Optional.of(Duration.ofSeconds(seconds(wait))),
        Optional.empty(),
        Duration.ZERO);
  }

  /** Whole seconds, rounded up, at least 1: what {@code Retry-After} says. */
  private static long seconds(Duration d) {
    long s = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, s);
  }

  // ---- clients and tokens ---------------------------------------------------------------------

  private ClientRecord newClient() {
    ClientRecord c = new ClientRecord(newId("client_"), clock.instant());
    clients.put(c.id, c);
    clientUse.put(c.id, Boolean.TRUE);
    c.freshToken = mintToken(c);
    while (clients.size() > maxClients) {
      forget(clients.get(clientUse.keySet().iterator().next()));
    }
    return c;
  }

  /** Forgets the client's oldest ended session, or its oldest session when none has ended. */
  private void forgetOldestSession(ClientRecord c) {
    int at = 0;
    for (int i = 0; i < c.everySessionId.size(); i++) {
      if (!c.sessionIds.contains(c.everySessionId.get(i))) {
        at = i;
        break;
      }
    }
    String id = c.everySessionId.remove(at);
    sessions.remove(id);
    c.sessionIds.remove(id);
    if (id.equals(c.lastActiveSessionId)) {
      c.lastActiveSessionId = null;
    }
  }

  /** Forgets a client as if it had expired: its tokens, sign-ins, sessions and known devices. */
  private void forget(ClientRecord c) {
    clients.remove(c.id);
    clientUse.remove(c.id);
    c.tokens.forEach(clientIdByToken::remove);
    c.signInIds.forEach(signIns::remove);
    for (String id : c.everySessionId) {
      SessionRecord session = sessions.remove(id);
      if (session != null) {
        knownDevices.remove(session.userId + "|" + c.id);
      }
    }
  }

  /**
   * The token to answer with: the one just minted for a new client, else a fresh one when rotation
   * is on, else the client's current one.
   */
  private String tokenFor(ClientRecord c) {
    if (c.freshToken != null) {
      String t = c.freshToken;
      c.freshToken = null;
      return t;
    }
    return settings.rotateClientTokens() ? mintToken(c) : c.tokens.peekLast();
  }

  private String mintToken(ClientRecord c) {
    String payload =
        "{\"id\":\""
            + c.id
            + "\",\"rotating_token\":\""
            + newId("")
            + "\",\"iat\":"
            + clock.instant().getEpochSecond()
            + "}";
    String token = jwt(payload);
    c.tokens.addLast(token);
    clientIdByToken.put(token, c.id);
    while (c.tokens.size() > TOKENS_KEPT_PER_CLIENT) {
      clientIdByToken.remove(c.tokens.pollFirst());
    }
    return token;
  }

  private String jwt(String payload) {
    return B64.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(randomBytes(32));
  }

  // ---- views ----------------------------------------------------------------------------------

  private SignInView signInView(SignInRecord s) {
    UserRecord user = users.get(s.userId);
    VerificationRecord v = s.verification;
    return new SignInView(
        s.id,
        s.status,
        supportedIdentifiers(user.spec),
        s.identifier,
        user.spec.firstName().orElse(null),
        List.of(new FactorView("password", null, null, null, null, false)),
        s.secondFactors.isEmpty() ? null : s.secondFactors,
        new VerificationView("verification_password", "verified", "password", 1, null),
        v == null ? null : verificationView(v),
        s.createdSessionId,
        s.abandonAt,
        s.clientTrustState);
  }

  private static VerificationView verificationView(VerificationRecord v) {
    String object =
        switch (v.strategy) {
          case "totp" -> "verification_totp";
          case "backup_code" -> "verification_backup_code";
          case "email_link" -> "verification_email_link";
          default -> "verification_otp";
        };
    return new VerificationView(object, v.status, v.strategy, v.attempts, v.expireAt);
  }

  private SessionView sessionView(SessionRecord s) {
    UserRecord user = users.get(s.userId);
    FakeUser u = user.spec;
    return new SessionView(
        s.id,
        s.status,
        s.status.equals("pending") ? s.tasks : List.of(),
        s.userId,
        u.email().or(u::phone).or(u::username).orElseThrow(),
        u.firstName().orElse(null),
        s.lastActiveAt,
        s.createdAt.plus(Duration.ofDays(7)),
        s.createdAt.plus(Duration.ofDays(30)),
        s.createdAt,
        s.updatedAt);
  }

  private ClientView clientView(ClientRecord c) {
    SignInRecord signIn = c.signInId == null ? null : signIns.get(c.signInId);
    return new ClientView(
        c.id,
        c.sessionIds.stream().map(sessions::get).map(this::sessionView).toList(),
        signIn == null || !signIn.open() ? null : signInView(signIn),
        c.lastActiveSessionId,
        c.createdAt,
        c.updatedAt);
  }

  private static List<String> supportedIdentifiers(FakeUser u) {
    List<String> ids = new ArrayList<>();
    u.email().ifPresent(e -> ids.add("email_address"));
    u.phone().ifPresent(p -> ids.add("phone_number"));
    u.username().ifPresent(n -> ids.add("username"));
    return ids;
  }

  // ---- users ----------------------------------------------------------------------------------

  private Optional<UserRecord> findUser(String identifier) {
    String key = normalize(identifier);
    return users.values().stream()
        .filter(u -> identifiersOf(u.spec).stream().anyMatch(i -> normalize(i).equals(key)))
        .findFirst();
  }

  private static List<String> identifiersOf(FakeUser u) {
    List<String> ids = new ArrayList<>();
    u.email().ifPresent(ids::add);
    u.phone().ifPresent(ids::add);
    u.username().ifPresent(ids::add);
    return ids;
  }

  /** Emails and usernames compare case-insensitively; phone numbers without punctuation. */
  private static String normalize(String identifier) {
    String t = identifier.strip();
    if (t.startsWith("+")) {
      return t.replaceAll("[\\s().-]", "");
    }
    return t.toLowerCase(Locale.ROOT);
  }

  private static boolean isTestIdentity(String to) {
    if (to.startsWith("+")) {
      return TEST_PHONE.matcher(normalize(to)).matches();
    }
    int at = to.indexOf('@');
    return at > 0 && to.substring(0, at).contains("+clerk_test");
  }

  static String maskEmail(String email) {
    int at = email.indexOf('@');
    return email.charAt(0) + "***" + email.substring(at);
  }

  static String maskPhone(String phone) {
    String p = normalize(phone);
    return p.substring(0, 2)
        + "*".repeat(Math.max(0, p.length() - 6))
        + p.substring(p.length() - 4);
  }

  // ---- randomness -----------------------------------------------------------------------------

  private String newId(String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 27; i++) {
      sb.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return sb.toString();
  }

  private String sixDigits() {
    return String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
  }

  private String traceId() {
    return HexFormatHolder.HEX.formatHex(randomBytes(16));
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static final class HexFormatHolder {
    static final java.util.HexFormat HEX = java.util.HexFormat.of();
  }

  private static byte[] hash(byte[] salt, String password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      return md.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public synchronized String toString() {
    return "FakeClerk[" + users.size() + " users, " + clients.size() + " clients, " + clock + "]";
  }

  // ---- records --------------------------------------------------------------------------------

  private static final class ArmedFault {
    final Fault fault;
    final FaultTrigger trigger;
    int left;

    ArmedFault(Fault fault, FaultTrigger trigger) {
      this.fault = fault;
      this.trigger = trigger;
      this.left = trigger.times();
    }
  }

  private static final class UserRecord {
    final String id;
    final FakeUser spec;
    final String emailId;
    final String phoneId;
    byte[] salt;
    byte[] passwordHash;
    final Set<String> usedBackupCodes = new HashSet<>();
    int failures;
    Instant lockedUntil;

    UserRecord(String id, FakeUser spec, String emailId, String phoneId) {
      this.id = id;
      // Keep what the server needs: the password only as a salted hash (set by addUser).
      this.spec = spec.password("");
      this.emailId = emailId;
      this.phoneId = phoneId;
    }
  }

  private static final class ClientRecord {
    final String id;
    final Deque<String> tokens = new ArrayDeque<>();
    final List<String> sessionIds = new ArrayList<>();
    // Every sign-in and session ever made on this client, for forgetting it.
    final List<String> signInIds = new ArrayList<>();
    final List<String> everySessionId = new ArrayList<>();
    final Instant createdAt;
    Instant updatedAt;
    String signInId;
    String lastActiveSessionId;
    String freshToken;

    ClientRecord(String id, Instant createdAt) {
      this.id = id;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }
  }

  private final class SignInRecord {
    final String id;
    final String clientId;
    final String userId;
    final String identifier;
    final Instant createdAt;
    final Map<String, Instant> lastSent = new HashMap<>();
    final Set<String> oldLinkTokens = new HashSet<>();
    String status = "needs_identifier";
    String clientTrustState;
    List<FactorView> secondFactors = List.of();
    VerificationRecord verification;
    String createdSessionId;
    Instant abandonAt;
    boolean replaced;

    SignInRecord(String id, String clientId, String userId, String identifier, Instant createdAt) {
      this.id = id;
      this.clientId = clientId;
      this.userId = userId;
      this.identifier = identifier;
      this.createdAt = createdAt;
    }

    boolean open() {
      return clock.instant().isBefore(abandonAt);
    }
  }

  private static final class VerificationRecord {
    final String strategy;
    final Instant expireAt;
    String status = "unverified";
    int attempts;
    String code;
    String linkToken;

    VerificationRecord(String strategy, Instant expireAt) {
      this.strategy = strategy;
      this.expireAt = expireAt;
    }
  }

  private static final class SessionRecord {
    final String id;
    final String userId;
    final String clientId;
    final List<String> tasks;
    final Instant createdAt;
    String status;
    Instant updatedAt;
    Instant lastActiveAt;

    SessionRecord(
        String id, String userId, String clientId, String status, List<String> tasks, Instant at) {
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

  /** Builds a {@link FakeClerk}. */
  public static final class Builder {
    private FakeClock clock = FakeClock.standard();
    private Random random = new Random(0);
    private FakeSettings settings = FakeSettings.defaults();
    private int maxClients = DEFAULT_MAX_CLIENTS;

    private Builder() {}

    /** The clock every expiry, cooldown, limit and lockout reads. */
    public Builder clock(FakeClock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The source of codes, ids and tokens; seed it for reproducible runs. */
    public Builder random(Random random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** The instance's settings. */
    public Builder settings(FakeSettings settings) {
      this.settings = requireNonNull(settings, "settings");
      return this;
    }

    /**
     * How many clients (devices) the fake keeps at most (default {@value
     * FakeClerk#DEFAULT_MAX_CLIENTS}); past that it forgets the one used least recently, as if it
     * had expired.
     *
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder maxClients(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxClients must be positive: " + n);
      }
      this.maxClients = n;
      return this;
    }

    /** The fake. */
    public FakeClerk build() {
      return new FakeClerk(this);
    }
  }
}
