package dev.signinflow.engine.spi;

/**
 * A one-time code (email, SMS, TOTP or backup code) on its way to the server. Its {@code
 * toString()} never shows the value, and nothing in the library logs, stores or snapshots it.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerificationCode extends Secret {
  private VerificationCode(String value) {
    super(value, "code");
  }

  /** Wraps a code as typed; the flow checks its form before anything is sent. */
  public static VerificationCode of(String code) {
    return new VerificationCode(code);
  }

  /** The code in clear, for a transport that must send it. */
  public String reveal() {
    return value();
  }
}
