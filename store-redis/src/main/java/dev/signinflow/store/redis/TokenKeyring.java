package dev.signinflow.store.redis;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES keys that seal tokens at rest in Redis: one current key that seals every value written,
 * and older keys that still open values written before a rotation. Each value carries the id of the
 * key that sealed it.
 *
 * <pre>{@code
 * TokenKeyring keys = TokenKeyring.builder()
 *     .current("2026-12", Base64.getDecoder().decode(System.getenv("SIGNIN_TOKEN_KEY_2026_12")))
 *     .older("2026-06", Base64.getDecoder().decode(System.getenv("SIGNIN_TOKEN_KEY_2026_06")))
 *     .build();
 * }</pre>
 *
 * <p>Values are sealed with AES-GCM (the JDK's {@code AES/GCM/NoPadding}, a random 96-bit nonce per
 * value, a 128-bit tag); the authenticated data names the format, the key id, what the value is (a
 * client token, a session token) and the device, so a value copied to another device's key, or from
 * a session-token key to a client-token key, does not open. A value is written as {@code
 * sf1.<keyId>.<base64url(nonce ‖ ciphertext ‖ tag)>}.
 *
 * <p>To rotate: make a new key current and keep the old one as {@linkplain Builder#older older}
 * until every value sealed with it has been written again (the engine writes a device's client
 * token after every call to Clerk; session tokens live a minute), then drop it. A value sealed with
 * a key the keyring no longer holds does not open ({@link TokenStoreException.Reason#UNREADABLE}).
 *
 * <p>Immutable and thread-safe. Its {@code toString()} shows the key ids, never a key.
 */
public final class TokenKeyring {
  private static final String FORMAT = "sf1";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String CIPHER = "AES/GCM/NoPadding";

  private final String currentId;
  private final Map<String, SecretKey> keys;
  private final SecureRandom random = new SecureRandom();

  private TokenKeyring(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * A keyring of one key, the current one.
   *
   * @param keyId 1 to 32 letters, digits, {@code _} or {@code -}
   * @param key an AES key of 16, 24 or 32 bytes (32 recommended), copied
   * @throws IllegalArgumentException when the id or the key has another form
   */
  public static TokenKeyring of(String keyId, byte[] key) {
    return builder().current(keyId, key).build();
  }

  /** A builder; {@link Builder#current(String, byte[])} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The id of the key new values are sealed with. */
  public String currentKeyId() {
    return currentId;
  }

  /** The ids of every key held, the current one first. */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  /** Which key sealed a stored value, when it has this keyring's format. */
  static Optional<String> keyIdOf(String sealed) {
    String[] parts = sealed.split("\\.", -1);
    if (parts.length == 3 && FORMAT.equals(parts[0]) && KEY_ID.matcher(parts[1]).matches()) {
      return Optional.of(parts[1]);
    }
    return Optional.empty();
  }

  /** Seals a value of this kind for this device with the current key. */
  String seal(String kind, String device, String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(currentId, kind, device));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return FORMAT
          + "."
          + currentId
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK could not seal with " + CIPHER, e);
    }
  }

  /**
   * Opens a value sealed by {@link #seal} for this kind and device.
   *
   * @throws TokenStoreException ({@link TokenStoreException.Reason#UNREADABLE}) when it does not
   *     open
   */
  String open(String kind, String device, String sealed) {
    String what = "the stored " + kind + " of device " + device;
    String[] parts = sealed.split("\\.", -1);
    if (parts.length != 3 || !FORMAT.equals(parts[0])) {
      throw unreadable(what + " is not a value this store writes", null);
    }
    String keyId = parts[1];
    if (!KEY_ID.matcher(keyId).matches()) {
      throw unreadable(what + " names no valid key id", null);
    }
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw unreadable(
          what + " is sealed with key '" + keyId + "', which the keyring does not hold", null);
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw unreadable(what + " is not base64", null);
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw unreadable(what + " is too short", null);
    }
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(aad(keyId, kind, device));
      byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw unreadable(
          what
              + " does not open with key '"
              + keyId
              + "': another key of that id, another device's value, or corrupted",
          null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK could not open with " + CIPHER, e);
    }
  }

  private static byte[] aad(String keyId, String kind, String device) {
    return (FORMAT + "." + keyId + "." + kind + "." + device).getBytes(StandardCharsets.UTF_8);
  }

  private static TokenStoreException unreadable(String message, Throwable cause) {
    return new TokenStoreException(TokenStoreException.Reason.UNREADABLE, message, cause);
  }

  /** The key ids; never a key. */
  @Override
  public String toString() {
    List<String> older = new ArrayList<>(keys.keySet());
    older.remove(currentId);
    return "TokenKeyring[current=" + currentId + ", older=" + older + "]";
  }

  /** Builds a {@link TokenKeyring}. Not thread-safe; use once. */
  public static final class Builder {
    private String currentId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The key every new value is sealed with.
     *
     * @param keyId 1 to 32 letters, digits, {@code _} or {@code -}; stored with each value
     * @param key an AES key of 16, 24 or 32 bytes (32 recommended), copied; e.g. {@code openssl
     *     rand -base64 32}, decoded
     * @throws IllegalArgumentException when the id or the key has another form, a current key was
     *     given already, or the id is taken
     */
    public Builder current(String keyId, byte[] key) {
      if (currentId != null) {
        throw new IllegalArgumentException("a keyring has one current key; make the other older");
      }
      put(keyId, key);
      currentId = keyId;
      return this;
    }

    /** {@link #current(String, byte[])} with a {@link SecretKey} whose encoded form is the key. */
    public Builder current(String keyId, SecretKey key) {
      return current(keyId, encoded(key));
    }

    /**
     * A key that no longer seals but still opens values sealed with it before a rotation.
     *
     * @throws IllegalArgumentException as {@link #current(String, byte[])} does
     */
    public Builder older(String keyId, byte[] key) {
      put(keyId, key);
      return this;
    }

    /** {@link #older(String, byte[])} with a {@link SecretKey} whose encoded form is the key. */
    public Builder older(String keyId, SecretKey key) {
      return older(keyId, encoded(key));
    }

    /**
     * The keyring.
     *
     * @throws IllegalStateException when no current key was given
     */
    public TokenKeyring build() {
      if (currentId == null) {
        throw new IllegalStateException("a keyring needs a current key");
      }
      Map<String, SecretKey> ordered = new LinkedHashMap<>();
      ordered.put(currentId, keys.get(currentId));
      keys.forEach(ordered::putIfAbsent);
      return new TokenKeyring(currentId, Collections.unmodifiableMap(ordered));
    }

    private void put(String keyId, byte[] key) {
      requireNonNull(keyId, "keyId");
      requireNonNull(key, "key");
      if (!KEY_ID.matcher(keyId).matches()) {
        throw new IllegalArgumentException(
            "a key id is 1 to 32 letters, digits, _ or - (length was " + keyId.length() + ")");
      }
      if (keys.containsKey(keyId)) {
        throw new IllegalArgumentException("the keyring holds a key with id '" + keyId + "'");
      }
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        throw new IllegalArgumentException(
            "an AES key is 16, 24 or 32 bytes, was " + key.length + " (key id '" + keyId + "')");
      }
      boolean zero = true;
      for (byte b : key) {
        zero &= b == 0;
      }
      if (zero) {
        throw new IllegalArgumentException(
            "the key with id '" + keyId + "' is all zeros: a placeholder, not a key");
      }
      byte[] copy = Arrays.copyOf(key, key.length);
      keys.put(keyId, new SecretKeySpec(copy, "AES"));
      Arrays.fill(copy, (byte) 0);
    }

    private static byte[] encoded(SecretKey key) {
      requireNonNull(key, "key");
      byte[] bytes = key.getEncoded();
      if (bytes == null) {
        throw new IllegalArgumentException("the SecretKey has no encoded form (a hardware key?)");
      }
      return bytes;
    }
  }
}
