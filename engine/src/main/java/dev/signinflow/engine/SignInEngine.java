package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.internal.DeviceSessions;
import dev.signinflow.engine.internal.EventRunner;
import dev.signinflow.engine.internal.FlowData;
import dev.signinflow.engine.internal.FlowSteps;
import dev.signinflow.engine.internal.SharedBackOff;
import dev.signinflow.engine.internal.SnapshotCodec;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.FlowStoreException;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.StoredFlow;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Runs Clerk's password sign-in (Client Trust, MFA, resend, start over, session activation,
 * sign-out) as an explicit state machine over a {@link SignInGateway}, and answers for a signed-in
 * device's session by its {@link DeviceId}.
 *
 * <pre>{@code
 * SignInEngine engine = SignInEngine.builder().gateway(gateway).build();
 * SignInFlow flow = engine.newFlow(DeviceId.of("browser-7f3a"));
 * StepResult r = flow.submitPassword("ada@example.com", "correct horse battery staple");
 * // later, serving that browser's requests:
 * SessionResult<SessionToken> jwt = engine.sessionToken(DeviceId.of("browser-7f3a"));
 * }</pre>
 *
 * <p>Thread-safe; build one per application and share it. The machine's configuration is built
 * once, here; flows borrow a machine only while an event runs.
 */
public final class SignInEngine {
  /**
   * How long before its expiry a cached session token is replaced by a new one: 10 seconds, as
   * clerk-android keeps its tokens. Clerk's session tokens live 60 seconds.
   */
  public static final Duration SESSION_TOKEN_REFRESH_MARGIN = Duration.ofSeconds(10);

  /**
   * How long a stored flow lives after it starts: 24 hours, the lifetime of a sign-in before Clerk
   * abandons it (the fake's default, fapi-protocol.md §11).
   */
  public static final Duration FLOW_LIFETIME = Duration.ofHours(24);

  /**
   * How long one event holds a stored flow's lease by default: 60 seconds, more than an event's
   * gateway calls can take (two calls of at most 5 s to connect and 10 s to answer, with the Feign
   * gateway's defaults, plus its one short wait after a 429).
   */
  public static final Duration DEFAULT_FLOW_LEASE = Duration.ofSeconds(60);

  private final EventRunner runner;
  private final DeviceSessions sessions;
  private final FlowStore flows;
  private final Clock clock;
  private final Duration flowLease;
  private final Random random;

  private SignInEngine(Builder b) {
    SignInGateway gateway = b.sharedBackOff ? new SharedBackOff(b.gateway, b.clock) : b.gateway;
    this.sessions =
        new DeviceSessions(
            gateway, b.tokens, b.sessionTokens, b.clock, SESSION_TOKEN_REFRESH_MARGIN);
    FlowSteps steps =
        new FlowSteps(
            gateway,
            b.clock,
            b.resendPolicy,
            b.tokens,
            b.emailLinkRedirectUrl,
            sessions::sessionChanged);
    this.runner = new EventRunner(steps, b.clock, b.listeners);
    this.flows = b.flows;
    this.clock = b.clock;
    this.flowLease = b.flowLease;
    this.random = b.random;
  }

  /** A builder; only {@link Builder#gateway(SignInGateway)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new flow, in {@link SignInState#IDENTIFYING}, for a user on this device. */
  public SignInFlow newFlow(DeviceId device) {
    requireNonNull(device, "device");
    return new SignInFlow(runner, FlowData.initial(device));
  }

  /**
   * A new flow for a user on this device, kept in the engine's {@link Builder#flowStore(FlowStore)
   * flow store} (in memory by default; Redis for several nodes) under a new random {@link FlowId}.
   * Keep its {@link SignInFlow#id()} in the user's web session and address the flow with {@link
   * #flow(FlowId)} on the next request, on any node: each event leases the stored flow, runs, and
   * saves it. The flow expires {@link #FLOW_LIFETIME} after it starts.
   *
   * @throws FlowStoreException when the store cannot store it
   */
  public SignInFlow startFlow(DeviceId device) {
    requireNonNull(device, "device");
    FlowId id = FlowId.random(random);
    FlowData data = FlowData.initial(device);
    Instant now = clock.instant();
    flows.create(id, SnapshotCodec.encode(data), now.plus(FLOW_LIFETIME), now);
    return new SignInFlow(runner, new StoredFlowHolder(flows, id, clock, flowLease, data));
  }

