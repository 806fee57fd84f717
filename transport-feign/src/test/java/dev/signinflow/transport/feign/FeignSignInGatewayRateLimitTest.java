package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.transport.feign.ScriptedFapiServer.Recorded;
import dev.signinflow.transport.feign.ScriptedFapiServer.Scripted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 429 handling: {@code Retry-After} (seconds or an HTTP date) becomes {@code retryAt} on a fixed
 * clock; a wait up to {@code maxAutomaticRetryWait} is waited out (through the {@code pause} hook,
 * never really) and retried exactly once with the token the 429 returned; longer waits are handed
 * back. No test here sleeps.
 */
class FeignSignInGatewayRateLimitTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Identifier ADA = Identifier.parse("ada@example.com");
  private static final Password PASSWORD = Password.of("correct horse battery staple");
  private static final Optional<ClientToken> TOKEN = Optional.of(ClientToken.of("tok_0"));
  private static final String TOO_MANY =
      FapiBodies.error("too_many_requests", "Too many requests, retry later.", null);

  private ScriptedFapiServer server;
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server = ScriptedFapiServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void retryAfterZeroIsRetriedOnceWithTheTokenThe429Returned() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").token("tok_429").json(TOO_MANY),
        Scripted.status(200).token("tok_ok").json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(r.clientToken()).contains(ClientToken.of("tok_ok"));
    List<Recorded> sent = server.requests();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).header("Authorization")).containsExactly("Bearer tok_0");
    assertThat(sent.get(1).header("Authorization")).containsExactly("Bearer tok_429");
    assertThat(sent.get(1).body()).isEqualTo(sent.get(0).body());
    assertThat(sent.get(1).rawPath()).isEqualTo(sent.get(0).rawPath());
    assertThat(pauses).containsExactly(Duration.ZERO);
  }

  @Test
  void retryOnFirstContactCarriesOnlyTheTokenThe429Returned() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").token("tok_429").json(TOO_MANY),
        Scripted.status(200).token("tok_ok").json(FapiBodies.needsClientTrust("sia_1")));

    gateway(b -> b).createSignIn(RequestContext.none(), Optional.empty(), ADA, PASSWORD);

    assertThat(server.requests().get(0).header("Authorization")).containsExactly("");
    assertThat(server.requests().get(1).header("Authorization")).containsExactly("Bearer tok_429");
  }

  @Test
  void retryAnsweredWithoutATokenHandsBackTheTokenOfThe429() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").token("tok_429").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(r.clientToken()).contains(ClientToken.of("tok_429"));
  }

  @Test
  void a429WithoutATokenIsRetriedWithTheTokenSentBefore() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(server.requests().get(1).header("Authorization")).containsExactly("Bearer tok_0");
  }

  @Test
  void neither429NorRetryReturningATokenHandsBackTheTokenSentBefore() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(r.clientToken()).isEqualTo(TOKEN);
  }

  @Test
  void aRetryRejectedWithoutATokenHandsBackTheTokenOfThe429() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").token("tok_429").json(TOO_MANY),
        Scripted.status(422)
            .json(FapiBodies.error("form_password_incorrect", "Password is incorrect.", null)));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Rejected.class);
    assertThat(r.clientToken()).contains(ClientToken.of("tok_429"));
  }

  @Test
  void theRetrySendsNothingButTheRequestAndItsToken() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").token("tok_429").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    Recorded retry = server.requests().get(1);
    assertThat(retry.header(ClientTokens.RETRY_MARK)).isEmpty();
    assertThat(retry.query()).isEqualTo(server.requests().get(0).query());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 422, 401, 307})
  void noOtherStatusIsRetriedEvenWithAShortRetryAfter(int status) {
    server.enqueue(
        Scripted.status(status)
            .header("Retry-After", "0")
            .json(FapiBodies.error("some_error", "Some error.", null)),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isNotInstanceOf(GatewayResult.Success.class);
    assertThat(server.requests()).hasSize(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aSecond429IsHandedBackNotRetriedAgain() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").token("tok_a").json(TOO_MANY),
        Scripted.status(429).header("Retry-After", "1").token("tok_b").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(((GatewayResult.RateLimited<SignIn>) r).retryAt()).isEqualTo(NOW.plusSeconds(1));
    assertThat(r.clientToken()).contains(ClientToken.of("tok_b"));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void retryAfterThirtySecondsIsHandedBackWithItsInstantAndErrors() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "30").token("tok_429").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    GatewayResult.RateLimited<SignIn> limited = (GatewayResult.RateLimited<SignIn>) r;
    assertThat(limited.retryAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(limited.errors()).extracting(e -> e.code()).containsExactly("too_many_requests");
    assertThat(limited.clientToken()).contains(ClientToken.of("tok_429"));
    assertThat(server.requests()).hasSize(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void retryAfterAtTheCeilingIsWaitedOutAndRetried() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "2").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(pauses).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void retryAfterJustAboveTheCeilingIsNotRetried() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "3").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void retryAfterAsAnHttpDateGivesThatInstant() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "Sat, 28 Nov 2026 11:00:00 GMT").json(TOO_MANY));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(((GatewayResult.RateLimited<SignIn>) r).retryAt())
        .isEqualTo(Instant.parse("2026-11-28T11:00:00Z"));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void retryAfterAsAnHttpDateInThePastMeansNow() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "Sat, 28 Nov 2026 09:00:00 GMT").json(TOO_MANY));

    GatewayResult<SignIn> r =
        gateway(b -> b.maxAutomaticRetryWait(Duration.ZERO))
            .createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(((GatewayResult.RateLimited<SignIn>) r).retryAt()).isEqualTo(NOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-5", "1.5", "9999999999", "Sat, 31 Feb 2026 11:00:00 XYZ"})
  void missingOrGarbageRetryAfterMeansInOneSecond(String value) {
    Scripted limited = Scripted.status(429).json(TOO_MANY);
    if (!value.isEmpty()) {
      limited.header("Retry-After", value);
    }
    server.enqueue(limited);

    GatewayResult<SignIn> r =
        gateway(b -> b.maxAutomaticRetryWait(Duration.ZERO))
            .createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(((GatewayResult.RateLimited<SignIn>) r).retryAt()).isEqualTo(NOW.plusSeconds(1));
  }

  @Test
  void missingRetryAfterIsWaitedOutForOneSecondUnderTheDefaultCeiling() {
    server.enqueue(
        Scripted.status(429).json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(pauses).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void maxAutomaticRetryWaitZeroNeverRetriesEvenARetryAfterOfZero() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "0").token("tok_429").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r =
        gateway(b -> b.maxAutomaticRetryWait(Duration.ZERO))
            .createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(((GatewayResult.RateLimited<SignIn>) r).retryAt()).isEqualTo(NOW);
    assertThat(r.clientToken()).contains(ClientToken.of("tok_429"));
    assertThat(server.requests()).hasSize(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void interruptedWhileWaitingHandsBackThe429AndKeepsTheInterrupt() {
    server.enqueue(
        Scripted.status(429).header("Retry-After", "1").json(TOO_MANY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));
    FeignSignInGateway g =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl())
            .clock(CLOCK)
            .pause(
                d -> {
                  throw new InterruptedException("test");
                })
            .build();

    GatewayResult<SignIn> r = g.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    boolean interrupted = Thread.interrupted(); // clears the flag for the next test
    assertThat(interrupted).isTrue();
    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void a429WithoutAClerkBodyIsStillRateLimited() {
    server.enqueue(Scripted.status(429).header("Retry-After", "30").body("slow down".getBytes()));

    GatewayResult<SignIn> r =
        gateway(b -> b).createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(r).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(((GatewayResult.RateLimited<SignIn>) r).errors()).isEmpty();
  }

  private FeignSignInGateway gateway(UnaryOperator<FeignSignInGateway.Builder> extra) {
    return extra
        .apply(
            FeignSignInGateway.builder()
                .frontendApi(server.baseUrl())
                .clock(CLOCK)
                .pause(pauses::add))
        .build();
  }
}
