package dev.signinflow.transport.fake;

import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.Views.FactorView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A user as the server keeps it: the set-up without its password, the password as a salted hash,
 * the ids of its email address and phone number, its failed attempts and lockout, and the backup
 * codes it has used.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class UserRecord {
  final String id;
  final FakeUser spec;
  final String emailId;
  final String phoneId;
  private final byte[] salt;
  private final byte[] passwordHash;
  final Set<String> usedBackupCodes = new HashSet<>();
  int failures;
  Instant lockedUntil;

  /** Its email, phone and username as set up, and each normalized: made once, read per sign-in. */
  private final List<String> identifiers;

  private final List<String> keys;

  /**
   * {@code supported_identifiers} ({@link Identifiers#kinds}), made once: every sign-in shows it.
   */
  final List<String> identifierKinds;

  /** Client Trust's one-factor list per strategy, made on first use ({@link Factors#trust}). */
  private final Map<Strategy, List<FactorView>> trustFactors = new EnumMap<>(Strategy.class);

  UserRecord(String id, FakeUser spec, String emailId, String phoneId, byte[] salt) {
    this.id = id;
    // Keep what the server needs: the password only as a salted hash.
    this.spec = spec.password("");
    this.emailId = emailId;
    this.phoneId = phoneId;
    this.salt = salt.clone();
    this.passwordHash = hash(salt, spec.password());
    this.identifiers = List.copyOf(Identifiers.of(spec));
    this.keys = identifiers.stream().map(Identifiers::normalize).toList();
    this.identifierKinds = List.copyOf(Identifiers.kinds(spec));
  }

  /** True when one of its identifiers normalizes to this key ({@link Identifiers#normalize}). */
  boolean hasKey(String key) {
    return keys.contains(key);
  }

  /**
   * Its own identifier string when the typed one is exactly that, else the typed one: a sign-in
   * then keeps no copy of what every request of a load types alike.
   */
  String identifierAsTyped(String typed) {
    int i = identifiers.indexOf(typed);
    return i < 0 ? typed : identifiers.get(i);
  }

  /** Client Trust's one-factor list for this strategy, made by {@code make} on first use. */
  List<FactorView> trustFactor(Strategy strategy, Supplier<FactorView> make) {
    return trustFactors.computeIfAbsent(strategy, s -> List.of(make.get()));
  }

  /** True when this is the user's password; compared in constant time. */
  boolean passwordIs(String password) {
    return MessageDigest.isEqual(hash(salt, password), passwordHash);
  }

  /**
   * An unused backup code equal to the one typed (without surrounding blanks), compared in constant
   * time; empty when there is none.
   */
  Optional<String> unusedBackupCode(String typed) {
    byte[] bytes = typed.strip().getBytes(StandardCharsets.UTF_8);
    String match = null;
    for (String candidate : spec.backupCodes()) {
      if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), bytes)
          && !usedBackupCodes.contains(candidate)) {
        match = candidate;
      }
    }
    return Optional.ofNullable(match);
  }

  /** A failed password or code: at the threshold the user is locked out and the count restarts. */
  void failed(Instant now, FakeSettings settings) {
    failures++;
    if (failures >= settings.lockoutThreshold()) {
      lockedUntil = now.plus(settings.lockoutDuration());
      failures = 0;
    }
  }

  /** How long the user stays locked out; empty when it is not. */
  Optional<Duration> lockedFor(Instant now) {
    if (lockedUntil != null && now.isBefore(lockedUntil)) {
      return Optional.of(Duration.between(now, lockedUntil));
    }
    return Optional.empty();
  }

  private static byte[] hash(byte[] salt, String password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      return md.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
