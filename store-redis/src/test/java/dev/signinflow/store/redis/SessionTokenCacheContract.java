package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SessionTokenCache;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionTokenCache} does with tokens that have not expired: subclass it with
 * {@link #newCache()} (a fresh, empty cache per test). The tokens here expire an hour after {@link
 * #NOW}; a cache that reads a clock should read one at {@code NOW}.
 *
 * <p>It belongs beside the engine's {@code FlowStoreContract} in the engine's test jar; it lives
 * here until it moves there.
 */
abstract class SessionTokenCacheContract {
  /** The instant the tests' tokens are fresh at. */
  static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  protected SessionTokenCache cache;

  /** A fresh, empty cache. */
  protected abstract SessionTokenCache newCache() throws Exception;

  /** Called after each test, to close what {@link #newCache()} opened. */
  protected void closeCache() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    cache = newCache();
  }

  @AfterEach
  void close() throws Exception {
    closeCache();
  }

  /** A session JWT (unsigned: caches do not verify) for this session, expiring an hour on. */
  static SessionToken jwt(String sessionId, int n) {
    return jwt(sessionId, n, NOW.plusSeconds(3600));
  }

  static SessionToken jwt(String sessionId, int n, Instant exp) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(UTF8));
    String payload =
        b64.encodeToString(
            ("{\"sid\":\""
                    + sessionId
                    + "\",\"sub\":\"user_1\",\"n\":"
                    + n
                    + ",\"exp\":"
                    + exp.getEpochSecond()
                    + "}")
                .getBytes(UTF8));
    return SessionToken.of(header + "." + payload + ".c2lnbmF0dXJl" + n);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  @Test
  void aDeviceWithoutATokenHasNone() {
    assertThat(cache.get(DeviceId.of("never-seen"))).isEmpty();
  }

  @Test
  void aKeptTokenComesBackWhole() {
    DeviceId d = DeviceId.of("laptop-1");
    SessionToken t = jwt("sess_1", 1);

    cache.put(d, t);

    SessionToken back = cache.get(d).orElseThrow();
    assertThat(back).isEqualTo(t);
    assertThat(back.reveal()).isEqualTo(t.reveal());
    assertThat(back.expiresAt()).isEqualTo(t.expiresAt());
    assertThat(back.sessionId()).hasValue("sess_1");
  }

  @Test
  void theLatestTokenWins() {
    DeviceId d = DeviceId.of("laptop-1");

    cache.put(d, jwt("sess_1", 1));
    cache.put(d, jwt("sess_1", 2));

    assertThat(cache.get(d)).hasValue(jwt("sess_1", 2));
  }

  @Test
  void anEvictedTokenIsGoneAndEvictingNothingIsFine() {
    DeviceId d = DeviceId.of("laptop-1");
    cache.put(d, jwt("sess_1", 1));

    cache.evict(d);
    cache.evict(DeviceId.of("never-seen"));

    assertThat(cache.get(d)).isEmpty();
  }

  @Test
  void devicesAreIndependent() {
    cache.put(DeviceId.of("a"), jwt("sess_a", 1));
    cache.put(DeviceId.of("b"), jwt("sess_b", 1));
    cache.evict(DeviceId.of("a"));

    assertThat(cache.get(DeviceId.of("a"))).isEmpty();
    assertThat(cache.get(DeviceId.of("b"))).hasValue(jwt("sess_b", 1));
  }

  @Test
  void concurrentPutsOfManyDevicesAreAllKept() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        done.add(pool.submit(() -> cache.put(DeviceId.of("dev-" + n), jwt("sess_" + n, n))));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < 100; i++) {
      assertThat(cache.get(DeviceId.of("dev-" + i))).hasValue(jwt("sess_" + i, i));
    }
  }
}
