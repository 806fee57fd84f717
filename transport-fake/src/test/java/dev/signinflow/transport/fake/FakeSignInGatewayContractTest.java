package dev.signinflow.transport.fake;

import dev.signinflow.engine.ContractWorld;
import dev.signinflow.engine.SignInGatewayContract;
import dev.signinflow.engine.spi.SignInGateway;
import org.junit.jupiter.api.BeforeEach;

/** The port's contract, against the in-memory fake with default settings. */
class FakeSignInGatewayContractTest extends SignInGatewayContract {
  private FakeClerk fake;
  private FakeWorld world;

  @BeforeEach
  void startFake() {
    fake = FakeClerk.create();
    world = new FakeWorld(fake);
  }

  @Override
  protected SignInGateway gateway() {
    return FakeSignInGateway.over(fake);
  }

  @Override
  protected ContractWorld world() {
    return world;
  }
}
