package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.Strategy;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A simulation of Clerk's Frontend API server for password sign-in with Client Trust and MFA: the
 * instance's settings, its users, clients (devices) with their tokens, sign-ins, verifications,
 * sessions (single-session mode by default, as Clerk's) with RS256-signed session tokens, an outbox
 * of what it "sent", rate limits, lockouts, and injected faults. It follows the rules of {@code
 * fapi-protocol.md} (§2 endpoints, §3 objects, §4.2 errors, §5 resend and limits, §6 Client Trust)
 * and, where public sources are silent, the settings of {@link FakeSettings}.
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
 * <p>Thread-safe: every operation runs under one lock (this object's monitor) and answers with
 * immutable {@link Views}. Passwords are kept as salted hashes and compared in constant time;
 * nothing here logs.
 *
 * <p>This class is the facade: set-up, inspection, faults and the Frontend API's operations, each
 * taking the lock and handing the work to a package-private class that holds one concern — {@link
 * SignInRules} and {@link SessionRules} (what the server does), {@link Users}, {@link Clients}
 * (with their tokens), {@link SignIns} and {@link Sessions} (what it keeps), {@link RateLimits},
 * {@link Faults}, {@link Outbox}, and {@link StateDigest}.
 *
 * <p>Over 600 lines: this is the facade — every FAPI operation, setup call and inspection a test
 * makes, each a few lines that take the one lock and call the package-private class that holds the
 * rule (SignInRules, SessionRules, Clients, RateLimits, StateDigest, …). The rules are not here.
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

  /** The Frontend API URL a fake names as its session tokens' issuer unless told otherwise. */
  public static final String DEFAULT_FRONTEND_API_URL = "https://clerk.fake.invalid";

  private final FakeClock clock;
  private FakeSettings settings;
  private final TokenIssuer issuer;

  private final Users users;
  private final Clients clients;
  private final SignIns signIns = new SignIns();
  private final Sessions sessions;
  private final Outbox outbox = new Outbox();
  private final RateLimits rateLimits = new RateLimits();
  private final ProxyRules proxyRules;
  private final Faults faults;
  private final RecordViews views;
  private final Answers answers;
  private final SignInRules signInRules;
  private final SessionRules sessionRules;
  private final StateDigest digest;

  private FakeClerk(Builder b) {
    this.clock = b.clock;
    this.settings = b.settings;
    this.issuer = new TokenIssuer(b.signingKeySeed, b.frontendApiUrl);
    RandomValues random = new RandomValues(b.random);
    this.users = new Users(random);
    this.sessions = new Sessions(random);
    this.clients = new Clients(clock, random, b.maxClients, signIns, sessions);
    this.faults = new Faults(random);
    this.views = new RecordViews(clock, users, signIns, sessions);
    this.answers = new Answers(random, views);
    this.proxyRules = new ProxyRules(b.secretKey);
    this.signInRules =
        new SignInRules(
            clock,
            random,
            users,
            clients,
            signIns,
            sessions,
            outbox,
            rateLimits,
            proxyRules,
            views,
            answers);
    this.sessionRules = new SessionRules(clock, sessions, views, answers);
    this.digest = new StateDigest(users, clients, signIns, sessions, outbox, rateLimits, faults);
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

  // ---- proxy mode: the instance's secret key --------------------------------------------------

  /**
   * The instance's secret key, redacted ({@code sk_test_…abcd}), or empty when it has none: then
   * every proxy request is refused as Clerk refuses a wrong key.
   */
  public synchronized Optional<String> secretKeyRedacted() {
    return Optional.ofNullable(proxyRules.key()).map(SecretKey::redacted);
  }

  /**
   * Sets the instance's secret key, which proxy requests must carry in {@code Clerk-Secret-Key}; it
   * stays across {@link #reset()}, as the signing key does.
   *
   * @throws IllegalArgumentException when it is not {@code sk_test_} or {@code sk_live_} followed
   *     by 8 to 200 letters and digits; the message does not repeat it
   */
  public synchronized void secretKey(String key) {
    proxyRules.key(SecretKey.of(key));
  }

  /**
   * What Clerk's edge answers this request before any endpoint, or empty when it goes on: a proxy
   * request's missing (400 {@code proxy_request_missing_secret_key}) or wrong (401 {@code
   * proxy_request_invalid_secret_key}) secret key, a native client's request while the Native API
   * is off (400 {@code native_api_disabled}). Every Frontend API operation asks first; an emulator
   * asks too for the endpoints it answers itself. The answer hands back the request's client token,
   * unchanged: the server did not look at the client.
   */
  public synchronized Optional<FapiResponse> edgeRefusal(FapiRequest request) {
    requireNonNull(request, "request");
    return proxyRules
        .refusal(request, settings)
        .map(r -> answers.error(r.status(), r.error()).withClientToken(request.clientToken()));
  }

  // ---- session tokens: the instance's key -----------------------------------------------------

  /**
   * The public key session tokens are signed with, as FAPI serves it at {@code
   * /.well-known/jwks.json}: a JWK Set with one RS256 key whose {@code kid} is {@link
   * #instanceId()}. A backend under test verifies the fake's tokens with it as it verifies Clerk's.
   */
  public synchronized String jwks() {
    return issuer.key().jwks();
  }

  /** The public key session tokens are signed with, for a test that checks a signature itself. */
  public synchronized RSAPublicKey sessionTokenKey() {
    return issuer.key().publicKey();
  }

  /** The instance's id ({@code ins_...}), which names its key: the tokens' {@code kid}. */
  public synchronized String instanceId() {
    return issuer.key().keyId();
  }

  /** The Frontend API URL session tokens name as their issuer ({@code iss}). */
  public synchronized String frontendApiUrl() {
    return issuer.url();
  }

  /**
   * Names the Frontend API URL session tokens carry as {@code iss} from now on: an emulator sets
   * its own once it knows its port.
   *
   * @throws IllegalArgumentException when it is not an absolute http(s) URL
   */
  public synchronized void frontendApiUrl(String url) {
    issuer.url(url);
  }

  /**
   * Adds a user and returns its id ({@code user_...}).
   *
   * @throws IllegalArgumentException when it has no email, phone or username, one of them is taken,
   *     or it has no password
   */
  public synchronized String addUser(FakeUser user) {
    requireNonNull(user, "user");
    return users.add(user, clock.instant(), settings).id;
  }

  /** The users, in the order they were added. */
  public synchronized List<FakeUser> users() {
    return users.all().stream().map(u -> u.spec).toList();
  }

  /** The id of the user with this email, phone number or username. */
  public synchronized Optional<String> userId(String identifier) {
    return users.find(identifier).map(u -> u.id);
  }

  /** Everything sent so far, oldest first. */
  public synchronized List<OutboxMessage> outbox() {
    return outbox.all();
  }

  /** Everything sent to this email address or phone number, oldest first. */
  public synchronized List<OutboxMessage> outbox(String to) {
    return outbox.to(to);
  }

  /** The last code sent to this email address or phone number, if any. */
  public synchronized Optional<String> lastCodeSentTo(String to) {
    return outbox.lastCodeTo(to);
  }

  /** True when this user has had a session on the client this token belongs to. */
  public synchronized boolean isKnownDevice(String userId, String clientToken) {
    return clients.isKnown(userId, clientToken);
  }

  /** How many (user, client) pairs the fake keeps as known devices; for tests of its bounds. */
  synchronized int knownDeviceCount() {
    return clients.knownDeviceCount();
  }

  /**
   * The status of the sign-in with this id ({@code needs_client_trust}, {@code complete}, ...), as
   * the server holds it; empty when there is no such sign-in or it was abandoned (the server
   * answers 404 for it). A sign-in replaced by a newer one of its client keeps its status.
   */
  public synchronized Optional<String> signInStatus(String signInId) {
    requireNonNull(signInId, "signInId");
    SignInRecord s = signIns.get(signInId);
    return s == null || !s.openAt(clock.instant())
        ? Optional.empty()
        : Optional.of(s.status.wireName());
  }

  /**
   * The status of the session with this id ({@code active}, {@code pending}, {@code ended}, {@code
   * removed}), as the server holds it; empty when it has none (never made, or forgotten).
   */
  public synchronized Optional<String> sessionStatus(String sessionId) {
    requireNonNull(sessionId, "sessionId");
    SessionRecord s = sessions.get(sessionId);
    return s == null ? Optional.empty() : Optional.of(s.status.wireName());
  }

  /**
   * When a code or link was last sent for this sign-in, per strategy wire name; empty when nothing
   * was sent or there is no such sign-in. Test identities count: they are sent nothing, but the
   * server prepared a verification all the same.
   */
  public synchronized Map<String, Instant> lastSentAt(String signInId) {
    requireNonNull(signInId, "signInId");
    SignInRecord s = signIns.get(signInId);
    if (s == null) {
      return Map.of();
    }
    Map<String, Instant> byWireName = new HashMap<>();
    for (Map.Entry<Strategy, Instant> e : s.lastSent.entrySet()) {
      byWireName.put(e.getKey().wireName(), e.getValue());
    }
    return Map.copyOf(byWireName);
  }

  /**
   * How many codes and links the fake has sent (prepared) since it was built, test identities
   * included; the {@link #outbox()} has one message for each of the others.
   */
  public synchronized int sendCount() {
    return outbox.preparedCount();
  }

  /**
   * A summary of everything that decides how the fake will answer next, for telling states apart:
   * the session mode (single or multi-session); users' failed attempts, lockouts and used backup
   * codes; clients with their current sign-in, sessions and the users they are known to; sign-ins
   * with status, offered factors, verification, send times and lifetime; sessions; the outbox's
   * size; rate-limit windows; armed faults. Instants are written relative to the clock, in
   * milliseconds ({@code @+600000}, {@code @-31000}), so two states reached at different times but
   * otherwise alike read the same; ids are the fake's own (random) ids, listed in the order they
   * were made.
   *
   * <p>Holds no password, code, link token or client token. The format is for comparison only and
   * may change between versions.
   */
  public synchronized String stateDigest() {
    return digest.write(clock.instant(), settings.rateLimitWindow(), settings.singleSessionMode());
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
    faults.inject(operation, fault, trigger);
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
    clients.clear();
    signIns.clear();
    sessions.clear();
    outbox.clear();
    rateLimits.clear();
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
    return signInRules.visitLink(linkToken, settings);
  }

  // ---- the Frontend API -----------------------------------------------------------------------

  /** {@code GET /v1/client}: the caller's client, or {@code null}s when it has none. */
  public synchronized FapiResponse getClient(FapiRequest request) {
    return run(
        FapiOperation.GET_CLIENT,
        request,
        false,
        c -> answers.ok(c == null ? null : views.client(c), c));
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
        client -> signInRules.create(client, request, identifier, password, settings));
  }

  /** {@code GET /v1/client/sign_ins/{id}}: the caller's sign-in, read-only even if replaced. */
  public synchronized FapiResponse getSignIn(FapiRequest request, String signInId) {
    requireNonNull(signInId, "signInId");
    return run(
        FapiOperation.GET_SIGN_IN, request, false, client -> signInRules.get(client, signInId));
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
        client ->
            signInRules.prepare(client, signInId, strategy, destinationId, redirectUrl, settings));
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
        client -> signInRules.attempt(client, request, signInId, strategy, code, settings));
  }

  /** {@code POST /v1/client/sessions/{id}/touch}: makes the session the client's active one. */
  public synchronized FapiResponse touchSession(FapiRequest request, String sessionId) {
    return onSession(FapiOperation.TOUCH_SESSION, request, sessionId, sessionRules::touch);
  }

  /**
   * {@code POST /v1/client/sessions/{id}/tokens} without {@code organization_id}: a session JWT
   * ({@code sts} active or pending), signed RS256 with the instance's key ({@link #jwks()}).
   */
  public synchronized FapiResponse createSessionToken(FapiRequest request, String sessionId) {
    return createSessionToken(request, sessionId, Optional.empty());
  }

  /**
   * {@code POST /v1/client/sessions/{id}/tokens}: a session JWT for the caller's signed-in session,
   * with Clerk's header and claims (see {@link Views.TokenView}); {@code azp} is the request's
   * {@code Origin}, when it has one. The fake keeps no organizations: a non-empty {@code
   * organization_id} is answered 404.
   */
  public synchronized FapiResponse createSessionToken(
      FapiRequest request, String sessionId, Optional<String> organizationId) {
    requireNonNull(organizationId, "organizationId");
    return onSession(
        FapiOperation.CREATE_SESSION_TOKEN,
        request,
        sessionId,
        (client, session) -> sessionRules.token(client, session, request, organizationId, issuer));
  }

  /** {@code GET /v1/client/sessions/{id}}. */
  public synchronized FapiResponse getSession(FapiRequest request, String sessionId) {
    return onSession(FapiOperation.GET_SESSION, request, sessionId, sessionRules::get);
  }

  /** {@code POST /v1/client/sessions/{id}/end}: signs the session out; the client stays. */
  public synchronized FapiResponse endSession(FapiRequest request, String sessionId) {
    return onSession(FapiOperation.END_SESSION, request, sessionId, sessionRules::end);
  }

  /** {@code POST /v1/client/sessions/{id}/remove}. */
  public synchronized FapiResponse removeSession(FapiRequest request, String sessionId) {
    return onSession(FapiOperation.REMOVE_SESSION, request, sessionId, sessionRules::remove);
  }

  /** {@code DELETE /v1/client/sessions}: removes every session of the client, keeping it. */
  public synchronized FapiResponse removeSessions(FapiRequest request) {
    return run(FapiOperation.REMOVE_SESSIONS, request, false, sessionRules::removeAll);
  }

  // ---- running an operation -------------------------------------------------------------------

  /** Runs a session operation on the caller's live session with this id, else answers 404. */
  private FapiResponse onSession(
      FapiOperation op,
      FapiRequest request,
      String sessionId,
      BiFunction<ClientRecord, SessionRecord, FapiResponse> body) {
    requireNonNull(sessionId, "sessionId");
    return run(
        op,
        request,
        false,
        client -> {
          SessionRecord s = sessions.live(client, sessionId);
          return s == null
              ? answers.error(404, ClerkErrors.notFound("session"))
              : body.apply(client, s);
        });
  }

  /**
   * Finds the caller's client (or makes one, for operations that establish a client), applies an
   * injected fault, runs the operation, and sets the client token of the answer. The operation gets
   * the caller's client, or null when it has none.
   */
  private FapiResponse run(
      FapiOperation op,
      FapiRequest request,
      boolean establishesClient,
      Function<ClientRecord, FapiResponse> body) {
    requireNonNull(request, "request");
    Optional<FapiResponse> refused = edgeRefusal(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    Fault fault = faults.next(op).orElse(null);
    if (fault instanceof Fault.DropConnection) {
      return Answers.dropped();
    }
    ClientRecord client = clients.find(request.clientToken());
    // A fault that replaces the answer means the server did nothing: it establishes no client.
    boolean answerReplaced = fault != null && !(fault instanceof Fault.Latency);
    if (client == null && establishesClient && !answerReplaced) {
      client = clients.create();
    }
    FapiResponse response;
    if (fault instanceof Fault.ServerError e) {
      response = answers.error(e.status(), ClerkErrors.internal());
    } else if (fault instanceof Fault.TooManyRequests t) {
      response = answers.tooManyRequests(t.retryAfter());
    } else {
      response = body.apply(client);
    }
    Optional<String> token =
        client == null
            ? Optional.empty()
            : Optional.of(clients.tokenFor(client, settings.rotateClientTokens()));
    Duration latency = fault instanceof Fault.Latency l ? l.delay() : Duration.ZERO;
    return response.withClientToken(token).withLatency(latency);
  }

  @Override
  public synchronized String toString() {
    return "FakeClerk[" + users.size() + " users, " + clients.size() + " clients, " + clock + "]";
  }

  /** Builds a {@link FakeClerk}. */
  public static final class Builder {
    private FakeClock clock = FakeClock.standard();
    private Random random = new Random(0);
    private FakeSettings settings = FakeSettings.defaults();
    private int maxClients = DEFAULT_MAX_CLIENTS;
    private long signingKeySeed;
    private String frontendApiUrl = DEFAULT_FRONTEND_API_URL;
    private SecretKey secretKey;

    private Builder() {}

    /**
     * The seed the instance's RS256 key for session tokens is made from (default 0): the same seed
     * gives the same key and {@code kid}, so tokens verify the same way every run. The key is a
     * test key: anyone with the seed can make it.
     */
    public Builder signingKeySeed(long seed) {
      this.signingKeySeed = seed;
      return this;
    }

    /**
     * The Frontend API URL session tokens name as their issuer, {@code iss} (default {@value
     * FakeClerk#DEFAULT_FRONTEND_API_URL}).
     *
     * @throws IllegalArgumentException when it is not an absolute http(s) URL
     */
    public Builder frontendApiUrl(String url) {
      this.frontendApiUrl = TokenIssuer.checkedUrl(url);
      return this;
    }

    /**
     * The instance's secret key ({@code sk_test_...} or {@code sk_live_...}; default none), which
     * proxy requests must carry in {@code Clerk-Secret-Key}. Clerk's development instances do not
     * take proxied requests; the fake takes them with either kind of key (docs/emulator.md).
     *
     * @throws IllegalArgumentException when it is not in a secret key's format; the message does
     *     not repeat it
     */
    public Builder secretKey(String key) {
      this.secretKey = SecretKey.of(key);
      return this;
    }

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
