package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;

/**
 * The fake's random values (ids, codes, trace ids, token bytes, a fault's chance), all drawn from
 * the one injected {@link Random}, so a fake seeded alike makes the same ones every run.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock. The order of draws is part of what a
 * seed reproduces, so callers draw in a fixed order.
 */
final class RandomValues {
  private static final String ID_ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final HexFormat HEX = HexFormat.of();

  /** What an id names, by its prefix. */
  enum IdKind {
    USER("user_"),
    IDENTIFICATION("idn_"),
    CLIENT("client_"),
    SIGN_IN("sia_"),
    SESSION("sess_"),
    /** No prefix: a token's random part. */
    BARE("");

    private final String prefix;

    IdKind(String prefix) {
      this.prefix = prefix;
    }
  }

  private final Random random;

  RandomValues(Random random) {
    this.random = requireNonNull(random, "random");
  }

  /** An id of this kind: its prefix and 27 random letters and digits. */
  String id(IdKind kind) {
    StringBuilder sb = new StringBuilder(kind.prefix);
    for (int i = 0; i < 27; i++) {
      sb.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return sb.toString();
  }

  /** A six-digit code. */
  String sixDigits() {
    return String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
  }

  /** A {@code clerk_trace_id}: 32 hex digits. */
  String traceId() {
    return HEX.formatHex(bytes(16));
  }

  /** This many random bytes. */
  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** True with this probability; draws nothing when it is 1 or more. */
  boolean chance(double probability) {
    return probability >= 1 || random.nextDouble() < probability;
  }
}
