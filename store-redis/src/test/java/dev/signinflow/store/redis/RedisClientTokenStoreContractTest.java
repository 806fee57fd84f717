package dev.signinflow.store.redis;

import dev.signinflow.engine.ClientTokenStoreContract;
import dev.signinflow.engine.spi.ClientTokenStore;
import org.junit.jupiter.api.Nested;

/** The engine's client-token-store contract against a real Redis: one server, and a cluster. */
@RealRedis
class RedisClientTokenStoreContractTest {

  @Nested
  class SingleNode extends ClientTokenStoreContract {
    @Override
    protected ClientTokenStore newStore() {
      return RedisClientTokenStore.builder(SharedRedis.standalone().connection(), TestKeys.RING)
          .keyPrefix(SharedRedis.prefix())
          .build();
    }
  }

  @Nested
  class Cluster extends ClientTokenStoreContract {
    @Override
    protected ClientTokenStore newStore() {
      return RedisClientTokenStore.builder(SharedRedis.cluster().connection(), TestKeys.RING)
          .keyPrefix(SharedRedis.prefix())
          .build();
    }
  }
}
