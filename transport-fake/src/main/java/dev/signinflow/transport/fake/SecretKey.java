package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * An instance's secret key ({@code sk_test_...} or {@code sk_live_...}), which a proxy in front of
 * the Frontend API sends in {@code Clerk-Secret-Key} (clerk-research.md §7). It is a secret: its
 * {@link #toString()} is {@link #redacted()}, no exception message holds it, and it is compared in
 * constant time.
 */
final class SecretKey {
  private static final Pattern FORMAT = Pattern.compile("sk_(test|live)_[A-Za-z0-9]{8,200}");

  private final String value;

  private SecretKey(String value) {
    this.value = value;
  }

  /**
   * A secret key.
   *
   * @throws IllegalArgumentException when it is not {@code sk_test_} or {@code sk_live_} followed
   *     by 8 to 200 letters and digits; the message does not repeat it
   */
  static SecretKey of(String value) {
    requireNonNull(value, "secret key");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "A secret key is sk_test_ or sk_live_ followed by 8 to 200 letters and digits");
    }
    return new SecretKey(value);
  }

  /** True when this text is the key; takes the same time whatever it is. */
  boolean matches(String candidate) {
    requireNonNull(candidate, "candidate");
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key to show a person: its prefix, {@code …}, and its last four characters when it has 16 or
   * more after the prefix (so most of it stays hidden): {@code sk_test_…abcd}.
   */
  String redacted() {
    String prefix = value.substring(0, "sk_test_".length());
    String rest = value.substring(prefix.length());
    return prefix + "…" + (rest.length() >= 16 ? rest.substring(rest.length() - 4) : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretKey k && matches(k.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "SecretKey[" + redacted() + "]";
  }
}
