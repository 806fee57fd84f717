package dev.signinflow.transport.feign;

import dev.signinflow.engine.ContractWorld;
import dev.signinflow.engine.SignInGateway;
import dev.signinflow.engine.SignInGatewayContract;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeFapiServer;
import dev.signinflow.transport.fake.FakeWorld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The port's contract, over real HTTP on loopback to the emulator. */
class FeignSignInGatewayContractTest extends SignInGatewayContract {
  private FakeClerk fake;
  private FakeFapiServer server;
  private FakeWorld world;
  private FeignSignInGateway gateway;

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    server = FakeFapiServer.start(fake, 0);
    world = new FakeWorld(fake);
    gateway =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl().toString())
            .clock(fake.clock())
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Override
  protected SignInGateway gateway() {
    return gateway;
  }

  @Override
  protected ContractWorld world() {
    return world;
  }
}
