package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.transport.feign.ScriptedFapiServer.Ending;
import dev.signinflow.transport.feign.ScriptedFapiServer.Recorded;
import dev.signinflow.transport.feign.ScriptedFapiServer.Scripted;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the transport makes of answers that are late, cut off, malformed or not Clerk's: each is a
 * result ({@code Unavailable}, {@code Rejected} or a tolerant {@code Success}), never an exception,
 * and a POST is never sent twice.
 */
class FeignSignInGatewayFailureTest {
  private static final Identifier ADA = Identifier.parse("ada@example.com");
  private static final Password PASSWORD = Password.of("Sup3r-secret-passw0rd");
  private static final Optional<ClientToken> TOKEN = Optional.of(ClientToken.of("tok_0"));
  private static final Duration BOUND = Duration.ofSeconds(10);

  private ScriptedFapiServer server;
  private FeignSignInGateway gateway;

  @BeforeEach
  void start() {
    server = ScriptedFapiServer.start();
    gateway =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl())
            .readTimeout(Duration.ofMillis(300))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- network --------------------------------------------------------------------------------

  @Test
  void readTimeoutIsUnavailableAndThePostIsSentOnlyOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Scripted held =
        Scripted.status(200).token("tok_late").json(FapiBodies.needsClientTrust("sia_1"));
    server.enqueue(held.holdUntil(release));

