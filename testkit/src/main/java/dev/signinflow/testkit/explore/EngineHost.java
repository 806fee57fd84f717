package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.Transition;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Two engines (one node and "another node" to resume on) built once and lent to one world at a
 * time: their gateway, clock, token store and listener point at the world's. Building an engine
 * builds its machine configuration, which costs far more than a step; a host makes a fresh world
 * per sequence affordable while the engine itself stays the real one.
 *
 * <p>Not thread-safe: one thread, one world at a time (a world re-attaches before each step).
 */
final class EngineHost implements AutoCloseable {
  // Written by the exploring thread, read by the threads a system under test calls the engine on.
  private volatile World world;
  private final Config config;
  private SystemUnderTest.Driver driver;
  private final Clock clock = new WorldClock();
  final SignInEngine engine;
  final SignInEngine otherNode;

  EngineHost(Config config) {
    this.config = config;
    this.engine = build(config);
    this.otherNode = build(config);
  }

  private SignInEngine build(Config config) {
    SignInEngine.Builder b = SignInEngine.builder();
    config.engineOptions().accept(b);
    return b.gateway(new Gateway())
        .clock(clock)
        .clientTokenStore(new Tokens())
        .resendPolicy(config.resendPolicy())
        .emailLinkRedirectUrl(World.REDIRECT_URL)
        .listener(this::heard)
        // The engines serve world after world, each on a fresh fake at the same instant: a 429
        // remembered from one world would answer a later world's calls (a known device's set-up
        // then fails), and a replay would not repeat its sequence. The back-off has its own tests
        // (ServerSideEmbeddingTest, FeignProxyModeTest).
        .sharedBackOff(false)
        .build();
  }

  /** A new user of the system under test, attached to {@link #engine} on first use. */
  SystemUnderTest.Session open(DeviceId device) {
    if (driver == null) {
      driver = requireNonNull(config.sut().attach(engine, clock), "the system under test's driver");
    }
    return requireNonNull(driver.open(device), "the system under test's session");
  }

  /** True when the steps go to the engine's flows directly. */
  boolean drivesTheEngine() {
    return config.sut() instanceof EngineUnderTest;
  }

  /** Stops the system under test, if one was attached. */
  @Override
  public void close() {
    if (driver != null) {
      SystemUnderTest.Driver d = driver;
      driver = null;
      d.close();
    }
  }

  /** Lends the engines to this world. */
  void attach(World w) {
    this.world = requireNonNull(w, "w");
  }

  private World world() {
    if (world == null) {
      throw new IllegalStateException("no world attached");
    }
    return world;
  }

  private void heard(Transition t) {
    world().heard.add(t);
  }

  private SignInGateway gateway() {
    return world().gateway;
  }

  private final class WorldClock extends Clock {
    @Override
    public Instant instant() {
      return world().fake.clock().instant();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the explorer's clock is always UTC");
    }
  }

  private final class Tokens implements ClientTokenStore {
    @Override
    public Optional<ClientToken> load(DeviceId device) {
      return world().tokens.load(device);
    }

    @Override
    public void save(DeviceId device, ClientToken token) {
      world().tokens.save(device, token);
    }
  }

  private final class Gateway implements SignInGateway {
    @Override
    public Optional<String> rateLimitBucket(RequestContext context) {
      return gateway().rateLimitBucket(context);
    }

    @Override
    public GatewayResult<SignIn> createSignIn(
        RequestContext context,
        Optional<ClientToken> clientToken,
        Identifier identifier,
        Password password) {
      return gateway().createSignIn(context, clientToken, identifier, password);
    }

    @Override
    public GatewayResult<SignIn> prepareSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Factor factor,
        Optional<String> redirectUrl) {
      return gateway().prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl);
    }

    @Override
    public GatewayResult<SignIn> attemptSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Strategy strategy,
        VerificationCode code) {
      return gateway().attemptSecondFactor(context, clientToken, signInId, strategy, code);
    }

    @Override
    public GatewayResult<SignIn> getSignIn(
        RequestContext context, Optional<ClientToken> clientToken, String signInId) {
      return gateway().getSignIn(context, clientToken, signInId);
    }

    @Override
    public GatewayResult<Session> activateSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      return gateway().activateSession(context, clientToken, sessionId);
    }

    @Override
    public GatewayResult<Client> getClient(
        RequestContext context, Optional<ClientToken> clientToken) {
      return gateway().getClient(context, clientToken);
    }

    @Override
    public GatewayResult<SessionToken> createSessionToken(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String sessionId,
        Optional<String> organizationId) {
      return gateway().createSessionToken(context, clientToken, sessionId, organizationId);
    }

    @Override
    public GatewayResult<Session> endSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      return gateway().endSession(context, clientToken, sessionId);
    }

    @Override
    public GatewayResult<Session> removeSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      return gateway().removeSession(context, clientToken, sessionId);
    }

    @Override
    public GatewayResult<Client> removeAllSessions(
        RequestContext context, Optional<ClientToken> clientToken) {
      return gateway().removeAllSessions(context, clientToken);
    }
  }
}
