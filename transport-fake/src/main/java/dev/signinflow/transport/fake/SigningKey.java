package dev.signinflow.transport.fake;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A fake instance's RS256 key for session tokens, made from a seed: the same seed gives the same
 * key and key id, so tests and their fixtures are repeatable. Clerk signs with the instance's key
 * and names it by the instance id ({@code kid} = {@code ins_...}); so does this.
 *
 * <p>Two 1024-bit primes drawn from a {@link Random} seeded with the seed make a 2048-bit modulus
 * (what JWT libraries ask of RS256 at least), e = 65537. Finding the primes takes a fraction of a
 * second, so keys are kept per seed for the life of the process (a few: tests use few seeds). A
 * test key, not a secret: anyone with the seed can sign.
 *
 * <p>Immutable and thread-safe.
 */
final class SigningKey {
  private static final BigInteger E = BigInteger.valueOf(65_537);
  private static final int MODULUS_BITS = 2048;
  private static final int MAX_TRIES = 64;
  private static final int KEPT = 16;
  private static final Map<Long, SigningKey> BY_SEED = new LinkedHashMap<>();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String ID_ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** Clerk's token category of session tokens, the header's {@code cat}. */
  static final String SESSION_TOKEN_CATEGORY = "cl_B7d4PD111AAA";

  private final String keyId;
  private final PrivateKey privateKey;
  private final RSAPublicKey publicKey;

  private SigningKey(String keyId, PrivateKey privateKey, RSAPublicKey publicKey) {
    this.keyId = keyId;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The key of this seed, made once per process (per the last {@value #KEPT} seeds). */
  static SigningKey forSeed(long seed) {
    synchronized (BY_SEED) {
      SigningKey k = BY_SEED.get(seed);
      if (k == null) {
        k = make(seed);
        if (BY_SEED.size() >= KEPT) {
          BY_SEED.remove(BY_SEED.keySet().iterator().next());
        }
        BY_SEED.put(seed, k);
      }
      return k;
    }
  }

  /** A new key from this seed, not kept: {@link #forSeed} keeps them; tests make them afresh. */
  static SigningKey make(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < MAX_TRIES; i++) {
      BigInteger p = BigInteger.probablePrime(MODULUS_BITS / 2, random);
      BigInteger q = BigInteger.probablePrime(MODULUS_BITS / 2, random);
      BigInteger n = p.multiply(q);
      BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
      if (p.equals(q) || n.bitLength() != MODULUS_BITS || !phi.gcd(E).equals(BigInteger.ONE)) {
        continue;
      }
      BigInteger d = E.modInverse(phi);
      StringBuilder kid = new StringBuilder("ins_");
      for (int c = 0; c < 27; c++) {
        kid.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
      }
      try {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey priv =
            rsa.generatePrivate(
                new RSAPrivateCrtKeySpec(
                    n,
                    E,
                    d,
                    p,
                    q,
                    d.mod(p.subtract(BigInteger.ONE)),
                    d.mod(q.subtract(BigInteger.ONE)),
                    q.modInverse(p)));
        RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(n, E));
        return new SigningKey(kid.toString(), priv, pub);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA is required of every Java platform", e);
      }
    }
    throw new IllegalStateException("no RSA key from seed " + seed + " in " + MAX_TRIES + " tries");
  }

  /** The key id, {@code ins_} and 27 letters and digits: the fake instance's id. */
  String keyId() {
    return keyId;
  }

  RSAPublicKey publicKey() {
    return publicKey;
  }

  /**
   * A JWT with Clerk's session-token header ({@code alg} RS256, {@code cat}, {@code kid}, {@code
   * typ} JWT) and these claims (a JSON object), signed RS256.
   */
  String sign(String claimsJson) {
    String header =
        "{\"alg\":\"RS256\",\"cat\":\""
            + SESSION_TOKEN_CATEGORY
            + "\",\"kid\":\""
            + keyId
            + "\",\"typ\":\"JWT\"}";
    String input = b64(header) + "." + b64(claimsJson);
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(privateKey);
      rs256.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA256withRSA is required of every Java platform", e);
    }
  }

  /**
   * The public key as a JWK Set, as FAPI serves it at {@code /.well-known/jwks.json}: {@code
   * {"keys":[{"use":"sig","kty":"RSA","kid":...,"alg":"RS256","n":...,"e":"AQAB"}]}}.
   */
  String jwks() {
    return "{\"keys\":[{\"use\":\"sig\",\"kty\":\"RSA\",\"kid\":\""
        + keyId
        + "\",\"alg\":\"RS256\",\"n\":\""
        + B64.encodeToString(unsigned(publicKey.getModulus()))
        + "\",\"e\":\""
        + B64.encodeToString(unsigned(publicKey.getPublicExponent()))
        + "\"}]}";
  }

  /** The big-endian magnitude without the sign byte BigInteger adds (RFC 7518 §6.3.1). */
  private static byte[] unsigned(BigInteger x) {
    byte[] b = x.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      byte[] out = new byte[b.length - 1];
      System.arraycopy(b, 1, out, 0, out.length);
      return out;
    }
    return b;
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }
}
