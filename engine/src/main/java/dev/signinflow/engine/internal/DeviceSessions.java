package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowErrors;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.engine.spi.SignInGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A device's session without a flow: what a service handling a signed-in user's request asks by
 * {@link DeviceId}. The current session, a fresh session JWT (kept in the {@link SessionTokenCache}
 * until shortly before it expires, one refresh in flight per device), and sign-out of every session
 * of the device.
 *
 * <p>Thread-safe: holds only thread-safe collaborators. A {@link SessionTokenCache} that throws is
 * logged and treated as empty; it never turns a call into an exception.
 */
public final class DeviceSessions {
  private static final System.Logger LOG = System.getLogger(DeviceSessions.class.getName());

  private final SignInGateway gateway;
  private final ClientTokenStore tokens;
  private final SessionTokenCache cache;
  private final Clock clock;
  private final Duration refreshBefore;
  private final SingleFlight<DeviceId, SessionResult<SessionToken>> refreshes;

  /**
   * The sessions of the devices whose client tokens are in {@code tokens}.
   *
   * @param refreshBefore how long before its expiry a cached token is replaced by a new one
   */
  public DeviceSessions(
      SignInGateway gateway,
      ClientTokenStore tokens,
      SessionTokenCache cache,
      Clock clock,
      Duration refreshBefore) {
    this(gateway, tokens, cache, clock, refreshBefore, () -> {});
  }

  /** As above; {@code onWait} runs in a caller about to wait for another's refresh (for tests). */
  DeviceSessions(
      SignInGateway gateway,
      ClientTokenStore tokens,
      SessionTokenCache cache,
      Clock clock,
      Duration refreshBefore,
      Runnable onWait) {
    this.gateway = requireNonNull(gateway, "gateway");
    this.tokens = requireNonNull(tokens, "tokens");
    this.cache = requireNonNull(cache, "cache");
    this.clock = requireNonNull(clock, "clock");
    this.refreshBefore = requireNonNull(refreshBefore, "refreshBefore");
    this.refreshes = new SingleFlight<>(onWait);
  }

  /**
   * The device's current session: the client's {@code last_active_session_id}, when it is signed in
   * ({@code active} or {@code pending}). One call ({@code getClient}); none when the device has no
   * client token.
   */
  public SessionResult<Session> current(RequestContext context, DeviceId device) {
    requireNonNull(context, "context");
    requireNonNull(device, "device");
    Optional<Boolean> known = known(device);
    if (known.isEmpty()) {
      return tokenStoreFailed();
    }
    if (!known.get()) {
      return new SessionResult.SignedOut<>();
    }
    GatewayResult<Client> read =
        call(device, token -> gateway.getClient(context, token), "getClient");
    if (!(read instanceof GatewayResult.Success<Client> ok)) {
      return failed(read);
    }
    Optional<ClientSession> current = ok.value().current();
    if (current.isEmpty()) {
      evict(device);
      return new SessionResult.SignedOut<>();
    }
    return new SessionResult.Ok<>(current.get().session());
  }

  /**
   * A session JWT for the device's current session that is good for at least {@code refreshBefore}
   * more, from the cache when it has one, else newly minted ({@code getClient}, then {@code
   * createSessionToken}) and cached. Callers asking for the same device while a token is being
   * minted wait for it and share it.
   */
  public SessionResult<SessionToken> token(RequestContext context, DeviceId device) {
    requireNonNull(context, "context");
    requireNonNull(device, "device");
    Optional<SessionToken> cached = fresh(device);
    if (cached.isPresent()) {
      return new SessionResult.Ok<>(cached.get());
    }
    return refreshes.run(
        device,
        () -> {
          // Another caller may have minted one between the look above and this flight.
          Optional<SessionToken> again = fresh(device);
          return again.isPresent()
              ? new SessionResult.Ok<SessionToken>(again.get())
              : mint(context, device);
        });
  }

  /**
   * Signs every session of the device out ({@code DELETE /v1/client/sessions}, clerk-js's {@code
   * signOut()}), keeping the client, so the device stays trusted. The value is the sessions that
   * were signed in, now {@code removed}; {@link SessionResult.SignedOut} when there were none (and
   * then nothing was removed).
   */
  public SessionResult<List<Session>> signOut(RequestContext context, DeviceId device) {
    requireNonNull(context, "context");
    requireNonNull(device, "device");
    Optional<Boolean> known = known(device);
    if (known.isEmpty()) {
      return tokenStoreFailed();
    }
    if (!known.get()) {
      return new SessionResult.SignedOut<>();
    }
    GatewayResult<Client> read =
        call(device, token -> gateway.getClient(context, token), "getClient");
    if (!(read instanceof GatewayResult.Success<Client> ok)) {
      return failed(read);
    }
    List<ClientSession> signedIn = ok.value().signedIn();
    if (signedIn.isEmpty()) {
      evict(device);
      return new SessionResult.SignedOut<>();
    }
    GatewayResult<Client> removed =
        call(device, token -> gateway.removeAllSessions(context, token), "removeAllSessions");
    if (removed instanceof GatewayResult.Rejected<Client> r && r.sessionGone()) {
      evict(device);
      return new SessionResult.SignedOut<>();
    }
    if (!(removed instanceof GatewayResult.Success)) {
      return failed(removed);
    }
    evict(device);
    return new SessionResult.Ok<>(
        signedIn.stream()
            .map(ClientSession::session)
            .map(s -> Session.of(s.id(), s.userId(), SessionStatus.REMOVED, s.tasks()))
            .toList());
  }

