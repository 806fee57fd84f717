package dev.signinflow.spring;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
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
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A gateway that times each call by operation and outcome; the arguments are never looked at. Built
 * on {@link ForwardingSignInGateway}, so {@code rateLimitBucket} (not a call to time) and any call
 * the port gains reach the delegate.
 */
final class MeteredSignInGateway extends ForwardingSignInGateway {
  private final SignInMetrics metrics;

  MeteredSignInGateway(SignInGateway delegate, SignInMetrics metrics) {
    super(delegate);
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password) {
    return timed(
        "create_sign_in", () -> super.createSignIn(context, clientToken, identifier, password));
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    return timed(
        "prepare_second_factor",
        () -> super.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl));
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    return timed(
        "attempt_second_factor",
        () -> super.attemptSecondFactor(context, clientToken, signInId, strategy, code));
  }

  @Override
  public GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    return timed("get_sign_in", () -> super.getSignIn(context, clientToken, signInId));
  }

  @Override
  public GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return timed("activate_session", () -> super.activateSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    return timed("get_client", () -> super.getClient(context, clientToken));
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    return timed(
        "create_session_token",
        () -> super.createSessionToken(context, clientToken, sessionId, organizationId));
  }

  @Override
  public GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return timed("end_session", () -> super.endSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return timed("remove_session", () -> super.removeSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    return timed("remove_all_sessions", () -> super.removeAllSessions(context, clientToken));
  }

  private <T> GatewayResult<T> timed(String operation, Supplier<GatewayResult<T>> call) {
    Timer.Sample sample = metrics.start();
    String outcome = "error";
    try {
      GatewayResult<T> r = call.get();
      outcome = outcome(r);
      return r;
    } finally {
      metrics.stop(sample, operation, outcome);
    }
  }

  static String outcome(GatewayResult<?> r) {
    if (r instanceof GatewayResult.Success) {
      return "success";
    }
    if (r instanceof GatewayResult.Rejected) {
      return "rejected";
    }
    if (r instanceof GatewayResult.RateLimited) {
      return "rate_limited";
    }
    if (r instanceof GatewayResult.Unavailable) {
      return "unavailable";
    }
    return "error";
  }

  @Override
  public String toString() {
    return "Metered[" + delegate() + "]";
  }
}
