package dev.signinflow.testkit.explore;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ForwardingSignInGateway;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway the explored engine talks to: passes every call to the gateway under test and writes
 * down the operation, its result type and the client token it returned. On a step's first call it
 * sends the same flow a nested {@code reset()}, which must come back {@link StepResult.Busy}: the
 * flow is in flight. {@code rateLimitBucket} is forwarded, not recorded: it is no call to the
 * server.
 *
 * <p>Not thread-safe: one per world, used by one thread.
 */
final class RecordingGateway extends ForwardingSignInGateway {
  private final List<String> calls = new ArrayList<>();
  private final List<StepResult> probes = new ArrayList<>();
  private final Set<String> tokensSeen = new LinkedHashSet<>();
  private Supplier<SignInFlow> flow;
  private boolean probing;

  RecordingGateway(SignInGateway delegate) {
    super(delegate);
  }

  /** Probes this flow for {@code Busy} on each step's first call; null stops probing. */
  void probe(Supplier<SignInFlow> flow) {
    this.flow = flow;
  }

  /** Forgets the calls and probes of the last step. */
  void newStep() {
    calls.clear();
    probes.clear();
  }

  List<String> calls() {
    return List.copyOf(calls);
  }

  List<StepResult> probes() {
    return List.copyOf(probes);
  }

  Set<String> tokensSeen() {
    return tokensSeen;
  }

  @Override
  public GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password) {
    return record(
        "createSignIn", () -> super.createSignIn(context, clientToken, identifier, password));
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    return record(
        "prepareSecondFactor",
        () -> super.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl));
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    return record(
        "attemptSecondFactor",
        () -> super.attemptSecondFactor(context, clientToken, signInId, strategy, code));
  }

  @Override
  public GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    return record("getSignIn", () -> super.getSignIn(context, clientToken, signInId));
  }

  @Override
  public GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return record("activateSession", () -> super.activateSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    return record("getClient", () -> super.getClient(context, clientToken));
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    return record(
        "createSessionToken",
        () -> super.createSessionToken(context, clientToken, sessionId, organizationId));
  }

  @Override
  public GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return record("endSession", () -> super.endSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return record("removeSession", () -> super.removeSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    return record("removeAllSessions", () -> super.removeAllSessions(context, clientToken));
  }

  private <T> GatewayResult<T> record(String operation, Supplier<GatewayResult<T>> call) {
    if (calls.isEmpty() && flow != null && !probing) {
      probing = true;
      try {
        probes.add(flow.get().reset());
      } finally {
        probing = false;
      }
    }
    GatewayResult<T> result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      calls.add(operation + ":" + e.getClass().getSimpleName());
      throw e;
    }
    calls.add(operation + ":" + (result == null ? "null" : result.getClass().getSimpleName()));
    if (result != null) {
      result.clientToken().ifPresent(t -> tokensSeen.add(t.reveal()));
    }
    return result;
  }

  @Override
  public String toString() {
    return "RecordingGateway[" + delegate() + "]";
  }
}
