package dev.signinflow.store.redis;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script the stores run atomically on Redis, with the SHA-1 digest {@code EVALSHA} names it
 * by.
 *
 * @param name what it does, for messages
 * @param source the script
 * @param sha1 its digest, lower-case hex
 */
record LuaScript(String name, String source, String sha1) {
  LuaScript {
    requireNonNull(name, "name");
    requireNonNull(source, "source");
    requireNonNull(sha1, "sha1");
  }

  static LuaScript of(String name, String source) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return new LuaScript(name, source, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  @Override
  public String toString() {
    return "LuaScript[" + name + " " + sha1.substring(0, 8) + "]";
  }
}
