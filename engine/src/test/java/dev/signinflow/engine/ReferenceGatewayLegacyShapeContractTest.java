package dev.signinflow.engine;

import dev.signinflow.engine.spi.SignInGateway;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract against the reference server with Clerk's legacy Client Trust shape, a session task
 * and multi-session mode, so the contract's branches for all three are exercised.
 */
class ReferenceGatewayLegacyShapeContractTest extends SignInGatewayContract {
  private ReferenceWorld world;

  @BeforeEach
  void freshServer() {
    world =
        ReferenceWorld.fresh(
            new ReferenceGateway.Settings(true, List.of(SessionTask.CHOOSE_ORGANIZATION), false));
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
