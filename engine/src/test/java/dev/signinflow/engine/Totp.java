package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 time-based one-time passwords: 30-second steps from the epoch, HmacSHA1, 6 digits. */
final class Totp {
  static final long STEP_SECONDS = 30;
  static final int DIGITS = 6;

  private Totp() {}

  /** The code for this secret at this instant. */
  static String at(byte[] secret, Instant instant) {
    return forStep(secret, Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS), DIGITS);
  }

  /** The code for this secret in this time step (RFC 4226 HOTP with the step as counter). */
  static String forStep(byte[] secret, long step, int digits) {
    requireNonNull(secret, "secret");
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
    int modulo = 1;
    for (int i = 0; i < digits; i++) {
      modulo *= 10;
    }
    String code = Integer.toString(binary % modulo);
    return "0".repeat(digits - code.length()) + code;
  }
}
