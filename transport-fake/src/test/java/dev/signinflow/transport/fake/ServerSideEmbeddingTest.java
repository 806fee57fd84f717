package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DelegatingGateway;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A service signing in many end users from one node, over the fake with its default limits (5
 * sign-in creates per 10 s per IP): the end user's request context, proxy mode, and the engine's
 * shared back-off.
 */
class ServerSideEmbeddingTest {
  private static final String KEY = FakeClerkProxyTest.KEY;
  private static final String PROXY_URL = "https://app.example.com/__clerk";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String ADA = "ada@example.com";

  private final FakeClerk fake = FakeClerk.builder().secretKey(KEY).build();
  private final AtomicInteger creates = new AtomicInteger();

  ServerSideEmbeddingTest() {
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
  }

  /**
   * The gateway, counting the creates that reach the fake: the engine puts its shared back-off in
   * front of the gateway it is given, so a create answered by the back-off is not counted.
   */
  private SignInGateway counted(SignInGateway gateway) {
    return new DelegatingGateway(gateway) {
      @Override
      public GatewayResult<SignIn> createSignIn(
          RequestContext context,
          Optional<ClientToken> clientToken,
          Identifier identifier,
          Password password) {
        creates.incrementAndGet();
        return super.createSignIn(context, clientToken, identifier, password);
      }
    };
  }

  private SignInEngine engine(SignInGateway gateway, boolean sharedBackOff) {
    return SignInEngine.builder()
        .gateway(counted(gateway))
        .clock(fake.clock())
        .sharedBackOff(sharedBackOff)
        .build();
  }

  private static RequestContext from(String ip) {
    return RequestContext.builder().clientIp(ip).userAgent("Mozilla/5.0").build();
  }

  private static StepResult signIn(SignInEngine engine, int device, RequestContext context) {
    return engine.newFlow(DeviceId.of("device-" + device)).submitPassword(context, ADA, PASSWORD);
  }

  @Test
  void inProxyModeTwoUsersBehindOneNodeEachHaveTheirOwnLimit() {
    SignInEngine engine = engine(FakeSignInGateway.over(fake).inProxyMode(PROXY_URL, KEY), true);
    RequestContext abusive = from("198.51.100.1");
    RequestContext other = from("203.0.113.2");

    List<OutcomeKind> abusiveOutcomes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      abusiveOutcomes.add(signIn(engine, i, abusive).kind());
    }
    StepResult others = signIn(engine, 100, other);

    assertThat(abusiveOutcomes.subList(0, 5)).containsOnly(OutcomeKind.SUCCESS);
    assertThat(abusiveOutcomes.subList(5, 8)).containsOnly(OutcomeKind.RATE_LIMITED);
    assertThat(others.kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(others.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
  }

  @Test
  void withoutProxyModeEveryUserOfTheNodeSharesTheNodesLimit() {
    SignInEngine engine = engine(FakeSignInGateway.over(fake), true);

    for (int i = 0; i < 5; i++) {
      assertThat(signIn(engine, i, from("198.51.100.1")).kind()).isEqualTo(OutcomeKind.SUCCESS);
    }

    // Another end user's address makes no difference: Clerk sees the node.
    assertThat(signIn(engine, 100, from("203.0.113.2")).kind()).isEqualTo(OutcomeKind.RATE_LIMITED);
  }

  @Test
  void aClientSendingXForwardedForWithoutTheSecretKeyIsStillLimitedByItsSocketAddress() {
    // A proxy request with a wrong key is refused; a plain request's X-Forwarded-For is ignored.
    FapiRequest spoofing =
        FapiRequest.of(Optional.empty(), "192.0.2.99")
            .withProxyHeaders(Optional.empty(), Optional.empty(), Optional.of("198.51.100.7"));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      FapiRequest r =
          spoofing.withProxyHeaders(
              Optional.empty(), Optional.empty(), Optional.of("198.51.100." + (10 + i)));
      statuses.add(fake.createSignIn(r, "nobody@example.com", PASSWORD).status());
    }

    assertThat(statuses.subList(0, 5)).doesNotContain(429);
    assertThat(statuses.subList(5, 7)).containsOnly(429);
  }

  @Test
  void aWrongSecretKeyGetsClerksErrorAndNoSignIn() {
    SignInEngine engine =
        engine(
            FakeSignInGateway.over(fake)
                .inProxyMode(PROXY_URL, "sk_test_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk"),
            true);

    StepResult r = signIn(engine, 1, from("198.51.100.1"));

    assertThat(r.kind()).isEqualTo(OutcomeKind.CLERK_ERROR);
    assertThat(r.errors().global())
        .anySatisfy(e -> assertThat(e.code()).isEqualTo("proxy_request_invalid_secret_key"));
  }

  @Test
  void sharedBackOffAnswersAHerdOfFlowsLocallyWithTheServersRetryAt() {
    SignInEngine engine = engine(FakeSignInGateway.over(fake), true);

    List<StepResult> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      results.add(signIn(engine, i, RequestContext.none()));
    }

    // Five creates served, one 429 from the fake, and the other 44 never sent.
    assertThat(creates.get()).isEqualTo(6);
    List<StepResult> limited =
        results.stream().filter(r -> r.kind() == OutcomeKind.RATE_LIMITED).toList();
    assertThat(limited).hasSize(45);
    Set<Optional<Instant>> retryAts = new HashSet<>();
    limited.forEach(r -> retryAts.add(r.retryAt()));
    assertThat(retryAts).hasSize(1);
    Instant retryAt = retryAts.iterator().next().orElseThrow();
    assertThat(retryAt).isAfter(fake.clock().instant());

    // At retryAt, calls reach the server again.
    fake.clock().advance(Duration.between(fake.clock().instant(), retryAt));
    assertThat(signIn(engine, 1000, RequestContext.none()).kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(creates.get()).isEqualTo(7);
  }

  @Test
  void withoutSharedBackOffEveryFlowCollectsItsOwn429() {
    SignInEngine engine = engine(FakeSignInGateway.over(fake), false);

    for (int i = 0; i < 50; i++) {
      signIn(engine, i, RequestContext.none());
    }

    assertThat(creates.get()).isEqualTo(50);
  }

  @Test
  void inProxyModeTheBackOffOfOneUserHoldsBackNoOtherUser() {
    SignInEngine engine = engine(FakeSignInGateway.over(fake).inProxyMode(PROXY_URL, KEY), true);

    for (int i = 0; i < 30; i++) {
      signIn(engine, i, from("198.51.100.1"));
    }
    int afterAbuse = creates.get();
    List<OutcomeKind> others = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      others.add(signIn(engine, 100 + u, from("203.0.113." + (u + 1))).kind());
    }

    assertThat(afterAbuse).isEqualTo(6);
    assertThat(others).containsOnly(OutcomeKind.SUCCESS);
  }
}
