package dev.signinflow.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Fixed AES keys for tests, made from a label so that each test names the key it means. */
final class TestKeys {
  /** A keyring of one key, {@code k1}. */
  static final TokenKeyring RING = TokenKeyring.of("k1", key("one"));

  private TestKeys() {}

  /** 32 bytes derived from the label: distinct labels, distinct keys. */
  static byte[] key(String label) {
    byte[] k = Arrays.copyOf(("test-key-" + label).getBytes(StandardCharsets.UTF_8), 32);
    k[31] = (byte) label.hashCode();
    k[30] = 1;
    return k;
  }

  static String base64(byte[] key) {
    return Base64.getEncoder().encodeToString(key);
  }
}