  /**
   * The stored flow with this id, read once (one store call); empty when there is none: it expired,
   * or the store forgot it. Its events lease, run and save it; its {@link SignInFlow#view()} shows
   * it as of that read or its last event.
   *
   * @throws FlowStoreException when the store cannot be read
   */
  public Optional<SignInFlow> flow(FlowId id) {
    requireNonNull(id, "id");
    Optional<StoredFlow> stored = flows.load(id, clock.instant());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    FlowData data;
    try {
      data = SnapshotCodec.decode(stored.get().snapshotJson());
    } catch (RuntimeException e) {
      throw new FlowStoreException(
          "the stored flow " + id + " is not a snapshot this version can read", e);
    }
    return Optional.of(
        new SignInFlow(runner, new StoredFlowHolder(flows, id, clock, flowLease, data)));
  }

  /**
   * The flow a snapshot was taken of, on this engine. Sends nothing to the server: no code is sent
   * again, nothing is re-entered.
   *
   * <p>The snapshot holds no client token: the device's token comes from this engine's {@link
   * ClientTokenStore}. To resume on another node, give the engines a store they share (a database,
   * a cache); with the default in-memory store the other node has no token, and the server will not
   * recognize the sign-in.
   */
  public SignInFlow resume(FlowSnapshot snapshot) {
    requireNonNull(snapshot, "snapshot");
    return new SignInFlow(runner, snapshot.data());
  }

  // ---- a signed-in device, without a flow ------------------------------------------------------

  /**
   * The device's current session (id, user id, status, tasks): the one its Clerk client names as
   * active, when that one is signed in ({@code active}, or {@code pending} with tasks left). {@link
   * SessionResult.SignedOut} when the device has none. One server call; none for a device that
   * never talked to the server.
   */
  public SessionResult<Session> session(DeviceId device) {
    return session(RequestContext.none(), device);
  }

  /** {@link #session(DeviceId)} for the end user's request, which the gateway forwards. */
  public SessionResult<Session> session(RequestContext context, DeviceId device) {
    return sessions.current(requireNonNull(context, "context"), requireNonNull(device, "device"));
  }

  /**
   * A session JWT for the device's current session, for a backend to verify (it expires in about 60
   * seconds). Kept until {@link #SESSION_TOKEN_REFRESH_MARGIN} before its expiry (by this engine's
   * clock) in the {@link Builder#sessionTokenCache(SessionTokenCache) session-token cache}, so most
   * calls make none to the server; a new one costs two calls ({@code GET /v1/client}, then {@code
   * POST /v1/client/sessions/{id}/tokens}). At most one refresh per device is in flight: callers
   * asking meanwhile wait for it and get the same token. {@link SessionResult.SignedOut} when the
   * device has no signed-in session, or its session ended.
   */
  public SessionResult<SessionToken> sessionToken(DeviceId device) {
    return sessionToken(RequestContext.none(), device);
  }

  /**
   * {@link #sessionToken(DeviceId)} for the end user's request, which the gateway forwards when a
   * token is minted.
   */
  public SessionResult<SessionToken> sessionToken(RequestContext context, DeviceId device) {
    return sessions.token(requireNonNull(context, "context"), requireNonNull(device, "device"));
  }

  /**
   * Signs the device out: every session of its Clerk client is removed ({@code DELETE
   * /v1/client/sessions}, as clerk-js's {@code signOut()} does), its cached session token dropped;
   * its client token is kept, so the device stays trusted and its next sign-in needs no code. The
   * value lists the sessions that were signed in (now {@code removed}); {@link
   * SessionResult.SignedOut} when there were none.
   */
  public SessionResult<List<Session>> signOut(DeviceId device) {
    return signOut(RequestContext.none(), device);
  }

  /** {@link #signOut(DeviceId)} for the end user's request, which the gateway forwards. */
  public SessionResult<List<Session>> signOut(RequestContext context, DeviceId device) {
    return sessions.signOut(requireNonNull(context, "context"), requireNonNull(device, "device"));
  }

