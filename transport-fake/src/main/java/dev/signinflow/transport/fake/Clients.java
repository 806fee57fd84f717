package dev.signinflow.transport.fake;

import dev.signinflow.transport.fake.RandomValues.IdKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The clients (devices) and their tokens: finding a client by any of its newest tokens, making one
 * on a device's first contact, minting a token per answer when tokens rotate, which users each is
 * known to (Client Trust), and forgetting the least recently used client, with its sign-ins and
 * sessions, once there would be more than the bound.
 *
 * <p>What it keeps per client is what the client's record holds, and one map entry: a token is
 * found through the client id in its claims, as a server reads its own token, and the clients are
 * chained least recently used first through their records. Under load every client a request keeps
 * is copied by the young collections and written into the maps of the old generation, so each entry
 * kept per client shows in the emulator's pauses (docs/performance.md §4b).
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class Clients {
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();
  private static final String CLAIMS_START = "{\"id\":\"";

  // Insertion-ordered, so that the state digest lists them in the order they were made.
  private final Map<String, ClientRecord> byId = new LinkedHashMap<>();
  // The ends of the chain of clients by use (ClientRecord.newer, .older).
  private ClientRecord leastRecent;
  private ClientRecord mostRecent;
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
    ClientRecord client = token.map(this::owner).orElse(null);
    if (client != null && client != mostRecent) {
      unchain(client);
      chain(client);
    }
    return client;
  }

  /** A new client with a first token, forgetting the least recently used one past the bound. */
  ClientRecord create() {
    ClientRecord c = new ClientRecord(random.id(IdKind.CLIENT), clock.instant());
    byId.put(c.id, c);
    chain(c);
    c.freshToken = mint(c);
    while (byId.size() > max) {
      forget(leastRecent);
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
    return rotate ? mint(c) : c.newestToken;
  }

  /** True when this user has had a session on the client this token belongs to. */
  boolean isKnown(String userId, String token) {
    ClientRecord c = owner(token);
    return c != null && c.knownTo.contains(userId);
  }

  /** True when this user has had a session on this client. */
  boolean isKnown(String userId, ClientRecord c) {
    return c.knownTo.contains(userId);
  }

  /** The user has had a session on this client: it is known to the user from now on. */
  void markKnown(String userId, ClientRecord c) {
    if (c.knownTo.isEmpty()) {
      c.knownTo = new HashSet<>(2); // most clients are known to one user, many to none
    }
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
    leastRecent = null;
    mostRecent = null;
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
    if (c.newestToken != null) {
      if (c.olderTokens == null) {
        c.olderTokens = new ArrayDeque<>();
      }
      c.olderTokens.addLast(c.newestToken);
      while (c.olderTokens.size() > FakeClerk.TOKENS_KEPT_PER_CLIENT - 1) {
        c.olderTokens.pollFirst();
      }
    }
    c.newestToken = token;
    return token;
  }

  /**
   * The client this token was minted for, if it is one of that client's newest tokens; null for
   * anything else. The client's id is the {@code id} claim {@link #mint} puts first.
   */
  private ClientRecord owner(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0) {
      return null;
    }
    String claims;
    try {
      claims = new String(B64.decode(token.substring(first + 1, second)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null; // not base64url: not a token of ours
    }
    int end = claims.indexOf('"', CLAIMS_START.length());
    if (!claims.startsWith(CLAIMS_START) || end < 0) {
      return null;
    }
    ClientRecord c = byId.get(claims.substring(CLAIMS_START.length(), end));
    if (c == null) {
      return null;
    }
    // Newest first: a client mostly presents the token it was given last.
    if (token.equals(c.newestToken)) {
      return c;
    }
    if (c.olderTokens != null) {
      for (Iterator<String> i = c.olderTokens.descendingIterator(); i.hasNext(); ) {
        if (i.next().equals(token)) {
          return c;
        }
      }
    }
    return null;
  }

  /** Puts a client at the most recently used end of the chain. */
  private void chain(ClientRecord c) {
    c.older = mostRecent;
    c.newer = null;
    if (mostRecent == null) {
      leastRecent = c;
    } else {
      mostRecent.newer = c;
    }
    mostRecent = c;
  }

  /** Takes a client out of the chain. */
  private void unchain(ClientRecord c) {
    if (c.older == null) {
      leastRecent = c.newer;
    } else {
      c.older.newer = c.newer;
    }
    if (c.newer == null) {
      mostRecent = c.older;
    } else {
      c.newer.older = c.older;
    }
    c.older = null;
    c.newer = null;
  }

  /** Forgets a client as if it had expired: its tokens, sign-ins, sessions and known users. */
  private void forget(ClientRecord c) {
    byId.remove(c.id);
    unchain(c);
    signIns.forget(c.signInIds);
    sessions.forget(c.everySessionId);
  }
}
