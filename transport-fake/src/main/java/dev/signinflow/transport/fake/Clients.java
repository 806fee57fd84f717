package dev.signinflow.transport.fake;

import dev.signinflow.transport.fake.RandomValues.IdKind;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The clients (devices) and their tokens: finding a client by any of its newest tokens, making one
 * on a device's first contact, minting a token per answer when tokens rotate, which users each is
 * known to (Client Trust), and forgetting the least recently used client, with its sign-ins and
 * sessions, once there would be more than the bound.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class Clients {
  // Insertion-ordered, so that the state digest lists them in the order they were made.
  private final Map<String, ClientRecord> byId = new LinkedHashMap<>();
  // The same clients' ids, least recently used first (access-ordered).
  private final Map<String, Boolean> use = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, String> idByToken = new HashMap<>();
  private final FakeClock clock;
  private final RandomValues random;
  private final int max;
  private final SignIns signIns;
  private final Sessions sessions;

  Clients(FakeClock clock, RandomValues random, int max, SignIns signIns, Sessions sessions) {
    this.clock = clock;
    this.random = random;
    this.max = max;
    this.signIns = signIns;
    this.sessions = sessions;
  }

  /**
   * The client one of whose newest tokens this is, now the most recently used; null when there is
   * no token or nobody knows it.
   */
  ClientRecord find(Optional<String> token) {
    ClientRecord client = token.map(idByToken::get).map(byId::get).orElse(null);
    if (client != null) {
      use.get(client.id); // most recently used now
    }
    return client;
  }

  /** A new client with a first token, forgetting the least recently used one past the bound. */
  ClientRecord create() {
    ClientRecord c = new ClientRecord(random.id(IdKind.CLIENT), clock.instant());
    byId.put(c.id, c);
    use.put(c.id, Boolean.TRUE);
    c.freshToken = mint(c);
    while (byId.size() > max) {
      forget(byId.get(use.keySet().iterator().next()));
    }
    return c;
  }

  /**
   * The token to answer with: the one just minted for a new client, else a fresh one when tokens
   * rotate, else the client's current one.
   */
  String tokenFor(ClientRecord c, boolean rotate) {
    if (c.freshToken != null) {
      String t = c.freshToken;
      c.freshToken = null;
      return t;
    }
    return rotate ? mint(c) : c.tokens.peekLast();
  }

  /** True when this user has had a session on the client this token belongs to. */
  boolean isKnown(String userId, String token) {
    String clientId = idByToken.get(token);
    return clientId != null && byId.get(clientId).knownTo.contains(userId);
  }

  /** True when this user has had a session on this client. */
  boolean isKnown(String userId, ClientRecord c) {
    return c.knownTo.contains(userId);
  }

  /** The user has had a session on this client: it is known to the user from now on. */
  void markKnown(String userId, ClientRecord c) {
    c.knownTo.add(userId);
  }

  /** How many (user, client) pairs are known devices. */
  int knownDeviceCount() {
    return byId.values().stream().mapToInt(c -> c.knownTo.size()).sum();
  }

  /** The client with this id; every sign-in and session names one that exists. */
  ClientRecord get(String id) {
    return byId.get(id);
  }

  /** The clients, in the order they were made; a read-only view. */
  Collection<ClientRecord> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  int size() {
    return byId.size();
  }

  void clear() {
    byId.clear();
    use.clear();
    idByToken.clear();
  }

  private String mint(ClientRecord c) {
    String claims =
        "{\"id\":\""
            + c.id
            + "\",\"rotating_token\":\""
            + random.id(IdKind.BARE)
            + "\",\"iat\":"
            + clock.instant().getEpochSecond()
            + "}";
    String token = Jwt.withClaims(claims, random);
    c.tokens.addLast(token);
    idByToken.put(token, c.id);
    while (c.tokens.size() > FakeClerk.TOKENS_KEPT_PER_CLIENT) {
      idByToken.remove(c.tokens.pollFirst());
    }
    return token;
  }

  /** Forgets a client as if it had expired: its tokens, sign-ins, sessions and known users. */
  private void forget(ClientRecord c) {
    byId.remove(c.id);
    use.remove(c.id);
    c.tokens.forEach(idByToken::remove);
    signIns.forget(c.signInIds);
    sessions.forget(c.everySessionId);
  }
}
