package dev.signinflow.transport.fake;

import dev.signinflow.transport.fake.RandomValues.IdKind;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The instance's users, in the order they were added: adding one (with its ids and salted password
 * hash) and finding one by any of its identifiers.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class Users {
  private final Map<String, UserRecord> byId = new LinkedHashMap<>();
  private final RandomValues random;

  Users(RandomValues random) {
    this.random = random;
  }

  /**
   * Adds a user and returns its record; a user set up as locked is locked from now for the
   * settings' lockout duration.
   *
   * @throws IllegalArgumentException when it has no email, phone or username, one of them is taken,
   *     or it has no password
   */
  UserRecord add(FakeUser user, Instant now, FakeSettings settings) {
    if (Identifiers.of(user).isEmpty()) {
      throw new IllegalArgumentException("a user needs an email, a phone or a username");
    }
    if (user.password().isEmpty()) {
      throw new IllegalArgumentException("a user needs a password to sign in with one: " + user);
    }
    for (String identifier : Identifiers.of(user)) {
      if (find(identifier).isPresent()) {
        throw new IllegalArgumentException("identifier already taken: " + identifier);
      }
    }
    String id = random.id(IdKind.USER);
    String emailId = random.id(IdKind.IDENTIFICATION);
    String phoneId = random.id(IdKind.IDENTIFICATION);
    UserRecord r = new UserRecord(id, user, emailId, phoneId, random.bytes(16));
    if (user.locked()) {
      r.lockedUntil = now.plus(settings.lockoutDuration());
    }
    byId.put(r.id, r);
    return r;
  }

  /** The user with this email, phone number or username. */
  Optional<UserRecord> find(String identifier) {
    String key = Identifiers.normalize(identifier);
    for (UserRecord u : byId.values()) {
      if (u.hasKey(key)) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  /** The user with this id; every sign-in and session names one that exists. */
  UserRecord get(String id) {
    return byId.get(id);
  }

  /** The users, in the order they were added; a read-only view. */
  Collection<UserRecord> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  int size() {
    return byId.size();
  }

  void clear() {
    byId.clear();
  }
}
