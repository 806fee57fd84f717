package dev.signinflow.store.redis;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The stores' key names: a prefix the application chooses, a kind, and the flow's or device's id in
 * braces, Redis Cluster's hash tag, so that the keys of one flow (or of one device) live in one
 * slot and a script may touch them together.
 */
final class RedisKeys {
  /** The prefix when none is given. */
  static final String DEFAULT_PREFIX = "signinflow:";

  /**
   * A prefix: printable ASCII without white space or braces (a brace would make part of the prefix
   * the hash tag and put every key in one slot), at most 64 characters.
   */
  private static final Pattern PREFIX = Pattern.compile("[\\x21-\\x7a\\x7c\\x7e]{0,64}");

  private RedisKeys() {}

  static String checkPrefix(String prefix) {
    requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "a key prefix is at most 64 printable ASCII characters without white space, { or }"
              + " (length was "
              + prefix.length()
              + ")");
    }
    return prefix;
  }

  /** {@code <prefix><kind>:{<id>}}. */
  static String key(String prefix, String kind, String id) {
    return prefix + kind + ":{" + id + "}";
  }
}
