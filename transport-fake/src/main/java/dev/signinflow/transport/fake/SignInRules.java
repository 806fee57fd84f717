package dev.signinflow.transport.fake;

import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.transport.fake.FakeClerk.LinkVisit;
import dev.signinflow.transport.fake.RandomValues.IdKind;
import dev.signinflow.transport.fake.Views.FactorView;
import dev.signinflow.transport.fake.Wire.Param;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The sign-in rules of {@code fapi-protocol.md} (§4.2 errors, §5 resend and limits, §6.4 and §11
 * Client Trust): creating a sign-in with a password, reading it, preparing and attempting a second
 * factor, and visiting an email link. A sign-in that completes opens a session on its client, and
 * the client becomes known to its user.
 *
 * <p>Each operation takes the caller's client (null when it has none) and the instance's settings
 * now, and returns its answer. Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class SignInRules {
  private final FakeClock clock;
  private final RandomValues random;
  private final Users users;
  private final Clients clients;
  private final SignIns signIns;
  private final Sessions sessions;
  private final Outbox outbox;
  private final RateLimits rateLimits;
  private final ProxyRules proxyRules;
  private final RecordViews views;
  private final Answers answers;

  SignInRules(
      FakeClock clock,
      RandomValues random,
      Users users,
      Clients clients,
      SignIns signIns,
      Sessions sessions,
      Outbox outbox,
      RateLimits rateLimits,
      ProxyRules proxyRules,
      RecordViews views,
      Answers answers) {
    this.clock = clock;
    this.random = random;
    this.users = users;
    this.clients = clients;
    this.signIns = signIns;
    this.sessions = sessions;
    this.outbox = outbox;
    this.rateLimits = rateLimits;
    this.proxyRules = proxyRules;
    this.views = views;
    this.answers = answers;
  }

  /** {@code POST /v1/client/sign_ins}: checks the password and starts a sign-in on the client. */
  FapiResponse create(
      ClientRecord client,
      FapiRequest request,
      String identifier,
      String password,
      FakeSettings settings) {
    Optional<FapiResponse> limited =
        limited(RateLimits.Kind.CREATE, request, settings.createLimit(), settings);
    if (limited.isPresent()) {
      return limited.get();
    }
    List<FapiError> missing = new ArrayList<>();
    if (identifier.isBlank()) {
      missing.add(ClerkErrors.missing(Param.IDENTIFIER));
    }
    if (password.isEmpty()) {
      missing.add(ClerkErrors.missing(Param.PASSWORD));
    }
    if (!missing.isEmpty()) {
      return answers.error(422, missing);
    }
    // Clerk refuses a signed-in client before it looks at the identifier or the password
    // (clerk-js meets both codes on identifier-only creates): clerk-research §4.
    List<SessionRecord> signedIn = sessions.signedIn(client);
    if (settings.singleSessionMode() && !signedIn.isEmpty()) {
      return answers.error(400, ClerkErrors.sessionExists());
    }
    Optional<UserRecord> found = users.find(identifier);
    if (found.isEmpty()) {
      return answers.error(
          422,
          settings.identifierEnumerationProtection()
              ? ClerkErrors.passwordOrIdentifierIncorrect()
              : ClerkErrors.identifierNotFound());
    }
    UserRecord user = found.get();
    Optional<SessionRecord> own =
        signedIn.stream().filter(x -> x.userId.equals(user.id)).findFirst();
    if (own.isPresent()) {
      return answers.error(400, ClerkErrors.identifierAlreadySignedIn(own.get().id));
    }
    Optional<FapiResponse> locked = lockedOut(user);
    if (locked.isPresent()) {
      return locked.get();
    }
    if (!user.passwordIs(password)) {
      user.failed(clock.instant(), settings);
      return answers.error(
          422,
          settings.identifierEnumerationProtection()
              ? ClerkErrors.passwordOrIdentifierIncorrect()
              : ClerkErrors.passwordIncorrect());
    }
    user.failures = 0;
    SignInRecord s = start(client, user, user.identifierAsTyped(identifier.strip()), settings);
    return answers.ok(views.signIn(s), client);
  }

  /** {@code GET /v1/client/sign_ins/{id}}: the caller's sign-in, read-only even if replaced. */
  FapiResponse get(ClientRecord client, String signInId) {
    SignInRecord s = signInOf(client, signInId);
    return s == null
        ? answers.error(404, ClerkErrors.notFound("sign in"))
        : answers.ok(views.signIn(s), client);
  }

  /** {@code POST .../prepare_second_factor}: sends a code or a link for an offered factor. */
  FapiResponse prepare(
      ClientRecord client,
      String signInId,
      String strategyName,
      Optional<String> destinationId,
      Optional<String> redirectUrl,
      FakeSettings settings) {
    SignInRecord s = signInOf(client, signInId);
    Optional<FapiResponse> refused = mutable(s);
    if (refused.isPresent()) {
      return refused.get();
    }
    Strategy strategy = Strategy.fromWireName(strategyName);
    Optional<FactorView> factor = offered(s, strategy);
    if (factor.isEmpty() || !strategy.isDelivered()) {
      return answers.error(400, ClerkErrors.strategyInvalid(Param.STRATEGY));
    }
    boolean byEmail = factor.get().emailAddressId() != null;
    String destination = byEmail ? factor.get().emailAddressId() : factor.get().phoneNumberId();
    if (destinationId.isPresent() && !destinationId.get().equals(destination)) {
      String param = byEmail ? Param.EMAIL_ADDRESS_ID : Param.PHONE_NUMBER_ID;
      return answers.error(400, ClerkErrors.strategyInvalid(param));
    }
    if (strategy == Strategy.EMAIL_LINK && redirectUrl.filter(u -> !u.isBlank()).isEmpty()) {
      return answers.error(422, ClerkErrors.missing(Param.REDIRECT_URL));
    }
    Instant now = clock.instant();
    Instant last = s.lastSent.get(strategy);
    if (last != null && now.isBefore(last.plus(settings.resendCooldown()))) {
      Duration left = Duration.between(now, last.plus(settings.resendCooldown()));
      return answers.rateLimited(ClerkErrors.codeTooManyRequests(), left);
    }
    send(s, strategy, settings);
    return answers.ok(views.signIn(s), client);
  }

  /** {@code POST .../attempt_second_factor}: checks a code for an offered factor. */
  FapiResponse attempt(
      ClientRecord client,
      FapiRequest request,
      String signInId,
      String strategyName,
      String code,
      FakeSettings settings) {
    Strategy strategy = Strategy.fromWireName(strategyName);
    SignInRecord s = signInOf(client, signInId);
    if (s != null
        && s.status == SignInStatus.COMPLETE
        && s.verification != null
        && s.verification.strategy == strategy
        && !s.replaced) {
      return answers.error(400, ClerkErrors.alreadyVerified());
    }
    Optional<FapiResponse> refused = mutable(s);
    if (refused.isPresent()) {
      return refused.get();
    }
    Optional<FapiResponse> limited =
        limited(RateLimits.Kind.ATTEMPT, request, settings.attemptLimit(), settings);
    if (limited.isPresent()) {
      return limited.get();
    }
    if (offered(s, strategy).isEmpty() || strategy == Strategy.EMAIL_LINK) {
      return answers.error(400, ClerkErrors.strategyInvalid(Param.STRATEGY));
    }
    UserRecord user = users.get(s.userId);
    Optional<FapiResponse> locked = lockedOut(user);
    if (locked.isPresent()) {
      return locked.get();
    }
    if (code.isBlank()) {
      return answers.error(422, ClerkErrors.missing(Param.CODE));
    }
    return switch (strategy) {
      case TOTP -> attemptTotp(client, s, user, code, settings);
      case BACKUP_CODE -> attemptBackupCode(client, s, user, code, settings);
      default -> attemptSentCode(client, s, user, strategy, code, settings);
    };
  }

  /**
   * An email link's visit, as the user's click: a good link verifies its verification and completes
   * its sign-in, with a session on the sign-in's client.
   */
  LinkVisit visitLink(String linkToken, FakeSettings settings) {
    Instant now = clock.instant();
    for (SignInRecord s : signIns.all()) {
      VerificationRecord v = s.verification;
      if (v != null && linkToken.equals(v.linkToken)) {
        if (v.status != VerificationStatus.UNVERIFIED || !s.openAt(now)) {
          return LinkVisit.UNKNOWN;
        }
        if (s.replaced) {
          // A newer sign-in of the client replaced this one: it is read-only (§5.2), its link
          // stale.
          return LinkVisit.EXPIRED;
        }
        if (!now.isBefore(v.expireAt)) {
          v.status = VerificationStatus.EXPIRED;
          return LinkVisit.EXPIRED;
        }
        v.status = VerificationStatus.VERIFIED;
        complete(s, settings);
        return LinkVisit.VERIFIED;
      }
      if (v != null && s.oldLinkTokens.contains(linkToken)) {
        return LinkVisit.EXPIRED;
      }
    }
    return LinkVisit.UNKNOWN;
  }

  // ---- the rules ------------------------------------------------------------------------------

  /**
   * §6.4: MFA first; else Client Trust's one factor on a device the user is not known to; else
   * complete.
   */
  private SignInRecord start(
      ClientRecord client, UserRecord user, String identifier, FakeSettings settings) {
    Instant now = clock.instant();
    SignInRecord s =
        new SignInRecord(
            random.id(IdKind.SIGN_IN),
            client.id,
            user.id,
            identifier,
            now.plus(settings.signInLifetime()));
    signIns.add(s, client);
    client.updatedAt = now;

    boolean known = clients.isKnown(user.id, client);
    List<FactorView> mfa = Factors.mfa(user, settings);
    if (settings.clientTrust()) {
      s.clientTrustState = known ? ClientTrustState.KNOWN : ClientTrustState.NEW;
    }
    if (!mfa.isEmpty()) {
      s.status = SignInStatus.NEEDS_SECOND_FACTOR;
      s.secondFactors = mfa;
      return s;
    }
    Optional<List<FactorView>> trust =
        known || !settings.clientTrust() ? Optional.empty() : Factors.trust(user, settings);
    if (trust.isPresent()) {
      s.status =
          settings.legacyClientTrustShape()
              ? SignInStatus.NEEDS_SECOND_FACTOR
              : SignInStatus.NEEDS_CLIENT_TRUST;
      s.secondFactors = trust.get();
      return s;
    }
    complete(s, settings);
    return s;
  }

  /** A new verification with a new code or link; the one before stops working (§11). */
  private void send(SignInRecord s, Strategy strategy, FakeSettings settings) {
    FakeUser user = users.get(s.userId).spec;
    String to =
        strategy == Strategy.PHONE_CODE ? user.phone().orElseThrow() : user.email().orElseThrow();
    Instant now = clock.instant();
    VerificationRecord v = new VerificationRecord(strategy, now.plus(settings.codeLifetime()));
    boolean test = settings.testIdentities() && Identifiers.isTestIdentity(to);
    if (s.verification != null && s.verification.linkToken != null) {
      if (s.oldLinkTokens.isEmpty()) {
        s.oldLinkTokens = new HashSet<>();
      }
      s.oldLinkTokens.add(s.verification.linkToken);
    }
    OutboxMessage message;
    if (strategy == Strategy.EMAIL_LINK) {
      v.linkToken = random.id(IdKind.BARE);
      message =
          new OutboxMessage(
              to, strategy.wireName(), s.id, Optional.empty(), Optional.of(v.linkToken), now);
    } else {
      v.code = test ? FakeClerk.TEST_CODE : random.sixDigits();
      message =
          new OutboxMessage(
              to, strategy.wireName(), s.id, Optional.of(v.code), Optional.empty(), now);
    }
    // Test identities are sent nothing, but the server prepared a verification all the same.
    outbox.prepared(message, !test);
    s.verification = v;
    s.sent(strategy, now);
  }

  private FapiResponse attemptSentCode(
      ClientRecord client,
      SignInRecord s,
      UserRecord user,
      Strategy strategy,
      String code,
      FakeSettings settings) {
    VerificationRecord v = s.verification;
    if (v == null || v.strategy != strategy) {
      return answers.error(400, ClerkErrors.verificationMissing());
    }
    if (v.status == VerificationStatus.EXPIRED || !clock.instant().isBefore(v.expireAt)) {
      v.status = VerificationStatus.EXPIRED;
      return answers.error(400, ClerkErrors.verificationExpired());
    }
    if (v.status == VerificationStatus.FAILED || v.attempts >= settings.wrongCodesAllowed()) {
      v.status = VerificationStatus.FAILED;
      return answers.error(400, ClerkErrors.verificationFailed());
    }
    v.attempts++;
    if (!MessageDigest.isEqual(
        v.code.getBytes(StandardCharsets.UTF_8), code.getBytes(StandardCharsets.UTF_8))) {
      return wrongCode(user, settings);
    }
    return verified(client, s, user, v, settings);
  }

  private FapiResponse attemptTotp(
      ClientRecord client, SignInRecord s, UserRecord user, String code, FakeSettings settings) {
    VerificationRecord v = new VerificationRecord(Strategy.TOTP, null);
    v.attempts =
        s.verification != null && s.verification.strategy == Strategy.TOTP
            ? s.verification.attempts + 1
            : 1;
    s.verification = v;
    if (!Totp.matches(user.spec.totpSecret().orElseThrow(), code, clock.instant())) {
      return wrongCode(user, settings);
    }
    return verified(client, s, user, v, settings);
  }

  private FapiResponse attemptBackupCode(
      ClientRecord client, SignInRecord s, UserRecord user, String code, FakeSettings settings) {
    VerificationRecord v = new VerificationRecord(Strategy.BACKUP_CODE, null);
    v.attempts = 1;
    s.verification = v;
    Optional<String> match = user.unusedBackupCode(code);
    if (match.isEmpty()) {
      return wrongCode(user, settings);
    }
    user.usedBackupCodes.add(match.get());
    return verified(client, s, user, v, settings);
  }

  /** A wrong code counts towards the user's lockout. */
  private FapiResponse wrongCode(UserRecord user, FakeSettings settings) {
    user.failed(clock.instant(), settings);
    return answers.error(422, ClerkErrors.codeIncorrect());
  }

  /** A right code: the verification is verified, the user's failures forgiven, the sign-in done. */
  private FapiResponse verified(
      ClientRecord client,
      SignInRecord s,
      UserRecord user,
      VerificationRecord v,
      FakeSettings settings) {
    v.status = VerificationStatus.VERIFIED;
    user.failures = 0;
    complete(s, settings);
    return answers.ok(views.signIn(s), client);
  }

  /** The sign-in is complete: a session for the user on the sign-in's client, now known to it. */
  private void complete(SignInRecord s, FakeSettings settings) {
    ClientRecord client = clients.get(s.clientId);
    SessionRecord session =
        sessions.open(client, s.userId, settings.sessionTasks(), clock.instant());
    if (s.verification != null && s.verification.status == VerificationStatus.VERIFIED) {
      session.secondFactorAt = clock.instant();
    }
    clients.markKnown(s.userId, client);
    s.status = SignInStatus.COMPLETE;
    s.createdSessionId = session.id;
  }

  private Optional<FapiResponse> lockedOut(UserRecord user) {
    return user.lockedFor(clock.instant())
        .map(left -> answers.error(403, ClerkErrors.userLocked(Math.max(1, left.toSeconds()))));
  }

  private Optional<FapiResponse> limited(
      RateLimits.Kind kind, FapiRequest request, int limit, FakeSettings settings) {
    return rateLimits
        .take(kind, proxyRules.bucket(request), limit, settings.rateLimitWindow(), clock.instant())
        .map(answers::tooManyRequests);
  }

  /** A sign-in that may be changed: the caller's current one, not abandoned, in a second step. */
  private Optional<FapiResponse> mutable(SignInRecord s) {
    if (s == null) {
      return Optional.of(answers.error(404, ClerkErrors.notFound("sign in")));
    }
    if (s.replaced) {
      return Optional.of(answers.error(403, ClerkErrors.forbiddenOlderSignIn()));
    }
    if (s.status != SignInStatus.NEEDS_SECOND_FACTOR
        && s.status != SignInStatus.NEEDS_CLIENT_TRUST) {
      return Optional.of(answers.error(400, ClerkErrors.strategyInvalid(Param.STRATEGY)));
    }
    return Optional.empty();
  }

  private static Optional<FactorView> offered(SignInRecord s, Strategy strategy) {
    return s.secondFactors.stream()
        .filter(f -> f.strategy().equals(strategy.wireName()))
        .findFirst();
  }

  /** The caller's sign-in with this id, unless it is abandoned; null when there is none. */
  private SignInRecord signInOf(ClientRecord client, String signInId) {
    SignInRecord s = signIns.get(signInId);
    if (s == null || client == null || !s.clientId.equals(client.id)) {
      return null;
    }
    return s.openAt(clock.instant()) ? s : null;
  }
}
