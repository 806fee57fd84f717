package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the in-memory gateway turns the fake's answers, faults included, into the port's results. */
class FakeSignInGatewayTest {
  private static final Identifier ADA = Identifier.parse("ada@example.com");
  private static final Password PASSWORD = Password.of("correct horse battery staple");

  private FakeClerk fake;
  private FakeSignInGateway gateway;

  @BeforeEach
  void setUp() {
    fake = FakeClerk.create();
    fake.addUser(FakeUser.withEmail("ada@example.com").password("correct horse battery staple"));
    gateway = FakeSignInGateway.over(fake);
  }

  private void inject(Fault fault) {
    fake.injectFault(FapiOperation.CREATE_SIGN_IN, fault, FaultTrigger.once());
  }

  @Test
  void firstContactGetsAToken() {
    GatewayResult<SignIn> r =
        gateway.createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(r.clientToken()).isPresent();
  }

  @Test
  void anUnknownTokenIsANewDevice() {
    GatewayResult<SignIn> r =
        gateway.createSignIn(
            RequestContext.none(), Optional.of(ClientToken.of("not.a.known.token")), ADA, PASSWORD);

    assertThat(((GatewayResult.Success<SignIn>) r).value().clientTrustState())
        .hasValueSatisfying(s -> assertThat(s.wireName()).isEqualTo("new"));
    assertThat(r.clientToken())
        .isPresent()
        .isNotEqualTo(Optional.of(ClientToken.of("not.a.known.token")));
  }

  @Test
  void aServerErrorIsUnavailableAndStillCarriesAKnownClientsToken() {
    Optional<ClientToken> token =
        gateway
            .createSignIn(RequestContext.none(), Optional.empty(), ADA, Password.of("wrong"))
            .clientToken();
    inject(Fault.serverError(503));

    GatewayResult<SignIn> r = gateway.createSignIn(RequestContext.none(), token, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Unavailable.class);
    assertThat(((GatewayResult.Unavailable<SignIn>) r).reason()).contains("503");
    assertThat(r.clientToken()).isPresent();
  }

  @Test
  void aServerErrorOnFirstContactMakesNoClient() {
    inject(Fault.serverError(503));

    assertThat(
            gateway
                .createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD)
                .clientToken())
        .isEmpty();
  }

  @Test
  void aDroppedConnectionIsUnavailableWithoutAToken() {
    inject(Fault.dropConnection());

    GatewayResult<SignIn> r =
        gateway.createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Unavailable.class);
    assertThat(r.clientToken()).isEmpty();
  }

  @Test
  void aForced429IsRateLimitedUntilRetryAfter() {
    inject(Fault.tooManyRequests(Duration.ofSeconds(7)));
    Instant now = fake.clock().instant();

    GatewayResult<SignIn> r =
        gateway.createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(((GatewayResult.RateLimited<SignIn>) r).retryAt()).isEqualTo(now.plusSeconds(7));
    assertThat(((GatewayResult.RateLimited<SignIn>) r).errors())
        .extracting(e -> e.code())
        .containsExactly("too_many_requests");
  }

  @Test
  void latencyMovesTheFakeClockByDefault() {
    inject(Fault.latency(Duration.ofSeconds(3)));
    Instant before = fake.clock().instant();

    GatewayResult<SignIn> r =
        gateway.createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(fake.clock().instant()).isEqualTo(before.plusSeconds(3));
  }

  @Test
  void latencyGoesThroughTheGivenSleeper() {
    List<Duration> slept = new ArrayList<>();
    inject(Fault.latency(Duration.ofMillis(250)));

    gateway
        .sleepingWith(slept::add)
        .createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD);

    assertThat(slept).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void clerkErrorsKeepCodeMetaAndTraceId() {
    GatewayResult<SignIn> r =
        gateway.createSignIn(
            RequestContext.none(), Optional.empty(), ADA, Password.of("wrong password"));

    GatewayResult.Rejected<SignIn> rejected = (GatewayResult.Rejected<SignIn>) r;
    assertThat(rejected.httpStatus()).isEqualTo(422);
    assertThat(rejected.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo("form_password_incorrect");
              assertThat(e.paramName()).contains("password");
              assertThat(e.traceId()).isPresent();
            });
  }

  @Test
  void rateLimitsCountPerIp() {
    fake.settings(fake.settings().toBuilder().createLimit(1).build());
    gateway.createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD);

    assertThat(gateway.createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD))
        .isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(
            gateway
                .fromIp("127.0.0.2")
                .createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD))
        .isInstanceOf(GatewayResult.Success.class);
  }

  @Test
  void neitherTheFakeNorItsGatewayPrintsSecrets() {
    gateway.createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD);
    String text = fake + " " + gateway + " " + fake.users() + " " + fake.outbox();

    assertThat(text).doesNotContain("correct horse battery staple");
  }
}
