package dev.signinflow.store.redis;

import dev.signinflow.engine.MutableClock;
import dev.signinflow.engine.spi.SessionTokenCache;
import org.junit.jupiter.api.Nested;

/** The session-token-cache contract: the engine's in-memory cache, and Redis (node, cluster). */
class SessionTokenCacheContractTest {

  @Nested
  class InMemory extends SessionTokenCacheContract {
    @Override
    protected SessionTokenCache newCache() {
      return SessionTokenCache.inMemory();
    }
  }

  @Nested
  @RealRedis
  class SingleNode extends SessionTokenCacheContract {
    @Override
    protected SessionTokenCache newCache() {
      return RedisSessionTokenCache.builder(SharedRedis.standalone().connection(), TestKeys.RING)
          .keyPrefix(SharedRedis.prefix())
          .clock(MutableClock.at(NOW))
          .build();
    }
  }

  @Nested
  @RealRedis
  class Cluster extends SessionTokenCacheContract {
    @Override
    protected SessionTokenCache newCache() {
      return RedisSessionTokenCache.builder(SharedRedis.cluster().connection(), TestKeys.RING)
          .keyPrefix(SharedRedis.prefix())
          .clock(MutableClock.at(NOW))
          .build();
    }
  }
}
