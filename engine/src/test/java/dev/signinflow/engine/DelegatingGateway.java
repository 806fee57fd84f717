package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import java.util.Optional;

/** A gateway that passes every call to another; tests override the calls they want to change. */
public class DelegatingGateway implements SignInGateway {
  private final SignInGateway delegate;

  public DelegatingGateway(SignInGateway delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
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
    return delegate.createSignIn(context, clientToken, identifier, password);
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    return delegate.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl);
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    return delegate.attemptSecondFactor(context, clientToken, signInId, strategy, code);
  }

  @Override
  public GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    return delegate.getSignIn(context, clientToken, signInId);
  }

  @Override
  public GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return delegate.activateSession(context, clientToken, sessionId);
  }

  @Override
  public GatewayResult<Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    return delegate.getClient(context, clientToken);
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    return delegate.createSessionToken(context, clientToken, sessionId, organizationId);
  }

  @Override
  public GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return delegate.endSession(context, clientToken, sessionId);
  }

  @Override
  public GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return delegate.removeSession(context, clientToken, sessionId);
  }

  @Override
  public GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    return delegate.removeAllSessions(context, clientToken);
  }
}
