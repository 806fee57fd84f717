package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Names one stored sign-in flow ({@link SignInEngine#startFlow(DeviceId)}): what a service keeps in
 * the user's web session between requests, to address the flow on any node.
 *
 * <p>New ids are 22 characters of URL-safe base64 from 128 random bits, so they cannot be guessed;
 * {@link #toString()} shows only the first 6. Immutable and thread-safe; equal when the ids are.
 */
public final class FlowId {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private final String value;

  private FlowId(String value) {
    this.value = value;
  }

  /**
   * A flow id as written by {@link #value()}: 16 to 64 letters, digits, {@code _} or {@code -}.
   *
   * @throws IllegalArgumentException when the text has another form; the message does not repeat it
   */
  public static FlowId of(String value) {
    requireNonNull(value, "value");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a flow id is 16 to 64 letters, digits, _ or - (length was " + value.length() + ")");
    }
    return new FlowId(value);
  }

  /** A new id of 128 bits from this source of randomness (a {@code SecureRandom} in production). */
  public static FlowId random(Random random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return new FlowId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The id as text, to keep in a web session and give back to {@link #of(String)}. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowId && ((FlowId) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** The first 6 characters and an ellipsis: enough to tell flows apart in a log. */
  @Override
  public String toString() {
    return "FlowId[" + value.substring(0, 6) + "…]";
  }
}
