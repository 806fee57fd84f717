package dev.signinflow.engine.spi;

import dev.signinflow.engine.internal.JwtClaims;
import java.time.Instant;
import java.util.Optional;

/**
 * A session JWT as Clerk's {@code POST /v1/client/sessions/{id}/tokens} mints it: what a backend
 * verifies on each request. Its {@code toString()} never shows the token; its expiry and session id
 * are read from the token's own claims ({@code exp}, {@code sid}) without checking its signature,
 * which is the verifying backend's business.
 *
 * <p>Immutable and thread-safe; equal when the token text is equal.
 */
public final class SessionToken extends Secret {
  private final Instant expiresAt;
  private final Optional<String> sessionId;

  private SessionToken(String jwt, JwtClaims claims) {
    super(jwt, "jwt");
    this.expiresAt = claims.expiresAt();
    this.sessionId = claims.sessionId();
  }

  /**
   * Wraps a session JWT as the server issued it.
   *
   * @throws IllegalArgumentException when it is not a JWT in compact form whose payload is a JSON
   *     object with a numeric {@code exp} claim (the message never contains the token)
   */
  public static SessionToken of(String jwt) {
    return new SessionToken(jwt, JwtClaims.read(jwt));
  }

  /** The token in clear, for an {@code Authorization: Bearer} header. */
  public String reveal() {
    return value();
  }

  /** When the token expires: its {@code exp} claim. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The session the token is for: its {@code sid} claim, when it has one. */
  public Optional<String> sessionId() {
    return sessionId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionToken && ((SessionToken) o).value().equals(value());
  }

  @Override
  public int hashCode() {
    return value().hashCode();
  }
}
