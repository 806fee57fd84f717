package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The few claims the engine reads from a session JWT's payload, without checking its signature (the
 * verifying backend does that): {@code exp}, and {@code sid} when present. Uses the engine's own
 * {@link Json}, so the engine needs no JWT library.
 *
 * <p>Immutable and thread-safe. Failures never show the token.
 *
 * @param expiresAt the {@code exp} claim
 * @param sessionId the {@code sid} claim, when it is a string
 */
public record JwtClaims(Instant expiresAt, Optional<String> sessionId) {
  /** Longer tokens are refused unread: Clerk's are well under 2 KB. */
  static final int MAX_LENGTH = 16 * 1024;

  public JwtClaims {
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(sessionId, "sessionId");
  }

  /**
   * The claims of a JWT in compact form ({@code header.payload.signature}, base64url).
   *
   * @throws IllegalArgumentException when it is not one, or its payload has no integer {@code exp}
   */
  public static JwtClaims read(String jwt) {
    requireNonNull(jwt, "jwt");
    if (jwt.isEmpty() || jwt.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a session token is 1 to " + MAX_LENGTH + " characters, was " + jwt.length());
    }
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException(
          "a session token is three dot-separated base64url parts, this one has " + parts.length);
    }
    Object payload;
    try {
      String text = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      payload = Json.read(text);
    } catch (IllegalArgumentException e) {
      // JsonException is one too; its message quotes no more than a clipped key, but say less.
      throw new IllegalArgumentException("a session token's payload is not base64url JSON");
    }
    if (!(payload instanceof Map<?, ?> claims)) {
      throw new IllegalArgumentException("a session token's payload is not a JSON object");
    }
    Object exp = claims.get("exp");
    if (!(exp instanceof Long seconds)) {
      throw new IllegalArgumentException("a session token has no integer 'exp' claim");
    }
    if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      throw new IllegalArgumentException("a session token's 'exp' claim is out of range");
    }
    Object sid = claims.get("sid");
    return new JwtClaims(
        Instant.ofEpochSecond(seconds),
        sid instanceof String s ? Optional.of(s) : Optional.empty());
  }
}