  /** Builds a {@link SignInEngine}. Not thread-safe; use once. */
  public static final class Builder {
    private SignInGateway gateway;
    private Clock clock = Clock.systemUTC();
    private ResendPolicy resendPolicy = ResendPolicy.defaults();
    private ClientTokenStore tokens = ClientTokenStore.inMemory();
    private SessionTokenCache sessionTokens = SessionTokenCache.inMemory();
    private Optional<String> emailLinkRedirectUrl = Optional.empty();
    private boolean sharedBackOff = true;
    private FlowStore flows = FlowStore.inMemory();
    private Duration flowLease = DEFAULT_FLOW_LEASE;
    private Random random = new SecureRandom();
    private final List<TransitionListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The transport to Clerk: required. */
    public Builder gateway(SignInGateway gateway) {
      this.gateway = requireNonNull(gateway, "gateway");
      return this;
    }

    /** The clock every cooldown and expiry is read from; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** When codes may be sent again; {@link ResendPolicy#defaults()} by default. */
    public Builder resendPolicy(ResendPolicy resendPolicy) {
      this.resendPolicy = requireNonNull(resendPolicy, "resendPolicy");
      return this;
    }

    /** Where devices' client tokens are kept; in memory by default. */
    public Builder clientTokenStore(ClientTokenStore store) {
      this.tokens = requireNonNull(store, "store");
      return this;
    }

    /**
     * Where devices' session tokens are kept between {@link SignInEngine#sessionToken(DeviceId)}
     * calls; in memory by default. Give the engines of several nodes one they share to mint fewer
     * tokens.
     */
    public Builder sessionTokenCache(SessionTokenCache cache) {
      this.sessionTokens = requireNonNull(cache, "cache");
      return this;
    }

    /**
     * Where an email link leads the user (Clerk's {@code redirect_url}); needed only when the
     * instance sends email links.
     *
     * @throws IllegalArgumentException when it is not an absolute http or https URL
     */
    public Builder emailLinkRedirectUrl(String url) {
      requireNonNull(url, "url");
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("emailLinkRedirectUrl is not a URL: " + url, e);
      }
      if (!uri.isAbsolute()
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new IllegalArgumentException(
            "emailLinkRedirectUrl must be an absolute http(s) URL: " + url);
      }
      this.emailLinkRedirectUrl = Optional.of(url);
      return this;
    }

    /**
     * Whether a 429 holds back the calls that would get one too (on by default): once the server
     * answers a sign-in create, a code's send or an attempt with 429 and {@code Retry-After}, later
     * calls of the same kind, for the same rate-limit bucket, are answered {@link
     * OutcomeKind#RATE_LIMITED} with the same {@code retryAt} without a call until then. The bucket
     * is the end user's address when the gateway forwards it (proxy mode), else the whole service,
     * as Clerk counts then ({@link SignInGateway#rateLimitBucket(RequestContext)}).
     */
    public Builder sharedBackOff(boolean on) {
      this.sharedBackOff = on;
      return this;
    }

    /**
     * Where {@link SignInEngine#startFlow started} flows are kept between events; in memory by
     * default. Give the engines of several nodes one they share ({@code store-redis}).
     */
    public Builder flowStore(FlowStore store) {
      this.flows = requireNonNull(store, "store");
      return this;
    }

    /**
     * How long one event may hold a stored flow ({@link #DEFAULT_FLOW_LEASE} by default): longer
     * than the event's gateway calls can take, so that a slow node's lease does not run out while
     * it works, and short enough that a node that died does not hold the flow for long. A node
     * whose lease ran out and whose flow another node then ran cannot save (the store fences it).
     *
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder flowLease(Duration lease) {
      requireNonNull(lease, "lease");
      if (lease.isZero() || lease.isNegative()) {
        throw new IllegalArgumentException("the flow lease must be positive: " + lease);
      }
      this.flowLease = lease;
      return this;
    }

    /** The randomness new {@link FlowId}s are drawn from; a {@link SecureRandom} by default. */
    public Builder random(Random random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** Adds a listener told of every step of every flow. */
    public Builder listener(TransitionListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The engine.
     *
     * @throws IllegalStateException when no gateway was given
     */
    public SignInEngine build() {
      if (gateway == null) {
        throw new IllegalStateException("a gateway is required: builder().gateway(...)");
      }
      return new SignInEngine(this);
    }
  }
}
