package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.engine.spi.VerificationCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A minimal in-memory Clerk FAPI server and its adapter in one: just enough of {@code
 * fapi-protocol.md} §6.4 and §11 to show that {@link SignInGatewayContract} can pass, and (wrapped
 * in broken variants) that it can fail. It is not {@code FakeClerk}: no rate limits, lockout, email
 * links, phone numbers, backup codes or fault kinds other than a 503.
 *
 * <p>What it models: users with a password, a verified email and optionally a TOTP secret; one
 * client per token, tokens shaped like JWTs; one current sign-in per client, replaced by the next
 * create; Client Trust (a user's first session on a client makes the client known to that user);
 * codes with a 10-minute expiry, a 30-second resend cooldown and 3 wrong attempts; sessions, {@code
 * active} or {@code pending} with the instance's tasks, ended, removed, with 60-second session
 * tokens (JWT-shaped, with a random signature); single-session mode ({@code session_exists}) or
 * multi-session mode ({@code identifier_already_signed_in}); an outbox of sent codes.
 *
 * <p>Time comes from the injected clock and every id, token and code from the injected random
 * source, so a seeded run is repeatable. Thread-safe: every method is synchronized.
 */
final class ReferenceGateway implements SignInGateway {
  static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  static final Duration RESEND_COOLDOWN = Duration.ofSeconds(30);
  static final Duration SIGN_IN_LIFETIME = Duration.ofHours(24);
  static final int WRONG_CODES_ALLOWED = 3;

  /**
   * The instance's settings.
   *
   * @param legacyClientTrustShape answer Client Trust with {@code needs_second_factor} and {@code
   *     client_trust_state=new}
   * @param sessionTasks the tasks every new session starts with; empty for {@code active}
   * @param singleSessionMode one signed-in session per client, as Clerk's default
   */
  record Settings(
      boolean legacyClientTrustShape, List<SessionTask> sessionTasks, boolean singleSessionMode) {
    static final Settings DEFAULTS = new Settings(false, List.of(), true);

    Settings {
      sessionTasks = List.copyOf(sessionTasks);
    }
  }

  private static final class UserRecord {
    final String id;
    final String email;
    final String emailId;
    final byte[] passwordDigest;
    final Optional<byte[]> totpSecret;

    UserRecord(
        String id, String email, String emailId, byte[] passwordDigest, Optional<byte[]> totp) {
      this.id = id;
      this.email = email;
      this.emailId = emailId;
      this.passwordDigest = passwordDigest;
      this.totpSecret = totp;
    }
  }

  private static final class ClientRecord {
    final String id;
    final ClientToken token;
    final Set<String> knownUserIds = new HashSet<>();
    final List<SessionRecord> sessions = new ArrayList<>();
    SignInRecord currentSignIn;
    String lastActiveSessionId;

    ClientRecord(String id, ClientToken token) {
      this.id = id;
      this.token = token;
    }
  }

  private static final class VerificationRecord {
    final Strategy strategy;
    final String code;
    final Instant sentAt;
    final Optional<Instant> expireAt;
    VerificationStatus status = VerificationStatus.UNVERIFIED;
    int attempts;

    VerificationRecord(Strategy strategy, String code, Instant sentAt, Optional<Instant> expireAt) {
      this.strategy = strategy;
      this.code = code;
      this.sentAt = sentAt;
      this.expireAt = expireAt;
    }
  }

  private static final class SignInRecord {
    final String id;
    final ClientRecord client;
    final UserRecord user;
    final Instant abandonAt;
    SignInStatus status;
    ClientTrustState trustState;
    List<Factor> factors = List.of();
    VerificationRecord verification;
    String createdSessionId;
    boolean replaced;

    SignInRecord(String id, ClientRecord client, UserRecord user, Instant abandonAt) {
      this.id = id;
      this.client = client;
      this.user = user;
      this.abandonAt = abandonAt;
    }
  }

  private static final class SessionRecord {
    final String id;
    final ClientRecord client;
    final UserRecord user;
    final List<SessionTask> tasks;
    SessionStatus status;

    SessionRecord(String id, ClientRecord client, UserRecord user, List<SessionTask> tasks) {
      this.id = id;
      this.client = client;
      this.user = user;
      this.tasks = tasks;
      this.status = tasks.isEmpty() ? SessionStatus.ACTIVE : SessionStatus.PENDING;
    }

    boolean signedIn() {
      return status == SessionStatus.ACTIVE || status == SessionStatus.PENDING;
    }

    Session view() {
      return Session.of(id, user.id, status, status == SessionStatus.PENDING ? tasks : List.of());
    }
  }

  static final Duration TOKEN_LIFETIME = Duration.ofSeconds(60);

  private final Clock clock;
  private final Random random;
  private final Settings settings;
  private final Map<String, UserRecord> usersByEmail = new HashMap<>();
  private final Map<ClientToken, ClientRecord> clientsByToken = new HashMap<>();
  private final Map<String, SignInRecord> signIns = new HashMap<>();
  private final Map<String, SessionRecord> sessions = new HashMap<>();
  private final Map<String, List<String>> outbox = new HashMap<>();
  private boolean failNextRequest;

  /**
   * A server with no users.
   *
   * @param clock the server's time
   * @param random the source of every id, token and code; pass a seeded one
   */
  ReferenceGateway(Clock clock, Random random, Settings settings) {
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
    this.settings = requireNonNull(settings, "settings");
  }

  // ---- the server's control side, for ReferenceWorld

  synchronized void addUser(String email, String password, Optional<byte[]> totpSecret) {
    if (usersByEmail.containsKey(email)) {
      throw new IllegalArgumentException("a user with this email exists: " + email);
    }
    usersByEmail.put(
        email,
        new UserRecord(
            newId("user_"), email, newId("idn_"), digest(password), totpSecret.map(byte[]::clone)));
  }

  synchronized Optional<String> lastCodeSentTo(String address) {
    List<String> sent = outbox.getOrDefault(address, List.of());
    return sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(sent.size() - 1));
  }

  synchronized void failNextRequest() {
    failNextRequest = true;
  }

  Instant now() {
    return clock.instant();
  }

  Settings settings() {
    return settings;
  }

  // ---- the port

  @Override
  public synchronized GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password) {
    requireNonNull(identifier, "identifier");
    requireNonNull(password, "password");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientFor(clientToken);
    if (settings.singleSessionMode()
        && client.sessions.stream().anyMatch(SessionRecord::signedIn)) {
      return reject(client, 400, "session_exists", "You're already signed in.", null);
    }
    UserRecord user = usersByEmail.get(identifier.value());
    if (user == null) {
      return reject(
          client, 422, "form_identifier_not_found", "Couldn't find your account.", "identifier");
    }
    Optional<SessionRecord> own =
        client.sessions.stream().filter(x -> x.signedIn() && x.user == user).findFirst();
    if (own.isPresent()) {
      return new GatewayResult.Rejected<>(
          400,
          List.of(
              new ClerkError(
                  "identifier_already_signed_in",
                  "You're already signed in",
                  "You're already signed in",
                  Map.of("session_id", own.get().id),
                  Optional.of("trace_" + hex(8)))),
          Optional.of(client.token));
    }
    if (!MessageDigest.isEqual(user.passwordDigest, digest(password.reveal()))) {
      return reject(
          client,
          422,
          "form_password_incorrect",
          "Password is incorrect. Try again, or use another method.",
          "password");
    }
    SignInRecord s =
        new SignInRecord(newId("sia_"), client, user, clock.instant().plus(SIGN_IN_LIFETIME));
    if (client.currentSignIn != null) {
      client.currentSignIn.replaced = true;
    }
    client.currentSignIn = s;
    signIns.put(s.id, s);
    boolean known = client.knownUserIds.contains(user.id);
    s.trustState = known ? ClientTrustState.KNOWN : ClientTrustState.NEW;
    if (user.totpSecret.isPresent()) {
      s.status = SignInStatus.NEEDS_SECOND_FACTOR;
      s.factors = List.of(Factor.of(Strategy.TOTP));
    } else if (!known) {
      s.status =
          settings.legacyClientTrustShape()
              ? SignInStatus.NEEDS_SECOND_FACTOR
              : SignInStatus.NEEDS_CLIENT_TRUST;
      s.factors = List.of(Factor.of(Strategy.EMAIL_CODE, user.emailId, mask(user.email)));
    } else {
      complete(s);
    }
    return ok(client, view(s));
  }

  @Override
  public synchronized GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    requireNonNull(signInId, "signInId");
    requireNonNull(factor, "factor");
    requireNonNull(redirectUrl, "redirectUrl");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientFor(clientToken);
    SignInRecord s = signIns.get(signInId);
    Optional<GatewayResult<SignIn>> refused = refuseMutation(client, s);
    if (refused.isPresent()) {
      return refused.get();
    }
    Optional<Factor> offered = offered(s, factor.strategy());
    if (!challenged(s)
        || offered.isEmpty()
        || !factor.strategy().isDelivered()
        || !offered.get().id().equals(factor.id())) {
      return strategyInvalid(client);
    }
    Instant now = clock.instant();
    VerificationRecord previous = s.verification;
    if (previous != null
        && previous.strategy == factor.strategy()
        && now.isBefore(previous.sentAt.plus(RESEND_COOLDOWN))) {
      return new GatewayResult.RateLimited<>(
          previous.sentAt.plus(RESEND_COOLDOWN),
          List.of(
              error(
                  "verification_code_too_many_requests",
                  "Please wait at least 30 seconds to receive your code before trying again.",
                  Optional.empty())),
          Optional.of(client.token));
    }
    String code = sixDigits();
    s.verification =
        new VerificationRecord(factor.strategy(), code, now, Optional.of(now.plus(CODE_LIFETIME)));
    outbox.computeIfAbsent(s.user.email, k -> new ArrayList<>()).add(code);
    return ok(client, view(s));
  }

  @Override
  public synchronized GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    requireNonNull(signInId, "signInId");
    requireNonNull(strategy, "strategy");
    requireNonNull(code, "code");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientFor(clientToken);
    SignInRecord s = signIns.get(signInId);
    Optional<GatewayResult<SignIn>> refused = refuseMutation(client, s);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (s.status == SignInStatus.COMPLETE) {
      return reject(
          client,
          400,
          "verification_already_verified",
          "This verification has already been verified.",
          null);
    }
    if (!challenged(s) || offered(s, strategy).isEmpty()) {
      return strategyInvalid(client);
    }
    if (strategy == Strategy.TOTP) {
      return attemptTotp(client, s, code);
    }
    VerificationRecord v = s.verification;
    if (v == null || v.strategy != strategy) {
      return reject(
          client,
          400,
          "verification_missing",
          "This strategy requires verification preparation before attempting.",
          null);
    }
    if (v.status == VerificationStatus.FAILED || v.attempts >= WRONG_CODES_ALLOWED) {
      v.status = VerificationStatus.FAILED;
      return reject(
          client,
          400,
          "verification_failed",
          "Too many failed attempts. You have to try again with the same or another method.",
          null);
    }
    if (!clock.instant().isBefore(v.expireAt.orElseThrow())) {
      v.status = VerificationStatus.EXPIRED;
      return reject(
          client,
          400,
          "verification_expired",
          "This verification has expired. You must create a new one.",
          null);
    }
    v.attempts++;
    if (!MessageDigest.isEqual(bytes(v.code), bytes(code.reveal()))) {
      return reject(client, 422, "form_code_incorrect", "Incorrect code", "code");
    }
    v.status = VerificationStatus.VERIFIED;
    complete(s);
    return ok(client, view(s));
  }

  @Override
  public synchronized GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    requireNonNull(signInId, "signInId");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientFor(clientToken);
    SignInRecord s = signIns.get(signInId);
    if (!visible(client, s)) {
      return notFound(client);
    }
    return ok(client, view(s));
  }

  @Override
  public synchronized GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    requireNonNull(sessionId, "sessionId");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientFor(clientToken);
    SessionRecord session = liveSession(client, sessionId);
    if (session == null) {
      return notFound(client);
    }
    client.lastActiveSessionId = session.id;
    return ok(client, session.view());
  }

  @Override
  public synchronized GatewayResult<Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    requireNonNull(clientToken, "clientToken");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientToken.map(clientsByToken::get).orElse(null);
    return client == null
        ? new GatewayResult.Success<>(Client.none(), Optional.empty())
        : ok(client, clientView(client));
  }

  @Override
  public synchronized GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    requireNonNull(sessionId, "sessionId");
    requireNonNull(organizationId, "organizationId");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientFor(clientToken);
    SessionRecord session = liveSession(client, sessionId);
    if (session == null) {
      return notFound(client);
    }
    long iat = clock.instant().getEpochSecond();
    String claims =
        "{\"sid\":\""
            + session.id
            + "\",\"sub\":\""
            + session.user.id
            + "\",\"iat\":"
            + iat
            + ",\"exp\":"
            + (iat + TOKEN_LIFETIME.toSeconds())
            + "}";
    return ok(client, SessionToken.of(jwtShaped(claims)));
  }

  @Override
  public synchronized GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return close(clientToken, sessionId, SessionStatus.ENDED);
  }

  @Override
  public synchronized GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return close(clientToken, sessionId, SessionStatus.REMOVED);
  }

  @Override
  public synchronized GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    requireNonNull(clientToken, "clientToken");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientToken.map(clientsByToken::get).orElse(null);
    if (client == null) {
      return new GatewayResult.Rejected<>(
          404,
          List.of(error("resource_not_found", "Client not found", Optional.empty())),
          Optional.empty());
    }
    for (SessionRecord x : client.sessions) {
      if (x.signedIn()) {
        x.status = SessionStatus.REMOVED;
      }
    }
    client.lastActiveSessionId = null;
    return ok(client, clientView(client));
  }

  private GatewayResult<Session> close(
      Optional<ClientToken> clientToken, String sessionId, SessionStatus to) {
    requireNonNull(sessionId, "sessionId");
    if (consumeFault()) {
      return unavailable();
    }
    ClientRecord client = clientFor(clientToken);
    SessionRecord session = liveSession(client, sessionId);
    if (session == null) {
      return notFound(client);
    }
    session.status = to;
    if (session.id.equals(client.lastActiveSessionId)) {
      client.lastActiveSessionId = null;
    }
    return ok(client, session.view());
  }

  /** The client's signed-in session with this id, or null. */
  private SessionRecord liveSession(ClientRecord client, String sessionId) {
    SessionRecord session = sessions.get(sessionId);
    return session == null || session.client != client || !session.signedIn() ? null : session;
  }

  /** The client with its sessions; removed ones are gone, ended ones stay listed. */
  private Client clientView(ClientRecord client) {
    List<ClientSession> listed = new ArrayList<>();
    for (SessionRecord x : client.sessions) {
      if (x.status != SessionStatus.REMOVED) {
        listed.add(new ClientSession(x.view(), List.of(x.user.email)));
      }
    }
    return new Client(
        Optional.of(client.id), listed, Optional.ofNullable(client.lastActiveSessionId));
  }

  // ---- server rules

  private GatewayResult<SignIn> attemptTotp(
      ClientRecord client, SignInRecord s, VerificationCode code) {
    byte[] secret = s.user.totpSecret.orElseThrow();
    long step = Math.floorDiv(clock.instant().getEpochSecond(), Totp.STEP_SECONDS);
    // One step of drift either way, as authenticator servers usually allow (RFC 6238 §5.2).
    boolean right = false;
    for (long d = -1; d <= 1; d++) {
      right |=
          MessageDigest.isEqual(
              bytes(Totp.forStep(secret, step + d, Totp.DIGITS)), bytes(code.reveal()));
    }
    if (!right) {
      return reject(client, 422, "form_code_incorrect", "Incorrect code", "code");
    }
    s.verification = new VerificationRecord(Strategy.TOTP, "", clock.instant(), Optional.empty());
    s.verification.attempts = 1;
    s.verification.status = VerificationStatus.VERIFIED;
    complete(s);
    return ok(client, view(s));
  }

  private void complete(SignInRecord s) {
    SessionRecord session =
        new SessionRecord(newId("sess_"), s.client, s.user, settings.sessionTasks());
    sessions.put(session.id, session);
    s.client.sessions.add(session);
    s.status = SignInStatus.COMPLETE;
    s.createdSessionId = session.id;
    s.client.knownUserIds.add(s.user.id);
    s.client.lastActiveSessionId = session.id;
  }

  private boolean visible(ClientRecord client, SignInRecord s) {
    return s != null && s.client == client && clock.instant().isBefore(s.abandonAt);
  }

  private Optional<GatewayResult<SignIn>> refuseMutation(ClientRecord client, SignInRecord s) {
    if (!visible(client, s)) {
      return Optional.of(notFound(client));
    }
    if (s.replaced) {
      return Optional.of(
          reject(
              client,
              403,
              "resource_forbidden",
              "Update operations are not allowed on older sign ins.",
              null));
    }
    return Optional.empty();
  }

  private static boolean challenged(SignInRecord s) {
    return s.status == SignInStatus.NEEDS_SECOND_FACTOR
        || s.status == SignInStatus.NEEDS_CLIENT_TRUST;
  }

  private static Optional<Factor> offered(SignInRecord s, Strategy strategy) {
    return s.factors.stream().filter(f -> f.strategy() == strategy).findFirst();
  }

  private SignIn view(SignInRecord s) {
    SignIn v =
        SignIn.of(s.id, s.status).withClientTrustState(s.trustState).withSecondFactors(s.factors);
    if (s.verification != null) {
      VerificationRecord r = s.verification;
      v = v.withVerification(new Verification(r.status, r.strategy, r.attempts, r.expireAt));
    }
    return s.createdSessionId == null ? v : v.withCreatedSessionId(s.createdSessionId);
  }

  private ClientRecord clientFor(Optional<ClientToken> token) {
    requireNonNull(token, "clientToken");
    // A request without a token, or with one this server never issued, establishes a new client.
    ClientRecord known = token.map(clientsByToken::get).orElse(null);
    if (known != null) {
      return known;
    }
    String id = newId("client_");
    ClientToken issued = ClientToken.of(jwtShapedToken(id));
    ClientRecord client = new ClientRecord(id, issued);
    clientsByToken.put(issued, client);
    return client;
  }

  private boolean consumeFault() {
    boolean fail = failNextRequest;
    failNextRequest = false;
    return fail;
  }

  // ---- answers

  private static <T> GatewayResult<T> ok(ClientRecord client, T value) {
    return new GatewayResult.Success<>(value, Optional.of(client.token));
  }

  private <T> GatewayResult<T> reject(
      ClientRecord client, int http, String code, String longMessage, String paramName) {
    return new GatewayResult.Rejected<>(
        http,
        List.of(error(code, longMessage, Optional.ofNullable(paramName))),
        Optional.of(client.token));
  }

  private <T> GatewayResult<T> notFound(ClientRecord client) {
    return reject(client, 404, "resource_not_found", "Resource not found", null);
  }

  private <T> GatewayResult<T> strategyInvalid(ClientRecord client) {
    return reject(
        client,
        400,
        "verification_strategy_invalid",
        "The verification strategy is not valid for this sign in.",
        "strategy");
  }

  private ClerkError error(String code, String longMessage, Optional<String> paramName) {
    return new ClerkError(
        code,
        longMessage,
        longMessage,
        paramName.map(p -> Map.of("param_name", p)).orElse(Map.of()),
        Optional.of("trace_" + hex(8)));
  }

  private static <T> GatewayResult<T> unavailable() {
    return new GatewayResult.Unavailable<>(
        "HTTP 503 from the reference server (injected)", Optional.empty(), Optional.empty());
  }

  // ---- ids, tokens, codes

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private String newId(String prefix) {
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < 27; i++) {
      b.append(BASE62.charAt(random.nextInt(BASE62.length())));
    }
    return b.toString();
  }

  private String jwtShapedToken(String clientId) {
    return jwtShaped(
        "{\"id\":\""
            + clientId
            + "\",\"rotating_token\":\""
            + hex(20)
            + "\",\"iss\":\"reference\"}");
  }

  /** A JWT's compact form with these claims and a random signature nobody checks. */
  private String jwtShaped(String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    byte[] signature = new byte[64];
    random.nextBytes(signature);
    return b64.encodeToString(bytes(header))
        + "."
        + b64.encodeToString(bytes(payload))
        + "."
        + b64.encodeToString(signature);
  }

  private String sixDigits() {
    return String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
  }

  private String hex(int byteCount) {
    byte[] b = new byte[byteCount];
    random.nextBytes(b);
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format(Locale.ROOT, "%02x", x));
    }
    return s.toString();
  }

  private static String mask(String email) {
    int at = email.indexOf('@');
    return email.charAt(0) + "***" + email.substring(at);
  }

  private static byte[] digest(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes(password));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
