package dev.signinflow.store.redis;

import dev.signinflow.engine.FlowStoreContract;
import dev.signinflow.engine.spi.FlowStore;
import org.junit.jupiter.api.Nested;

/** The engine's flow-store contract against a real Redis: one server, and a 3-master cluster. */
@RealRedis
class RedisFlowStoreContractTest {

  @Nested
  class SingleNode extends FlowStoreContract {
    @Override
    protected FlowStore newStore() {
      return RedisFlowStore.builder(SharedRedis.standalone().connection())
          .keyPrefix(SharedRedis.prefix())
          .build();
    }
  }

  @Nested
  class Cluster extends FlowStoreContract {
    @Override
    protected FlowStore newStore() {
      return RedisFlowStore.builder(SharedRedis.cluster().connection())
          .keyPrefix(SharedRedis.prefix())
          .build();
    }
  }
}
