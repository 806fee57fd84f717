package dev.signinflow.spring;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.function.Supplier;

/** A gateway that times each call by operation and outcome; the arguments are never looked at. */
final class MeteredSignInGateway implements SignInGateway {
  private final SignInGateway delegate;
  private final SignInMetrics metrics;

  MeteredSignInGateway(SignInGateway delegate, SignInMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public Optional<String> rateLimitBucket(RequestContext context) {
    return delegate.rateLimitBucket(context);
  }

  @Override
  public GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password) {
    return timed(
        "create_sign_in", () -> delegate.createSignIn(context, clientToken, identifier, password));
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
        () -> delegate.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl));
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
        () -> delegate.attemptSecondFactor(context, clientToken, signInId, strategy, code));
  }

  @Override
  public GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    return timed("get_sign_in", () -> delegate.getSignIn(context, clientToken, signInId));
  }

  @Override
  public GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return timed(
        "activate_session", () -> delegate.activateSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    return timed("get_client", () -> delegate.getClient(context, clientToken));
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    return timed(
        "create_session_token",
        () -> delegate.createSessionToken(context, clientToken, sessionId, organizationId));
  }

  @Override
  public GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return timed("end_session", () -> delegate.endSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return timed("remove_session", () -> delegate.removeSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    return timed("remove_all_sessions", () -> delegate.removeAllSessions(context, clientToken));
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
    return "Metered[" + delegate + "]";
  }
}
