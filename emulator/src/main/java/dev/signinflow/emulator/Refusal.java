package dev.signinflow.emulator;

import dev.signinflow.transport.fake.FapiError;
import java.util.Map;

/**
 * A client's mistake found before the fake is asked — in the request line, the headers or the body
 * — answered as Clerk answers it: a status and a Clerk-shaped error, and for a 405 the methods for
 * the {@code Allow} header. A checked exception so that each reader says which mistakes it finds.
 */
final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;

  /** The HTTP status. */
  final int status;

  /** The error of the body. */
  final transient FapiError error;

  /** The methods for an {@code Allow} header, or null. */
  final String allow;

  Refusal(int status, FapiError error) {
    this(status, error, null);
  }

  Refusal(int status, FapiError error, String allow) {
    super(error.code(), null, false, false);
    this.status = status;
    this.error = error;
    this.allow = allow;
  }

  /** A 400 {@code malformed_request} that says what is wrong. */
  static Refusal malformed(String longMessage) {
    return new Refusal(400, malformedError(longMessage));
  }

  /** The error of a 400 {@code malformed_request}. */
  static FapiError malformedError(String longMessage) {
    return new FapiError("malformed_request", "is malformed", longMessage, Map.of());
  }

  /** A caller's text quoted in an error: at most 80 characters. */
  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