    GatewayResult<SignIn> r =
        assertTimeoutPreemptively(
            BOUND, () -> gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));
    release.countDown();

    assertUnavailable(r, "timed out");
    assertThat(r.clientToken()).isEmpty();
    assertThat(held.awaitArrival(BOUND)).isTrue();
    // A probe on a fresh request: any resend of the POST would have been sent before the call
    // above returned, so it would be recorded by now.
    server.enqueue(Scripted.status(200).json(FapiBodies.codeSent("sia_1")));
    gateway.getSignIn(RequestContext.none(), TOKEN, "sia_1");
    assertThat(server.requests()).extracting(Recorded::method).containsExactly("POST", "GET");
  }

  @Test
  void responseHeldShorterThanTheReadTimeoutIsRead() {
    CountDownLatch release = new CountDownLatch(1);
    Scripted held = Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1"));
    server.enqueue(held.holdUntil(release));
    FeignSignInGateway patient = patient();
    Thread releaser =
        new Thread(
            () -> {
              try {
                if (held.awaitArrival(BOUND)) {
                  release.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    releaser.start();

    GatewayResult<SignIn> r =
        assertTimeoutPreemptively(
            BOUND, () -> patient.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
  }

  @Test
  void bodyThatStallsAfterTheHeadersIsUnavailableWithinTheReadTimeout() {
    CountDownLatch release = new CountDownLatch(1);
    server.enqueue(
        Scripted.status(200)
            .token("tok_1")
            .json(FapiBodies.needsClientTrust("sia_1"))
            .ending(Ending.STALL_MID_BODY)
            .holdUntil(release));

    try {
      GatewayResult<SignIn> r =
          assertTimeoutPreemptively(
              BOUND, () -> gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

      assertUnavailable(r, "timed out");
      assertThat(r.clientToken()).contains(ClientToken.of("tok_1"));
      assertThat(server.requests()).hasSize(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void connectionRefusedIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    FeignSignInGateway nowhere =
        FeignSignInGateway.builder().frontendApi("http://127.0.0.1:" + closedPort).build();

    GatewayResult<SignIn> r =
        assertTimeoutPreemptively(
            BOUND, () -> nowhere.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertUnavailable(r, "refused");
    assertThat(r.clientToken()).isEmpty();
  }

  @Test
  void connectionClosedBeforeAnyResponseIsUnavailableAndThePostIsNotResent() {
    server.enqueue(
        Scripted.status(200)
            .json(FapiBodies.needsClientTrust("sia_1"))
            .ending(Ending.DROP_BEFORE_RESPONSE),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_2")));

    GatewayResult<SignIn> r =
        assertTimeoutPreemptively(
            BOUND, () -> patient().createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertUnavailable(r, "failed");
    assertThat(((GatewayResult.Unavailable<SignIn>) r).reason()).doesNotContain("timed out");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void connectionClosedMidBodyIsUnavailableButKeepsTheTokenOfTheHeaders() {
    server.enqueue(
        Scripted.status(200)
            .token("tok_cut")
            .json(FapiBodies.needsClientTrust("sia_1"))
            .ending(Ending.DROP_MID_BODY),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_2")));

    GatewayResult<SignIn> r =
        assertTimeoutPreemptively(
            BOUND, () -> patient().createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertUnavailable(r, "could not be read");
    assertThat(((GatewayResult.Unavailable<SignIn>) r).reason()).doesNotContain("timed out");
    assertThat(r.clientToken()).contains(ClientToken.of("tok_cut"));
    assertThat(server.requests()).hasSize(1);
  }

  // ---- bodies that are not what they should be -----------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"response\": {",
        "{\"response\":{\"object\":\"sign_in_attempt\",\"id\":\"sia_1\",\"status\":\"comp",
        "{\"response\":{\"id\":\"sia_1\",\"status\":\"complete\"}} trailing",
        "not json at all",
        "[1,2,3]",
        "null",
        ""
      })
  void malformedOrTruncatedJsonIsUnavailable(String body) {
    server.enqueue(Scripted.status(200).token("tok_1").json(body));

    GatewayResult<SignIn> r = gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "HTTP 200");
    assertThat(r.clientToken()).contains(ClientToken.of("tok_1"));
  }

  @Test
  void truncatedRealBodyIsUnavailable() {
    String whole = FapiBodies.needsClientTrust("sia_1");
    server.enqueue(Scripted.status(200).json(whole.substring(0, whole.length() - 7)));

    assertUnavailable(
        gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD), "not JSON");
  }

  @Test
  void htmlWithA200IsUnavailable() {
    server.enqueue(
        Scripted.status(200)
            .header("Content-Type", "text/html")
            .body(
                "<html><body>Sign in to the captive portal</body></html>"
                    .getBytes(StandardCharsets.UTF_8)));

    assertUnavailable(
        gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD), "not JSON");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"client\":{\"object\":\"client\",\"id\":\"client_1\"}}",
        "{\"response\":null,\"client\":null}",
        "{\"response\":\"sia_1\"}",
        "{\"response\":{\"object\":\"sign_in_attempt\",\"status\":\"complete\"}}",
        "{\"response\":{\"object\":\"sign_in_attempt\",\"id\":\"sia_1\"}}"
      })
  void a200WithoutAUsableResponseIsUnavailable(String body) {
    server.enqueue(Scripted.status(200).json(body));

    GatewayResult<SignIn> r = gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "HTTP 200");
  }

  @Test
  void unknownSignInStatusIsKeptRaw() {
    server.enqueue(Scripted.status(200).json(FapiBodies.signIn("sia_1", "needs_new_thing", "[]")));

    SignIn s = success(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(s.status()).isEqualTo(SignInStatus.UNKNOWN);
    assertThat(s.rawStatus()).isEqualTo("needs_new_thing");
    assertThat(s.id()).isEqualTo("sia_1");
  }

  @Test
  void unknownSecondFactorStrategiesAreKeptAsUnknownWithTheirRawName() {
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.signIn(
                    "sia_1",
                    "needs_second_factor",
                    "[{\"strategy\":\"passkey_tap\",\"safe_identifier\":\"Ada's key\"},"
                        + "{\"strategy\":\"totp\"},"
                        + "{\"strategy\":\"phone_code\",\"phone_number_id\":\"idn_p\","
                        + "\"safe_identifier\":\"+1******2671\",\"default\":true}]")));

    SignIn s = success(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(s.supportedSecondFactors())
        .extracting(Factor::strategy, Factor::rawStrategy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Strategy.UNKNOWN, "passkey_tap"),
            org.assertj.core.groups.Tuple.tuple(Strategy.TOTP, "totp"),
            org.assertj.core.groups.Tuple.tuple(Strategy.PHONE_CODE, "phone_code"));
    Factor phone = s.supportedSecondFactors().get(2);
    assertThat(phone.id()).contains("idn_p");
    assertThat(phone.isDefault()).isTrue();
    assertThat(s.supportedSecondFactors().get(0).safeIdentifier()).contains("Ada's key");
  }

  @Test
  void unknownExtraFieldsAreIgnored() {
    String signIn =
        FapiBodies.signInJson(
                "sia_1",
                "needs_client_trust",
                "[{\"strategy\":\"email_code\",\"email_address_id\":\"idn_1\","
                    + "\"safe_identifier\":\"a***@example.com\",\"brand_new\":[1,{\"x\":null}]}]",
                "{\"status\":\"unverified\",\"strategy\":\"email_code\",\"attempts\":0,"
                    + "\"expire_at\":1767226200000,\"channel\":\"sms\",\"extra\":{}}",
                "null")
            .replaceFirst("\\{", "{\"future_field\":{\"deep\":[true,1.5,\"s\"]},");
    server.enqueue(
        Scripted.status(200)
            .json(
                "{\"response\":"
                    + signIn
                    + ",\"client\":"
                    + FapiBodies.CLIENT
                    + ",\"meta\":{\"new\":1},\"another\":42}"));

    SignIn s = success(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(s.status()).isEqualTo(SignInStatus.NEEDS_CLIENT_TRUST);
    assertThat(s.supportedSecondFactors())
        .singleElement()
        .satisfies(f -> assertThat(f.id()).contains("idn_1"));
    assertThat(s.secondFactorVerification()).isPresent();
  }

  @Test
  void unknownSessionStatusAndTasksAreKept() {
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.session(
                    "sess_1",
                    "pending",
                    "[{\"key\":\"choose-organization\",\"extra\":1},{\"key\":\"brand-new-task\"}]",
                    "jwt.x.y")));

    GatewayResult<Session> r = gateway.activateSession(RequestContext.none(), TOKEN, "sess_1");

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    Session s = ((GatewayResult.Success<Session>) r).value();
    assertThat(s.status()).isEqualTo(SessionStatus.PENDING);
    assertThat(s.tasks())
        .extracting(t -> t.key())
        .containsExactly("choose-organization", "brand-new-task");
  }

  // ---- sessions -------------------------------------------------------------------------------

  @Test
  void aSessionsUserIsReadFromUserAndElseFromPublicUserData() {
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.client(
                    "["
                        + FapiBodies.sessionJson("sess_1", "active", "null", "j", FapiBodies.USER)
                        + ","
                        + FapiBodies.sessionJson("sess_2", "ended", "null", "j", "null")
                        + "]",
                    "sess_1")));

    GatewayResult<Client> r = gateway.getClient(RequestContext.none(), TOKEN);

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    Client c = ((GatewayResult.Success<Client>) r).value();
    assertThat(c.id()).contains("client_1");
    assertThat(c.lastActiveSessionId()).contains("sess_1");
    assertThat(c.current()).hasValueSatisfying(s -> assertThat(s.id()).isEqualTo("sess_1"));
    assertThat(c.sessions()).hasSize(2);
    ClientSession first = c.sessions().get(0);
    assertThat(first.session().userId()).isEqualTo("user_1");
    assertThat(first.userIdentifiers())
        .containsExactlyInAnyOrder("ada@example.com", "+14155552671", "ada");
    assertThat(first.belongsTo(Identifier.parse("ADA@example.com"))).isTrue();
    assertThat(first.belongsTo(Identifier.parse("ada"))).isTrue();
    ClientSession second = c.sessions().get(1);
    assertThat(second.session().userId()).isEqualTo("user_1");
    assertThat(second.session().status()).isEqualTo(SessionStatus.ENDED);
    assertThat(second.userIdentifiers()).isEmpty();
  }

  @Test
  void aSessionWithoutAnyUserIdIsUnavailable() {
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.envelope(
                    "{\"object\":\"session\",\"id\":\"sess_1\",\"status\":\"ended\"}")));

    assertUnavailable(gateway.endSession(RequestContext.none(), TOKEN, "sess_1"), "cannot read");
  }

  @Test
  void noClientIsNoneAndABodyWithoutAResponseIsUnavailable() {
    server.enqueue(
        Scripted.status(200).json("{\"response\":null,\"client\":null}"),
        Scripted.status(200).json("{\"client\":null}"));

    GatewayResult<Client> none = gateway.getClient(RequestContext.none(), Optional.empty());
    GatewayResult<Client> odd = gateway.getClient(RequestContext.none(), TOKEN);

    assertThat(none).isEqualTo(new GatewayResult.Success<>(Client.none(), Optional.empty()));
    assertUnavailable(odd, "without a response object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"object\":\"token\",\"jwt\":\"not-a-jwt-secretpart\"}",
        "{\"object\":\"token\",\"jwt\":\"e30.e30.secretpart\"}",
        "{\"object\":\"token\",\"jwt\":\"eyJhbGciOiJSUzI1NiJ9.eyJleHAiOiJzb29uIn0.secretpart\"}",
        "{\"object\":\"token\"}",
        "{\"object\":\"token\",\"jwt\":{\"x\":\"secretpart\"}}",
        "[\"secretpart\"]"
      })
  void aTokenThatIsNotAJwtIsUnavailableAndNeverQuoted(String body) {
    server.enqueue(Scripted.status(200).token("tok_1").json(body));

    GatewayResult<SessionToken> r =
        gateway.createSessionToken(RequestContext.none(), TOKEN, "sess_1", Optional.empty());

    assertThat(r).isInstanceOf(GatewayResult.Unavailable.class);
    GatewayResult.Unavailable<SessionToken> u = (GatewayResult.Unavailable<SessionToken>) r;
    assertThat(u.reason()).doesNotContain("secretpart", "e30");
    u.cause()
        .ifPresent(c -> assertThat(String.valueOf(c.getMessage())).doesNotContain("secretpart"));
    assertThat(u.clientToken()).contains(ClientToken.of("tok_1"));
  }

  @Test
  void aTokenIsReadWithItsExpiryAndSession() {
    String jwt = FapiBodies.jwt(1767139260, "sess_1");
    server.enqueue(Scripted.status(200).json(FapiBodies.token(jwt)));

    GatewayResult<SessionToken> r =
        gateway.createSessionToken(RequestContext.none(), TOKEN, "sess_1", Optional.empty());

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    SessionToken t = ((GatewayResult.Success<SessionToken>) r).value();
    assertThat(t.reveal()).isEqualTo(jwt);
    assertThat(t.expiresAt()).isEqualTo(java.time.Instant.ofEpochSecond(1767139260));
    assertThat(t.sessionId()).contains("sess_1");
  }

  @Test
  void aGoneSessionIsRejectedAsGone() {
    server.enqueue(
        Scripted.status(404)
            .json(FapiBodies.error("resource_not_found", "No session was found", null)));

    GatewayResult<Session> r = gateway.removeSession(RequestContext.none(), TOKEN, "sess_1");

    assertThat(r).isInstanceOf(GatewayResult.Rejected.class);
    assertThat(((GatewayResult.Rejected<Session>) r).sessionGone()).isTrue();
  }

  // ---- statuses -------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html>Bad Request</html>",
        "{\"message\":\"bad request\"}",
        "{\"errors\":[]}",
        "{\"errors\":[{\"message\":\"no code\"}]}",
        ""
      })
  void a4xxWithoutAClerkErrorBodyIsUnavailable(String body) {
    server.enqueue(Scripted.status(400).token("tok_1").body(body.getBytes(StandardCharsets.UTF_8)));

    GatewayResult<SignIn> r = gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "HTTP 400");
    assertThat(r.clientToken()).contains(ClientToken.of("tok_1"));
  }

  @Test
  void a5xxWithAClerkErrorBodyIsUnavailable() {
    server.enqueue(
        Scripted.status(503)
            .token("tok_1")
            .json(FapiBodies.error("service_unavailable", "Try again later.", null)));

    GatewayResult<SignIn> r = gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "HTTP 503");
    assertThat(((GatewayResult.Unavailable<SignIn>) r).reason()).contains("service_unavailable");
    assertThat(r.clientToken()).contains(ClientToken.of("tok_1"));
  }

  @Test
  void a404ClerkErrorIsARejectionThatSaysTheSignInIsGone() {
    server.enqueue(
        Scripted.status(404)
            .json(FapiBodies.error("resource_not_found", "Sign in not found.", null)));

    GatewayResult<SignIn> r = gateway.getSignIn(RequestContext.none(), TOKEN, "sia_gone");

    assertThat(r).isInstanceOf(GatewayResult.Rejected.class);
    GatewayResult.Rejected<SignIn> rejected = (GatewayResult.Rejected<SignIn>) r;
    assertThat(rejected.httpStatus()).isEqualTo(404);
    assertThat(rejected.signInGone()).isTrue();
  }

  @Test
  void a403ResourceForbiddenIsARejectionThatSaysTheSignInIsGone() {
    server.enqueue(
        Scripted.status(403)
            .json(
                FapiBodies.error(
                    "resource_forbidden",
                    "Update operations are not allowed on older sign ins.",
                    null)));

    GatewayResult<SignIn> r = gateway.getSignIn(RequestContext.none(), TOKEN, "sia_old");

    assertThat(((GatewayResult.Rejected<SignIn>) r).signInGone()).isTrue();
  }

  @Test
  void aRedirectIsNotFollowed() {
    server.enqueue(
        Scripted.status(307).header("Location", server.baseUrl() + "/elsewhere"),
        Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r = gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "HTTP 307");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void anErrorWhoseBodyIsCutOffIsUnavailableWithTheTokenOfItsHeaders() {
    server.enqueue(
        Scripted.status(503)
            .token("tok_1")
            .json(FapiBodies.error("service_unavailable", "Try again later.", null))
            .ending(Ending.DROP_MID_BODY));

    GatewayResult<SignIn> r = gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "could not be read");
    assertThat(r.clientToken()).contains(ClientToken.of("tok_1"));
  }

  @Test
  void anHttpClientThatThrowsAnUncheckedExceptionGivesUnavailableNotTheException() {
    FeignSignInGateway broken =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl())
            .client(
                (request, options) -> {
                  throw new IllegalStateException("the client is broken");
                })
            .build();

    GatewayResult<SignIn> r = broken.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "the request failed");
    assertThat(((GatewayResult.Unavailable<SignIn>) r).cause())
        .containsInstanceOf(IllegalStateException.class);
    assertThat(server.requests()).isEmpty();
  }

  // ---- size -----------------------------------------------------------------------------------

  @Test
  void aBodyOverOneMebibyteIsUnavailable() {
    server.enqueue(Scripted.status(200).json(padded(1024 * 1024 + 1)));

    GatewayResult<SignIn> r = gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "larger than");
  }

  @Test
  void aBodyOfExactlyOneMebibyteIsRead() {
    server.enqueue(Scripted.status(200).json(padded(1024 * 1024)));

    assertThat(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD))
        .isInstanceOf(GatewayResult.Success.class);
  }

  @Test
  void aChunkedBodyOverOneMebibyteIsUnavailable() {
    // Same limit without a Content-Length: the server streams it chunked.
    server.enqueue(Scripted.status(200).json(padded(2 * 1024 * 1024)).chunked());

    // A patient gateway: on a loaded machine 1 MiB may take longer than the default gateway's read
    // timeout, and the limit, not the timeout, is what this test is about.
    assertUnavailable(
        patient().createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD), "larger than");
  }

  @Test
  void aBodyThatGoesOnPastTheCapIsRefusedWithoutWaitingForItsEnd() {
    // Two MiB arrive at once, then the server stalls: the cap is met long before the end.
    CountDownLatch release = new CountDownLatch(1);
    server.enqueue(
        Scripted.status(200)
            .json(padded(4 * 1024 * 1024))
            .ending(Ending.STALL_MID_BODY)
            .holdUntil(release));
    FeignSignInGateway patient = patient();

    try {
      GatewayResult<SignIn> r =
          assertTimeoutPreemptively(
              BOUND, () -> patient.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

      assertUnavailable(r, "larger than");
    } finally {
      release.countDown();
    }
  }

  // ---- another HTTP client, whose bodies stream -------------------------------------------------

  @Test
  void aStreamedBodyOfAnotherClientIsRead() {
    server.enqueue(Scripted.status(200).token("tok_1").json(FapiBodies.needsClientTrust("sia_1")));

    GatewayResult<SignIn> r = streaming().createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertThat(success(r).id()).isEqualTo("sia_1");
    assertThat(r.clientToken()).contains(ClientToken.of("tok_1"));
  }

  @Test
  void aStreamedChunkedBodyOfExactlyOneMebibyteIsRead() {
    server.enqueue(Scripted.status(200).json(padded(1024 * 1024)).chunked());

    assertThat(success(streaming().createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD)).id())
        .isEqualTo("sia_1");
  }

  @Test
  void aStreamedChunkedBodyOneByteOverOneMebibyteIsUnavailable() {
    server.enqueue(Scripted.status(200).json(padded(1024 * 1024 + 1)).chunked());

    assertUnavailable(
        streaming().createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD), "larger than");
  }

  @Test
  void a4xxWithNoBodyAtAllFromAnotherClientIsUnavailableWithItsStatus() {
    // Feign's own client hands an error without a body over as no body (null), not an empty one.
    server.enqueue(Scripted.status(400).token("tok_1"));

    GatewayResult<SignIn> r = streaming().createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD);

    assertUnavailable(r, "HTTP 400");
    assertThat(r.clientToken()).contains(ClientToken.of("tok_1"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A gateway whose read timeout outlasts {@link #BOUND}: a stall fails the test, not the call. */
  private FeignSignInGateway patient() {
    return FeignSignInGateway.builder()
        .frontendApi(server.baseUrl())
        .readTimeout(BOUND.multipliedBy(2))
        .build();
  }

  /**
   * A gateway over Feign's own client ({@code HttpURLConnection}), whose bodies are streams of
   * unknown or declared length rather than the buffered bytes of this transport's client.
   */
  private FeignSignInGateway streaming() {
    return FeignSignInGateway.builder()
        .frontendApi(server.baseUrl())
        .client(new feign.Client.Default(null, null))
        .readTimeout(BOUND)
        .build();
  }

  /** A valid sign-in envelope of exactly {@code size} bytes, padded with an unknown field. */
  private static String padded(int size) {
    String base = FapiBodies.needsClientTrust("sia_1");
    String head = base.substring(0, base.length() - 1) + ",\"padding\":\"";
    String tail = "\"}";
    int fill = size - head.length() - tail.length();
    String body = head + "x".repeat(fill) + tail;
    assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(size);
    return body;
  }

  private static SignIn success(GatewayResult<SignIn> r) {
    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    return ((GatewayResult.Success<SignIn>) r).value();
  }

  private static void assertUnavailable(GatewayResult<?> r, String reasonPart) {
    assertThat(r).isInstanceOf(GatewayResult.Unavailable.class);
    String reason = ((GatewayResult.Unavailable<?>) r).reason();
    assertThat(reason).containsIgnoringCase(reasonPart);
    assertThat(reason).doesNotContain(PASSWORD.reveal(), "tok_");
  }
}
