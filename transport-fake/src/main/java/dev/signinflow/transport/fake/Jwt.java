package dev.signinflow.transport.fake;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JWT's compact form as the fake writes it: an RS256 header, the claims, and random bytes where
 * the signature goes. Nothing checks that signature; clients read only the claims.
 */
final class Jwt {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final int SIGNATURE_BYTES = 32;

  private Jwt() {}

  /** A token with these claims (a JSON object) and a random signature drawn from {@code random}. */
  static String withClaims(String claimsJson, RandomValues random) {
    return HEADER
        + "."
        + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(random.bytes(SIGNATURE_BYTES));
  }
}
