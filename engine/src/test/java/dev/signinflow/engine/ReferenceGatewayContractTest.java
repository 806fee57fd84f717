package dev.signinflow.engine;

import dev.signinflow.engine.spi.SignInGateway;
import org.junit.jupiter.api.BeforeEach;

/** The contract against the reference server with default settings. */
class ReferenceGatewayContractTest extends SignInGatewayContract {
  private ReferenceWorld world;

  @BeforeEach
  void freshServer() {
    world = ReferenceWorld.fresh(ReferenceGateway.Settings.DEFAULTS);
  }

  @Override
  protected SignInGateway gateway() {
    return world.server();
  }

  @Override
  protected ContractWorld world() {
    return world;
  }
}
