package dev.signinflow.transport.fake;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sign-ins, in the order they were made. Each client keeps its newest {@link
 * FakeClerk#KEPT_PER_CLIENT}; a newer one makes the client's previous current sign-in read-only.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class SignIns {
  private final Map<String, SignInRecord> byId = new LinkedHashMap<>();

  /** Adds a sign-in as its client's current one, replacing the one before. */
  void add(SignInRecord s, ClientRecord client) {
    if (client.signInId != null) {
      SignInRecord old = byId.get(client.signInId);
      if (old != null) {
        old.replaced = true;
      }
    }
    byId.put(s.id, s);
    client.signInId = s.id;
    client.addSignIn(s.id);
    if (client.signInIds.size() > FakeClerk.KEPT_PER_CLIENT) {
      byId.remove(client.signInIds.remove(0));
    }
  }

  /** The sign-in with this id, abandoned or not; null when there is none. */
  SignInRecord get(String id) {
    return byId.get(id);
  }

  /** The sign-ins, in the order they were made; a read-only view. */
  Collection<SignInRecord> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  /** Forgets these sign-ins (those of a forgotten client). */
  void forget(List<String> ids) {
    ids.forEach(byId::remove);
  }

  void clear() {
    byId.clear();
  }
}
