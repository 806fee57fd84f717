package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import java.util.Optional;

/**
 * A {@link SignInGateway} that passes every call, {@link #rateLimitBucket} included, to another:
 * the base of a decorator (metrics, logging, a test's fault), which overrides the calls it changes
 * and leaves the rest. A decorator that implemented the port by hand and forgot {@link
 * #rateLimitBucket} would put every end user of a proxy-mode gateway in one back-off bucket; one
 * built on this class cannot, and gets the port's new operations when it grows.
 *
 * <pre>{@code
 * SignInGateway timed = new ForwardingSignInGateway(feign) {
 *   public GatewayResult<SignIn> createSignIn(RequestContext c, Optional<ClientToken> t,
 *       Identifier id, Password pw) {
 *     long t0 = System.nanoTime();
 *     try { return super.createSignIn(c, t, id, pw); } finally { record(System.nanoTime() - t0); }
 *   }
 * };
 * }</pre>
 *
 * <p>Thread-safe when its delegate is and its subclass adds no unguarded state.
 */
public abstract class ForwardingSignInGateway implements SignInGateway {
  private final SignInGateway delegate;

  /**
   * @param delegate the gateway every call goes to
   */
  protected ForwardingSignInGateway(SignInGateway delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  /** The gateway every call goes to. */
  protected final SignInGateway delegate() {
    return delegate;
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
