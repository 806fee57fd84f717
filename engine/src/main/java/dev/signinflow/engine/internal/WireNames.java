package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/** Looks up the enum constant for a Clerk wire name, with an UNKNOWN fallback. */
public final class WireNames {
  private WireNames() {}

  public static <E extends Enum<E>> E lookup(
      String wireName, E[] values, Function<E, String> name, E unknown) {
    requireNonNull(wireName, "wireName");
    for (E e : values) {
      if (e != unknown && name.apply(e).equals(wireName)) {
        return e;
      }
    }
    return unknown;
  }
}
