package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a user signs in with: an email address, a phone number in E.164 form, or a username.
 *
 * <p>Immutable and thread-safe; equal when kind and normalized value are equal. An identifier is
 * personal data but not a secret: it may appear in {@code toString()}.
 */
public final class Identifier {
  /** The kinds of identifier Clerk accepts with a password. */
  public enum Kind {
    EMAIL_ADDRESS,
    PHONE_NUMBER,
    USERNAME
  }

  /** The longest identifier accepted before anything is sent. */
  public static final int MAX_LENGTH = 256;

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().-]");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,64}");

  private final Kind kind;
  private final String value;

  private Identifier(Kind kind, String value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * Reads an identifier as a user would type it: an address with {@code @} is an email (lower-cased
   * domain), a value starting with {@code +} is a phone number (spaces, dots, dashes and
   * parentheses dropped, then E.164), anything else a username.
   *
   * @throws IllegalArgumentException when the text is blank, longer than {@link #MAX_LENGTH}, or
   *     not of any of these forms
   */
  public static Identifier parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not an email address, E.164 phone number or username: " + describe(text)));
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static Optional<Identifier> tryParse(String text) {
    requireNonNull(text, "text");
    String t = text.strip();
    if (t.isEmpty() || t.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    if (t.indexOf('@') >= 0) {
      if (!EMAIL.matcher(t).matches() || t.length() > 254) {
        return Optional.empty();
      }
      int at = t.lastIndexOf('@');
      return Optional.of(
          new Identifier(
              Kind.EMAIL_ADDRESS, t.substring(0, at) + t.substring(at).toLowerCase(Locale.ROOT)));
    }
    if (t.startsWith("+")) {
      String digits = PHONE_PUNCTUATION.matcher(t).replaceAll("");
      return E164.matcher(digits).matches()
          ? Optional.of(new Identifier(Kind.PHONE_NUMBER, digits))
          : Optional.empty();
    }
    return USERNAME.matcher(t).matches()
        ? Optional.of(new Identifier(Kind.USERNAME, t))
        : Optional.empty();
  }

  private static String describe(String text) {
    return text.length() > 64 ? "(" + text.length() + " characters)" : "'" + text + "'";
  }

  /** Which kind of identifier this is. */
  public Kind kind() {
    return kind;
  }

  /** The normalized value, as sent to the server. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identifier
        && ((Identifier) o).kind == kind
        && ((Identifier) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
