package dev.signinflow.engine;

import dev.signinflow.engine.spi.FlowStore;

class InMemoryFlowStoreContractTest extends FlowStoreContract {
  @Override
  protected FlowStore newStore() {
    return FlowStore.inMemory();
  }
}
