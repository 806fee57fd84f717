package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

/** The shared core of the secret value types: a value that is never printed. */
abstract class Secret {
  private final String value;

  Secret(String value, String name) {
    this.value = requireNonNull(value, name);
  }

  final String value() {
    return value;
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[redacted]";
  }
}
