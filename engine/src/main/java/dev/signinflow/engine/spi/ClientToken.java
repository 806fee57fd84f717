package dev.signinflow.engine.spi;

/**
 * The token that identifies a device's Clerk client (a JWT in native mode). It may be stored, as
 * {@link ClientTokenStore} does, but it is never logged: its {@code toString()} is redacted.
 *
 * <p>Immutable and thread-safe; equal when the token text is equal.
 */
public final class ClientToken extends Secret {
  private static final int MAX_LENGTH = 16 * 1024;

  private ClientToken(String value) {
    super(value, "token");
  }

  /**
   * Wraps a token as the server issued it, without the {@code Bearer } prefix.
   *
   * @throws IllegalArgumentException when the token is blank, too long, or holds white space or
   *     control characters (the message never contains the token)
   */
  public static ClientToken of(String token) {
    ClientToken t = new ClientToken(token);
    if (token.isEmpty() || token.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "client token must be 1 to " + MAX_LENGTH + " characters, was " + token.length());
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "client token holds a character that is not visible ASCII at index " + i);
      }
    }
    return t;
  }

  /** The token in clear, for a transport or a {@link ClientTokenStore}. */
  public String reveal() {
    return value();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientToken && ((ClientToken) o).value().equals(value());
  }

  @Override
  public int hashCode() {
    return value().hashCode();
  }
}
