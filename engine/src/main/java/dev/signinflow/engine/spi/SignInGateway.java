package dev.signinflow.engine.spi;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import java.util.Optional;

/**
 * The port to Clerk's Frontend API: one method per operation the sign-in flow and a signed-in
 * device's session need.
 *
 * <p>Each call takes the end user's {@link RequestContext} ({@link RequestContext#none()} when the
 * call serves no end user's request) and the device's client token, empty on a device's first
 * contact, and returns the token the server answered with inside the {@link GatewayResult}. An
 * adapter forwards what it can of the context (the address in proxy mode's {@code X-Forwarded-For},
 * the user agent, the locale of a create) and keeps none of it. Implementations never throw for
 * what the server or the network does: failures are {@link GatewayResult.Rejected}, {@link
 * GatewayResult.RateLimited} or {@link GatewayResult.Unavailable}. They make each call at most once
 * (a retry is the caller's decision) and must be safe for use by many threads at once.
 *
 * <p>Adapters: {@code FeignSignInGateway} (HTTP), {@code FakeSignInGateway} (in memory). Every
 * adapter passes the {@code SignInGatewayContract} suite from the engine's test jar.
 */
public interface SignInGateway {

  /**
   * Whom the server counts this call's rate limits against, as far as this adapter can tell: the
   * end user's address when the adapter forwards it in a way the server trusts (proxy mode), empty
   * when every call counts against the adapter's own address. The engine's shared back-off keys its
   * waits by it, so that one user's limit does not hold back the others'. Empty by default.
   */
  default Optional<String> rateLimitBucket(RequestContext context) {
    return Optional.empty();
  }

  /** {@code POST /v1/client/sign_ins} with an identifier and a password. */
  GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password);

  /**
   * {@code POST /v1/client/sign_ins/{id}/prepare_second_factor}: sends a code or a link for this
   * factor.
   *
   * @param redirectUrl where an email link leads; required by the server for {@link
   *     Strategy#EMAIL_LINK}, ignored otherwise
   */
  GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl);

  /** {@code POST /v1/client/sign_ins/{id}/attempt_second_factor} with a code. */
  GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code);

  /** {@code GET /v1/client/sign_ins/{id}}. */
  GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId);

  /**
   * Makes a created session the client's active one ({@code POST /v1/client/sessions/{id}/touch})
   * and returns it, {@code active} or {@code pending} with its tasks.
   */
  GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId);

  // ---- sessions

  /**
   * {@code GET /v1/client}: the device's client with its sessions and {@code
   * last_active_session_id}; {@link Client#none()} when the server has no client for the token.
   */
  GatewayResult<Client> getClient(RequestContext context, Optional<ClientToken> clientToken);

  /**
   * {@code POST /v1/client/sessions/{id}/tokens}: a fresh session JWT for one of the client's
   * signed-in sessions ({@code active}, or {@code pending} with {@code sts=pending}).
   *
   * @param organizationId {@code organization_id}: empty to keep the session's last active
   *     organization (the field is not sent); an empty string for the personal account
   */
  GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId);

  /**
   * {@code POST /v1/client/sessions/{id}/end}: signs the session out; it stays listed on the client
   * as {@code ended}. The client, and so the device's Client Trust, stays.
   */
  GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId);

  /**
   * {@code POST /v1/client/sessions/{id}/remove}: signs the session out and removes it from the
   * client ({@code removed}). The client stays.
   */
  GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId);

  /**
   * {@code DELETE /v1/client/sessions}: removes every session of the client, keeping the client
   * (Clerk: "without removing the __client cookie"); answers with the client afterwards.
   */
  GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken);
}
