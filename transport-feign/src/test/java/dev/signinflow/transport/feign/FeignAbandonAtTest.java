package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FakeUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sign-in's {@code abandon_at}, read off the wire: what a stored flow's expiry follows. */
class FeignAbandonAtTest {
  @Test
  void aSignInCarriesTheMomentTheServerAbandonsIt() {
    FakeClerk fake =
        FakeClerk.builder()
            .settings(
                FakeSettings.defaults().toBuilder().signInLifetime(Duration.ofHours(3)).build())
            .build();
    fake.addUser(FakeUser.withEmail("ada@example.com").password("correct horse battery staple"));
    try (FakeFapiServer server = FakeFapiServer.start(fake, 0)) {
      FeignSignInGateway gateway =
          FeignSignInGateway.builder()
              .frontendApi(server.baseUrl().toString())
              .clock(fake.clock())
              .build();
      Instant created = fake.clock().instant();

      GatewayResult<SignIn> r =
          gateway.createSignIn(
              RequestContext.none(),
              Optional.empty(),
              Identifier.parse("ada@example.com"),
              Password.of("correct horse battery staple"));

      assertThat(r).isInstanceOf(GatewayResult.Success.class);
      SignIn signIn = ((GatewayResult.Success<SignIn>) r).value();
      // On the wire in epoch milliseconds.
      Instant expected = Instant.ofEpochMilli(created.plus(Duration.ofHours(3)).toEpochMilli());
      assertThat(signIn.abandonAt()).contains(expected);
    }
  }
}
