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
  public GatewayResult<SignIn> createSignIn(
      Optional<ClientToken> clientToken, Identifier identifier, Password password) {
    return delegate.createSignIn(clientToken, identifier, password);
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    return delegate.prepareSecondFactor(clientToken, signInId, factor, redirectUrl);
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    return delegate.attemptSecondFactor(clientToken, signInId, strategy, code);
  }

  @Override
  public GatewayResult<SignIn> getSignIn(Optional<ClientToken> clientToken, String signInId) {
    return delegate.getSignIn(clientToken, signInId);
  }

  @Override
  public GatewayResult<Session> activateSession(
      Optional<ClientToken> clientToken, String sessionId) {
    return delegate.activateSession(clientToken, sessionId);
  }

  @Override
  public GatewayResult<Client> getClient(Optional<ClientToken> clientToken) {
    return delegate.getClient(clientToken);
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      Optional<ClientToken> clientToken, String sessionId, Optional<String> organizationId) {
    return delegate.createSessionToken(clientToken, sessionId, organizationId);
  }

  @Override
  public GatewayResult<Session> endSession(Optional<ClientToken> clientToken, String sessionId) {
    return delegate.endSession(clientToken, sessionId);
  }

  @Override
  public GatewayResult<Session> removeSession(Optional<ClientToken> clientToken, String sessionId) {
    return delegate.removeSession(clientToken, sessionId);
  }

  @Override
  public GatewayResult<Client> removeAllSessions(Optional<ClientToken> clientToken) {
    return delegate.removeAllSessions(clientToken);
  }
}
