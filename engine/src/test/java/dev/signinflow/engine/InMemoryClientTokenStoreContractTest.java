package dev.signinflow.engine;

import dev.signinflow.engine.spi.ClientTokenStore;

class InMemoryClientTokenStoreContractTest extends ClientTokenStoreContract {
  @Override
  protected ClientTokenStore newStore() {
    return ClientTokenStore.inMemory();
  }
}
