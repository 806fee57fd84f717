package dev.signinflow.transport.fake;

import dev.signinflow.engine.ContractWorld;
import dev.signinflow.engine.SignInGatewayContract;
import dev.signinflow.engine.spi.SignInGateway;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * The port's contract, against the fake in Clerk's legacy Client Trust shape, with a task, in
 * multi-session mode.
 */
class FakeSignInGatewayLegacyShapeContractTest extends SignInGatewayContract {
  private FakeClerk fake;
  private FakeWorld world;

  @BeforeEach
  void startFake() {
    fake =
        FakeClerk.builder()
            .settings(
                FakeSettings.defaults().toBuilder()
                    .legacyClientTrustShape(true)
                    .sessionTasks(List.of("choose-organization"))
                    .singleSessionMode(false)
                    .build())
            .build();
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
