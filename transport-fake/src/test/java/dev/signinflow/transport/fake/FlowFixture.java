package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.DelegatingGateway;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import dev.signinflow.transport.fake.Views.ClientView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One Clerk instance and one engine on one clock: a {@link FakeClerk}, the real {@link
 * SignInEngine} over a {@link FakeSignInGateway} to it, and the device tokens the engine keeps. The
 * gateway is wrapped only to count the calls the engine makes, so a test can say "nothing was
 * sent".
 */
final class FlowFixture {
  static final String PASSWORD = "correct horse battery staple";
  static final String IP = "127.0.0.1";

  final FakeClerk fake;
  final ClientTokenStore tokens = ClientTokenStore.inMemory();
  final SignInEngine engine;
  private final SignInGateway gateway;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  private FlowFixture(FakeSettings settings, Consumer<SignInEngine.Builder> engineOptions) {
    this.fake = FakeClerk.builder().clock(FakeClock.standard()).settings(settings).build();
    this.gateway = new CountingGateway(FakeSignInGateway.over(fake), calls);
    this.engine = newEngine(engineOptions);
  }

  /** An instance with Clerk's default settings. */
  static FlowFixture standard() {
    return new FlowFixture(FakeSettings.defaults(), b -> {});
  }

  /** An instance with these settings. */
  static FlowFixture with(FakeSettings settings) {
    return new FlowFixture(settings, b -> {});
  }

  /** An instance with these settings and an engine with these extra options. */
  static FlowFixture with(FakeSettings settings, Consumer<SignInEngine.Builder> engineOptions) {
    return new FlowFixture(settings, engineOptions);
  }

  /** Clerk's default settings, to change. */
  static FakeSettings.Builder settings() {
    return FakeSettings.defaults().toBuilder();
  }

  /**
   * Another node's engine: the same gateway, clock and token store (a store the nodes share), no
   * state of its own.
   */
  SignInEngine anotherEngine() {
    return newEngine(b -> {});
  }

  private SignInEngine newEngine(Consumer<SignInEngine.Builder> options) {
    SignInEngine.Builder b =
        SignInEngine.builder().gateway(gateway).clock(fake.clock()).clientTokenStore(tokens);
    options.accept(b);
    return b.build();
  }

  /** Adds a user with {@link #PASSWORD}; returns its id. */
  String addUser(FakeUser user) {
    return fake.addUser(user.password(PASSWORD));
  }

  SignInFlow newFlow(String device) {
    return engine.newFlow(DeviceId.of(device));
  }

  FakeClock clock() {
    return fake.clock();
  }

  Instant now() {
    return fake.clock().instant();
  }

  void advance(Duration by) {
    fake.clock().advance(by);
  }

  /** The last code the fake sent to this address or number; fails when none was sent. */
  String lastCode(String to) {
    return fake.lastCodeSentTo(to)
        .orElseThrow(() -> new AssertionError("no code was sent to " + to));
  }

  /** Every code or link the fake sent, oldest first. */
  List<OutboxMessage> outbox() {
    return fake.outbox();
  }

  /** The names of the gateway operations the engine called, in order. */
  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** The device's client token, as the engine keeps it. */
  Optional<ClientToken> token(String device) {
    return tokens.load(DeviceId.of(device));
  }

  /**
   * The device's client as the fake holds it ({@code GET /v1/client}), read past the engine. The
   * token the fake rotates in the answer is kept for the device, as a real client would keep it.
   */
  ClientView client(String device) {
    FapiResponse r = fake.getClient(FapiRequest.of(token(device).map(ClientToken::reveal), IP));
    r.clientToken().ifPresent(t -> tokens.save(DeviceId.of(device), ClientToken.of(t)));
    return r.client().orElseThrow(() -> new AssertionError("the device has no client: " + r));
  }

  /**
   * Signs the device's session out ({@code POST /v1/client/sessions/{id}/end}), as the application
   * would through Clerk; the engine has no sign-out. The device stays known to the user.
   */
  void signOut(String device, String sessionId) {
    FapiResponse r =
        fake.endSession(FapiRequest.of(token(device).map(ClientToken::reveal), IP), sessionId);
    r.clientToken().ifPresent(t -> tokens.save(DeviceId.of(device), ClientToken.of(t)));
    if (!r.ok()) {
      throw new AssertionError("sign-out failed: " + r);
    }
  }

  /** True when the fake counts the device as known to the user (a session was created on it). */
  boolean knownDevice(String userId, String device) {
    return token(device).map(t -> fake.isKnownDevice(userId, t.reveal())).orElse(false);
  }

  /** A six-digit code that is not this one. */
  static String wrong(String code) {
    return code.equals("000000") ? "111111" : "000000";
  }

  /** Passes every call to the fake's gateway and writes down its name. */
  private static final class CountingGateway extends DelegatingGateway {
    private final List<String> calls;

    CountingGateway(SignInGateway delegate, List<String> calls) {
      super(delegate);
      this.calls = requireNonNull(calls, "calls");
    }

    @Override
    public GatewayResult<SignIn> createSignIn(
        RequestContext context,
        Optional<ClientToken> clientToken,
        Identifier identifier,
        Password password) {
      calls.add("createSignIn");
      return super.createSignIn(context, clientToken, identifier, password);
    }

    @Override
    public GatewayResult<SignIn> prepareSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Factor factor,
        Optional<String> redirectUrl) {
      calls.add("prepareSecondFactor");
      return super.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl);
    }

    @Override
    public GatewayResult<SignIn> attemptSecondFactor(
        RequestContext context,
        Optional<ClientToken> clientToken,
        String signInId,
        Strategy strategy,
        VerificationCode code) {
      calls.add("attemptSecondFactor");
      return super.attemptSecondFactor(context, clientToken, signInId, strategy, code);
    }

    @Override
    public GatewayResult<SignIn> getSignIn(
        RequestContext context, Optional<ClientToken> clientToken, String signInId) {
      calls.add("getSignIn");
      return super.getSignIn(context, clientToken, signInId);
    }

    @Override
    public GatewayResult<Session> activateSession(
        RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
      calls.add("activateSession");
      return super.activateSession(context, clientToken, sessionId);
    }
  }
}
