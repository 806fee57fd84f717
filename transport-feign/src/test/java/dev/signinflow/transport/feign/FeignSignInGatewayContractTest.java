package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.ContractWorld;
import dev.signinflow.engine.SignInGatewayContract;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeWorld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The port's contract, over real HTTP on loopback to the emulator; every request the transport
 * sends is validated against Clerk's OpenAPI description of FAPI.
 */
class FeignSignInGatewayContractTest extends SignInGatewayContract {
  private FakeClerk fake;
  private FakeFapiServer server;
  private FakeWorld world;
  private FeignSignInGateway gateway;
  private ValidatingClient client;

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    server = FakeFapiServer.start(fake, 0);
    world = new FakeWorld(fake);
    client = new ValidatingClient();
    gateway =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl().toString())
            .clock(fake.clock())
            .client(client)
            .build();
  }

  @AfterEach
  void stopAndCheckEveryRequestAgainstTheSpec() {
    server.close();
    assertThat(client.violations())
        .as("requests that break Clerk's OpenAPI description of FAPI")
        .isEmpty();
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