  /**
   * Forgets what is kept of the device's session: a flow changed it (signed in or out). Never
   * throws: a cache that fails is logged, and its stale token, if it keeps one, names a session the
   * server no longer has, which the next refresh finds out.
   */
  public void sessionChanged(DeviceId device) {
    evict(requireNonNull(device, "device"));
  }

  /**
   * Whether the device has a client token (talked to the server before); empty when the token store
   * fails.
   */
  private Optional<Boolean> known(DeviceId device) {
    try {
      return Optional.of(tokens.load(device).isPresent());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "client token store {0} failed on load with {1}",
          tokens.getClass().getName(),
          e.getClass().getName());
      return Optional.empty();
    }
  }

  private static <T> SessionResult<T> tokenStoreFailed() {
    return new SessionResult.Failed<>(
        OutcomeKind.UNAVAILABLE,
        FlowErrors.of(List.of(Errors.unavailable("the client token store could not be read"))),
        Optional.empty());
  }

  /** The cached token while it is good for more than the margin; a failing cache is a miss. */
  private Optional<SessionToken> fresh(DeviceId device) {
    Optional<SessionToken> cached;
    try {
      cached = cache.get(device);
    } catch (RuntimeException e) {
      warn("get", e);
      return Optional.empty();
    }
    return cached.filter(t -> clock.instant().isBefore(t.expiresAt().minus(refreshBefore)));
  }

  private void keep(DeviceId device, SessionToken token) {
    try {
      cache.put(device, token);
    } catch (RuntimeException e) {
      warn("put", e);
    }
  }

  private void evict(DeviceId device) {
    try {
      cache.evict(device);
    } catch (RuntimeException e) {
      warn("evict", e);
    }
  }

  private void warn(String operation, RuntimeException e) {
    // The exception's class only: a cache's message might quote what it holds.
    LOG.log(
        System.Logger.Level.WARNING,
        "session token cache {0} failed on {1} with {2}; ignored",
        cache.getClass().getName(),
        operation,
        e.getClass().getName());
  }

  private SessionResult<SessionToken> mint(RequestContext context, DeviceId device) {
    Optional<Boolean> known = known(device);
    if (known.isEmpty()) {
      return tokenStoreFailed();
    }
    if (!known.get()) {
      return new SessionResult.SignedOut<>();
    }
    GatewayResult<Client> read =
        call(device, token -> gateway.getClient(context, token), "getClient");
    if (!(read instanceof GatewayResult.Success<Client> ok)) {
      return failed(read);
    }
    Optional<ClientSession> current = ok.value().current();
    if (current.isEmpty()) {
      evict(device);
      return new SessionResult.SignedOut<>();
    }
    String sessionId = current.get().id();
    GatewayResult<SessionToken> minted =
        call(
            device,
            token -> gateway.createSessionToken(context, token, sessionId, Optional.empty()),
            "createSessionToken");
    if (minted instanceof GatewayResult.Success<SessionToken> t) {
      keep(device, t.value());
      return new SessionResult.Ok<>(t.value());
    }
    if (minted instanceof GatewayResult.Rejected<SessionToken> r && r.sessionGone()) {
      evict(device);
      return new SessionResult.SignedOut<>();
    }
    return failed(minted);
  }

  private <T> GatewayResult<T> call(
      DeviceId device, Function<Optional<ClientToken>, GatewayResult<T>> op, String name) {
    return Calls.call(tokens, device, op, name);
  }

  private static <T> SessionResult<T> failed(GatewayResult<?> result) {
    if (result instanceof GatewayResult.Rejected<?> rejected) {
      return new SessionResult.Failed<>(
          OutcomeKind.CLERK_ERROR, FlowErrors.of(rejected.errors()), Optional.empty());
    }
    if (result instanceof GatewayResult.RateLimited<?> limited) {
      List<ClerkError> errors =
          limited.errors().isEmpty()
              ? List.of(Errors.tooManyRequests(limited.retryAt()))
              : limited.errors();
      return new SessionResult.Failed<>(
          OutcomeKind.RATE_LIMITED, FlowErrors.of(errors), Optional.of(limited.retryAt()));
    }
    if (result instanceof GatewayResult.Unavailable<?> unavailable) {
      return new SessionResult.Failed<>(
          OutcomeKind.UNAVAILABLE,
          FlowErrors.of(List.of(Errors.unavailable(unavailable.reason()))),
          Optional.empty());
    }
    throw new IllegalStateException("not a failure: " + result.getClass().getSimpleName());
  }

  @Override
  public String toString() {
    return "DeviceSessions[" + cache + ", " + refreshes + "]";
  }
}
