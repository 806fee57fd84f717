package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps make them (RFC 6238: 30-second steps from the
 * epoch, HMAC-SHA1, 6 digits), from a base32 secret (RFC 4648). Tests use {@link #code} to type
 * what the user's app would show.
 *
 * <p>Stateless and thread-safe.
 */
public final class Totp {
  static final long STEP_SECONDS = 30;
  private static final int DIGITS = 6;
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {}

  /**
   * The code an authenticator app shows for this secret at this instant.
   *
   * @throws IllegalArgumentException when the secret is not base32
   */
  public static String code(String base32Secret, Instant at) {
    requireNonNull(at, "at");
    return forStep(decodeSecret(base32Secret), Math.floorDiv(at.getEpochSecond(), STEP_SECONDS));
  }

  /**
   * True when the code is the one for this instant or the step before or after (the drift real
   * servers allow), compared in constant time.
   */
  static boolean matches(String base32Secret, String code, Instant at) {
    byte[] secret = decodeSecret(base32Secret);
    long step = Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    boolean ok = false;
    for (long s = step - 1; s <= step + 1; s++) {
      ok |=
          MessageDigest.isEqual(
              forStep(secret, s).getBytes(StandardCharsets.US_ASCII),
              code.getBytes(StandardCharsets.US_ASCII));
    }
    return ok;
  }

  /** The code for a raw secret and time step: HOTP (RFC 4226) with the step as counter. */
  static String forStep(byte[] secret, long step) {
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
    }
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    String code = Integer.toString(binary % 1_000_000);
    return "0".repeat(DIGITS - code.length()) + code;
  }

  /**
   * The bytes of a base32 secret; spaces and padding ignored, case-insensitive.
   *
   * @throws IllegalArgumentException when it is empty or holds a character outside base32
   */
  static byte[] decodeSecret(String base32) {
    requireNonNull(base32, "base32Secret");
    String s = base32.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("TOTP secret is empty");
    }
    ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = BASE32.indexOf(s.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("TOTP secret is not base32 at index " + i);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }
}
