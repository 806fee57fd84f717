package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SessionTask;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.Verification;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.ResponseKind;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.engine.spi.VerificationCode;
import dev.signinflow.transport.fake.Views.ClientView;
import dev.signinflow.transport.fake.Views.FactorView;
import dev.signinflow.transport.fake.Views.SessionView;
import dev.signinflow.transport.fake.Views.SignInView;
import dev.signinflow.transport.fake.Views.TokenView;
import dev.signinflow.transport.fake.Views.VerificationView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link SignInGateway} over a {@link FakeClerk} in the same process: every call is one
 * operation of the fake, with the client token passed as the real server passes it (none on first
 * contact, a new one with every answer, an unknown one treated as a new device).
 *
 * <p>Of a call's {@link RequestContext}, only the end user's address is used, and only in {@link
 * #inProxyMode(String, String) proxy mode}.
 *
 * <p>Thread-safe (the fake is). Injected latency is lived through with a {@link Sleeper}: by
 * default the fake's clock moves forward, so no test waits.
 */
public final class FakeSignInGateway implements SignInGateway {
  private final FakeClerk fake;
  private final String clientIp;
  private final Sleeper sleeper;
  private final Optional<String> proxyUrl;
  private final Optional<String> secretKey;

  private FakeSignInGateway(
      FakeClerk fake,
      String clientIp,
      Sleeper sleeper,
      Optional<String> proxyUrl,
      Optional<String> secretKey) {
    this.fake = fake;
    this.clientIp = clientIp;
    this.sleeper = sleeper;
    this.proxyUrl = proxyUrl;
    this.secretKey = secretKey;
  }

  /** A gateway to this fake from 127.0.0.1, living through latency in simulated time. */
  public static FakeSignInGateway over(FakeClerk fake) {
    requireNonNull(fake, "fake");
    return new FakeSignInGateway(
        fake,
        "127.0.0.1",
        delay -> fake.clock().advance(delay),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * This gateway, calling from another IP address: the socket address the fake sees, by which it
   * counts rate limits unless a proxy request names the end user.
   */
  public FakeSignInGateway fromIp(String ip) {
    return new FakeSignInGateway(fake, requireNonNull(ip, "ip"), sleeper, proxyUrl, secretKey);
  }

  /** This gateway, living through injected latency with this sleeper. */
  public FakeSignInGateway sleepingWith(Sleeper s) {
    return new FakeSignInGateway(fake, clientIp, requireNonNull(s, "sleeper"), proxyUrl, secretKey);
  }

  /**
   * This gateway in proxy mode, as {@code FeignSignInGateway}'s: every request carries {@code
   * Clerk-Proxy-Url}, {@code Clerk-Secret-Key} and, when the call's {@link RequestContext} has the
   * end user's address, {@code X-Forwarded-For}. With the fake's secret key, the fake counts rate
   * limits per end user; with another, it answers Clerk's {@code proxy_request_invalid_secret_key}.
   * {@link #toString()} never shows the key.
   */
  public FakeSignInGateway inProxyMode(String proxyUrl, String secretKey) {
    requireNonNull(proxyUrl, "proxyUrl");
    requireNonNull(secretKey, "secretKey");
    return new FakeSignInGateway(
        fake, clientIp, sleeper, Optional.of(proxyUrl), Optional.of(secretKey));
  }

  /**
   * The end user's address in proxy mode; empty otherwise (every call counts as this gateway's).
   */
  @Override
  public Optional<String> rateLimitBucket(RequestContext context) {
    return proxyUrl.isPresent() ? context.clientIpText() : Optional.empty();
  }

  @Override
  public GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password) {
    return signIn(
        fake.createSignIn(request(context, clientToken), identifier.value(), password.reveal()));
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    return signIn(
        fake.prepareSecondFactor(
            request(context, clientToken),
            signInId,
            factor.rawStrategy(),
            factor.id(),
            redirectUrl));
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    return signIn(
        fake.attemptSecondFactor(
            request(context, clientToken), signInId, strategy.wireName(), code.reveal()));
  }

  @Override
  public GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    return signIn(fake.getSignIn(request(context, clientToken), signInId));
  }

  @Override
  public GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return answer(
        fake.touchSession(request(context, clientToken), sessionId),
        body -> session((SessionView) body));
  }

  @Override
  public GatewayResult<Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    return clientAnswer(fake.getClient(request(context, clientToken)));
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    FapiResponse r =
        fake.createSessionToken(request(context, clientToken), sessionId, organizationId);
    GatewayResult<TokenView> raw = answer(r, body -> (TokenView) body);
    if (!(raw instanceof GatewayResult.Success<TokenView> ok)) {
      return retyped(raw);
    }
    try {
      return new GatewayResult.Success<>(SessionToken.of(ok.value().jwt()), ok.clientToken());
    } catch (IllegalArgumentException e) {
      return new GatewayResult.Unavailable<>(
          "the session token is not a JWT with an exp claim", Optional.of(e), ok.clientToken());
    }
  }

  @Override
  public GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return answer(
        fake.endSession(request(context, clientToken), sessionId),
        body -> session((SessionView) body));
  }

  @Override
  public GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return answer(
        fake.removeSession(request(context, clientToken), sessionId),
        body -> session((SessionView) body));
  }

  @Override
  public GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    return clientAnswer(fake.removeSessions(request(context, clientToken)));
  }

  /**
   * A client answer; a 200 without a client ({@code "response": null}) is {@link Client#none()}.
   */
  private GatewayResult<Client> clientAnswer(FapiResponse r) {
    if (r.ok() && r.body().isEmpty() && !r.dropped()) {
      if (!r.latency().isZero()) {
        sleeper.sleep(r.latency());
      }
      return new GatewayResult.Success<>(Client.none(), r.clientToken().map(ClientToken::of));
    }
    return answer(r, body -> client((ClientView) body));
  }

  /** A failure as the failure of another type: it carries no value. */
  private static <T> GatewayResult<T> retyped(GatewayResult<?> r) {
    if (r instanceof GatewayResult.Rejected<?> x) {
      return new GatewayResult.Rejected<>(x.httpStatus(), x.errors(), x.clientToken());
    }
    if (r instanceof GatewayResult.RateLimited<?> x) {
      return new GatewayResult.RateLimited<>(x.retryAt(), x.errors(), x.clientToken());
    }
    if (r instanceof GatewayResult.Unavailable<?> x) {
      return new GatewayResult.Unavailable<>(x.reason(), x.cause(), x.clientToken());
    }
    throw new IllegalArgumentException("not a failure: " + r);
  }

  private FapiRequest request(RequestContext context, Optional<ClientToken> token) {
    FapiRequest r = FapiRequest.of(token.map(ClientToken::reveal), clientIp);
    return proxyUrl.isEmpty() ? r : r.withProxyHeaders(proxyUrl, secretKey, context.clientIpText());
  }

  private GatewayResult<SignIn> signIn(FapiResponse r) {
    return answer(r, body -> signIn((SignInView) body));
  }

  private <T> GatewayResult<T> answer(FapiResponse r, Function<Views.Body, T> read) {
    if (!r.latency().isZero()) {
      sleeper.sleep(r.latency());
    }
    if (r.dropped()) {
      return new GatewayResult.Unavailable<>(
          "the connection dropped", Optional.empty(), Optional.empty());
    }
    Optional<ClientToken> token = r.clientToken().map(ClientToken::of);
    List<ClerkError> errors = errors(r);
    switch (ResponseKind.of(r.status(), !errors.isEmpty())) {
      case SUCCESS:
        if (r.body().isEmpty()) {
          return new GatewayResult.Unavailable<>(
              "HTTP " + r.status() + " without a body", Optional.empty(), token);
        }
        return new GatewayResult.Success<>(read.apply(r.body().get()), token);
      case RATE_LIMITED:
        return new GatewayResult.RateLimited<>(
            fake.clock().instant().plus(r.retryAfter().orElse(java.time.Duration.ofSeconds(1))),
            errors,
            token);
      case REJECTED:
        return new GatewayResult.Rejected<>(r.status(), errors, token);
      default:
        return new GatewayResult.Unavailable<>(
            "HTTP " + r.status() + (errors.isEmpty() ? "" : " " + errors.get(0).code()),
            Optional.empty(),
            token);
    }
  }

  private static List<ClerkError> errors(FapiResponse r) {
    Optional<String> trace = r.traceId().isEmpty() ? Optional.empty() : Optional.of(r.traceId());
    return r.errors().stream()
        .map(
            e -> {
              Map<String, String> meta = new LinkedHashMap<>();
              e.meta().forEach((k, v) -> meta.put(k, String.valueOf(v)));
              return new ClerkError(e.code(), e.message(), e.longMessage(), meta, trace);
            })
        .toList();
  }

  static SignIn signIn(SignInView v) {
    List<FactorView> factors =
        v.supportedSecondFactors() == null ? List.of() : v.supportedSecondFactors();
    return new SignIn(
        v.id(),
        SignInStatus.fromWireName(v.status()),
        v.status(),
        Optional.ofNullable(v.clientTrustState()).map(ClientTrustState::fromWireName),
        factors.stream().map(FakeSignInGateway::factor).toList(),
        Optional.ofNullable(v.secondFactorVerification()).map(FakeSignInGateway::verification),
        Optional.ofNullable(v.createdSessionId()),
        Optional.ofNullable(v.abandonAt()));
  }

  private static Factor factor(FactorView f) {
    return new Factor(
        Strategy.fromWireName(f.strategy()),
        f.strategy(),
        Optional.ofNullable(f.emailAddressId() != null ? f.emailAddressId() : f.phoneNumberId()),
        Optional.ofNullable(f.safeIdentifier()),
        Boolean.TRUE.equals(f.primary()),
        f.isDefault());
  }

  private static Verification verification(VerificationView v) {
    return new Verification(
        VerificationStatus.fromWireName(v.status()),
        Strategy.fromWireName(v.strategy()),
        v.attempts() == null ? 0 : v.attempts(),
        Optional.ofNullable(v.expireAt()));
  }

  static Session session(SessionView s) {
    return new Session(
        s.id(),
        s.userId(),
        SessionStatus.fromWireName(s.status()),
        s.status(),
        s.tasks().stream().map(SessionTask::new).toList());
  }

  static Client client(ClientView c) {
    return new Client(
        Optional.of(c.id()),
        c.sessions().stream().map(s -> new ClientSession(session(s), s.userIdentifiers())).toList(),
        Optional.ofNullable(c.lastActiveSessionId()));
  }

  @Override
  public String toString() {
    return "FakeSignInGateway["
        + clientIp
        + proxyUrl.map(u -> ", proxy mode " + u + ", secret key [redacted]").orElse("")
        + "]";
  }
}
