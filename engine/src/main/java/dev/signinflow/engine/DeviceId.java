package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Names one device (a browser, an app install) of the service's users. Clerk's Client Trust is
 * decided per device, so the engine keeps one client token per device id.
 *
 * <p>Immutable and thread-safe; equal when the names are equal.
 */
public final class DeviceId {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  private final String value;

  private DeviceId(String value) {
    this.value = value;
  }

  /**
   * A device id of 1 to 128 letters, digits and {@code . _ : @ -}.
   *
   * @throws IllegalArgumentException when the id has another form
   */
  public static DeviceId of(String value) {
    requireNonNull(value, "value");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "device id must be 1 to 128 letters, digits or . _ : @ - (length was "
              + value.length()
              + ")");
    }
    return new DeviceId(value);
  }

  /** The name as given. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceId && ((DeviceId) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
