package dev.signinflow.engine.spi;

/**
 * A password on its way to the server. Its {@code toString()} never shows the value, and nothing in
 * the library logs, stores or snapshots it.
 *
 * <p>Immutable and thread-safe. Two passwords are never {@code equals} unless they are the same
 * object, so a password cannot leak through a comparison that takes more or less time.
 */
public final class Password extends Secret {
  private Password(String value) {
    super(value, "password");
  }

  /** Wraps a password; it may be anything, even blank (the flow reports that as a field error). */
  public static Password of(String password) {
    return new Password(password);
  }

  /** The password in clear, for a transport that must send it. */
  public String reveal() {
    return value();
  }
}
