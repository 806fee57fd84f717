package dev.signinflow.benchmarks;

import static java.util.Objects.requireNonNull;

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
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A gateway that passes every call to another and counts the calls, the server's 429s and the
 * unreachable answers. The engine puts its shared back-off in front of the gateway it is given, so
 * these are the calls that reached the transport: with the transport's automatic retry off, one
 * call is one HTTP request, and a {@link GatewayResult.RateLimited} here is a 429 from the server.
 *
 * <p>Thread-safe.
 */
final class CountingGateway implements SignInGateway {
  private final SignInGateway delegate;
  private final LongAdder calls = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder unavailable = new LongAdder();

  CountingGateway(SignInGateway delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  /** The counts so far. */
  Counts counts() {
    return new Counts(calls.sum(), rateLimited.sum(), unavailable.sum());
  }

  /**
   * Counts at one moment.
   *
   * @param calls calls that reached the transport
   * @param rateLimited of them, answered 429 by the server
   * @param unavailable of them, with no usable answer (timeout, refused or dropped connection, 5xx)
   */
  record Counts(long calls, long rateLimited, long unavailable) {
    Counts minus(Counts earlier) {
      return new Counts(
          calls - earlier.calls,
          rateLimited - earlier.rateLimited,
          unavailable - earlier.unavailable);
    }
  }

  private <T> GatewayResult<T> counted(GatewayResult<T> result) {
    calls.increment();
    if (result instanceof GatewayResult.RateLimited) {
      rateLimited.increment();
    } else if (result instanceof GatewayResult.Unavailable) {
      unavailable.increment();
    }
    return result;
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
    return counted(delegate.createSignIn(context, clientToken, identifier, password));
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    return counted(
        delegate.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl));
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    return counted(delegate.attemptSecondFactor(context, clientToken, signInId, strategy, code));
  }

  @Override
  public GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    return counted(delegate.getSignIn(context, clientToken, signInId));
  }

  @Override
  public GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return counted(delegate.activateSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    return counted(delegate.getClient(context, clientToken));
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    return counted(delegate.createSessionToken(context, clientToken, sessionId, organizationId));
  }

  @Override
  public GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return counted(delegate.endSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return counted(delegate.removeSession(context, clientToken, sessionId));
  }

  @Override
  public GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    return counted(delegate.removeAllSessions(context, clientToken));
  }

  @Override
  public String toString() {
    return "CountingGateway[" + delegate + "]";
  }
}
