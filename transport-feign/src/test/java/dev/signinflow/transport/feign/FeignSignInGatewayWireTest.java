package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.VerificationCode;
import dev.signinflow.transport.feign.ScriptedFapiServer.Recorded;
import dev.signinflow.transport.feign.ScriptedFapiServer.Scripted;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link FeignSignInGateway} puts on the wire and how it carries the client token, checked on
 * what a scripted loopback server received: native mode, one version pin, the token rotation of
 * fapi-protocol.md §1.4 and §9, form bodies with snake_case keys, percent-encoded path ids.
 */
class FeignSignInGatewayWireTest {
  private static final Identifier ADA = Identifier.parse("ada@example.com");
  private static final Password PASSWORD = Password.of("correct horse battery staple");
  private static final Optional<ClientToken> NO_TOKEN = Optional.empty();

  private ScriptedFapiServer server;
  private FeignSignInGateway gateway;

  @BeforeEach
  void start() {
    server = ScriptedFapiServer.start();
    gateway = FeignSignInGateway.builder().frontendApi(server.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- the client token -----------------------------------------------------------------------

  @Test
  void firstContactSendsExactlyOneAuthorizationHeaderWithAnEmptyValue() {
    server.enqueue(Scripted.status(200).token("tok_1").json(FapiBodies.needsClientTrust("sia_1")));

    gateway.createSignIn(RequestContext.none(), NO_TOKEN, ADA, PASSWORD);

    assertThat(server.onlyRequest().header("Authorization")).containsExactly("");
  }

  @Test
  void emptyAuthorizationHeaderReachesTheWireAsItsOwnLine() throws Exception {
    // The scripted server parses headers; this reads the raw bytes the JDK client wrote.
    String head =
        rawRequestHead(g -> g.createSignIn(RequestContext.none(), NO_TOKEN, ADA, PASSWORD));

    assertThat(head.split("\r\n"))
        .as("request head:%n%s", head)
        .filteredOn(line -> line.regionMatches(true, 0, "Authorization:", 0, 14))
        .containsExactly("Authorization: ");
  }

  @Test
  void tokenReturnedWithA200IsHandedBackAndSentAsBearerOnTheNextRequest() {
    server.enqueue(
        Scripted.status(200).token("tok_1").json(FapiBodies.needsClientTrust("sia_1")),
        Scripted.status(200).token("tok_2").json(FapiBodies.codeSent("sia_1")));

    GatewayResult<SignIn> created =
        gateway.createSignIn(RequestContext.none(), NO_TOKEN, ADA, PASSWORD);
    GatewayResult<SignIn> prepared =
        gateway.prepareSecondFactor(
            RequestContext.none(), created.clientToken(), "sia_1", emailFactor(), Optional.empty());

    assertThat(created).isInstanceOf(GatewayResult.Success.class);
    assertThat(created.clientToken()).contains(ClientToken.of("tok_1"));
    assertThat(prepared.clientToken()).contains(ClientToken.of("tok_2"));
    assertThat(server.requests().get(1).header("Authorization")).containsExactly("Bearer tok_1");
  }

  @Test
  void tokenReturnedWithA422IsHandedBackWithTheErrorsAndSentOnTheNextRequest() {
    server.enqueue(
        Scripted.status(422)
            .token("tok_after_error")
            .json(FapiBodies.error("form_code_incorrect", "Incorrect code", "code")),
        Scripted.status(200).token("tok_next").json(FapiBodies.codeSent("sia_1")));

    GatewayResult<SignIn> wrong =
        gateway.attemptSecondFactor(
            RequestContext.none(),
            Optional.of(ClientToken.of("tok_0")),
            "sia_1",
            Strategy.EMAIL_CODE,
            VerificationCode.of("111111"));
    gateway.getSignIn(RequestContext.none(), wrong.clientToken(), "sia_1");

    assertThat(wrong).isInstanceOf(GatewayResult.Rejected.class);
    GatewayResult.Rejected<SignIn> rejected = (GatewayResult.Rejected<SignIn>) wrong;
    assertThat(rejected.httpStatus()).isEqualTo(422);
    assertThat(rejected.clientToken()).contains(ClientToken.of("tok_after_error"));
    assertThat(rejected.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo("form_code_incorrect");
              assertThat(e.longMessage()).isEqualTo("Incorrect code");
              assertThat(e.meta()).containsEntry("param_name", "code");
              assertThat(e.traceId()).contains("trace_123");
            });
    assertThat(server.requests().get(0).header("Authorization")).containsExactly("Bearer tok_0");
    assertThat(server.requests().get(1).header("Authorization"))
        .containsExactly("Bearer tok_after_error");
  }

  @Test
  void responseWithoutAuthorizationHandsBackNoToken() {
    server.enqueue(Scripted.status(200).json(FapiBodies.codeSent("sia_1")));

    GatewayResult<SignIn> r =
        gateway.getSignIn(RequestContext.none(), Optional.of(ClientToken.of("tok_0")), "sia_1");

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(r.clientToken()).isEmpty();
  }

  // ---- native mode, version pin, headers ------------------------------------------------------

  @Test
  void everyOperationIsNativeWithTheVersionInTheQueryAndNoOriginOrVersionHeader() {
    runEveryOperation();

    List<Recorded> all = server.requests();
    assertThat(all).hasSize(10);
    for (Recorded r : all) {
      assertThat(r.query()).as("query of %s", r).containsEntry("_is_native", List.of("true"));
      assertThat(r.query())
          .as("query of %s", r)
          .containsEntry("__clerk_api_version", List.of(FeignSignInGateway.API_VERSION));
      assertThat(r.query()).as("query of %s", r).hasSize(2);
      assertThat(r.header("Origin")).as("Origin of %s", r).isEmpty();
      assertThat(r.header("Clerk-API-Version")).as("version header of %s", r).isEmpty();
      assertThat(r.header("Authorization")).as("Authorization of %s", r).hasSize(1);
    }
    assertThat(FeignSignInGateway.API_VERSION).isEqualTo("2026-05-12");
  }

  @Test
  void eachOperationUsesItsMethodAndPath() {
    runEveryOperation();

    assertThat(server.requests())
        .extracting(r -> r.method() + " " + r.rawPath())
        .containsExactly(
            "POST /v1/client/sign_ins",
            "POST /v1/client/sign_ins/sia_1/prepare_second_factor",
            "POST /v1/client/sign_ins/sia_1/attempt_second_factor",
            "GET /v1/client/sign_ins/sia_1",
            "POST /v1/client/sessions/sess_1/touch",
            "GET /v1/client",
            "POST /v1/client/sessions/sess_1/tokens",
            "POST /v1/client/sessions/sess_1/end",
            "POST /v1/client/sessions/sess_1/remove",
            "DELETE /v1/client/sessions");
  }

  @Test
  void postsAreFormUrlEncodedAndTheGetsAndTheDeleteHaveNoBody() {
    runEveryOperation();

    for (Recorded r : server.requests()) {
      if (r.method().equals("POST")) {
        assertThat(r.header("Content-Type"))
            .as("Content-Type of %s", r)
            .singleElement()
            .satisfies(v -> assertThat(v).startsWith("application/x-www-form-urlencoded"));
      } else {
        assertThat(r.body()).as("body of %s", r).isEmpty();
      }
      if (r.rawPath().matches(".*/(end|remove)")) {
        assertThat(r.body()).as("body of %s", r).isEmpty();
      }
    }
  }

  @Test
  void aTokenIsAskedForWithoutAnOrganizationUnlessOneIsGiven() {
    String jwt = FapiBodies.jwt(1767139260, "sess_1");
    server.enqueue(
        Scripted.status(200).json(FapiBodies.token(jwt)),
        Scripted.status(200).json(FapiBodies.token(jwt)),
        Scripted.status(200).json(FapiBodies.token(jwt)));

    gateway.createSessionToken(RequestContext.none(), NO_TOKEN, "sess_1", Optional.empty());
    gateway.createSessionToken(RequestContext.none(), NO_TOKEN, "sess_1", Optional.of(""));
    gateway.createSessionToken(RequestContext.none(), NO_TOKEN, "sess_1", Optional.of("org_1"));

    assertThat(server.requests().get(0).form()).isEmpty();
    assertThat(server.requests().get(1).form())
        .containsExactly(Map.entry("organization_id", List.of("")));
    assertThat(server.requests().get(2).form())
        .containsExactly(Map.entry("organization_id", List.of("org_1")));
  }

  // ---- bodies ---------------------------------------------------------------------------------

  @Test
  void createSendsIdentifierPasswordAndStrategyPassword() {
    server.enqueue(Scripted.status(200).json(FapiBodies.needsClientTrust("sia_1")));

    gateway.createSignIn(
        RequestContext.none(),
        NO_TOKEN,
        Identifier.parse("ada+x@example.com"),
        Password.of("p&ss=w rd+ü%"));

    assertThat(server.onlyRequest().form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "identifier", List.of("ada+x@example.com"),
                "password", List.of("p&ss=w rd+ü%"),
                "strategy", List.of("password")));
  }

  @Test
  void prepareEmailCodeSendsTheEmailAddressId() {
    server.enqueue(Scripted.status(200).json(FapiBodies.codeSent("sia_1")));

    gateway.prepareSecondFactor(
        RequestContext.none(), NO_TOKEN, "sia_1", emailFactor(), Optional.empty());

    assertThat(server.onlyRequest().form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("strategy", List.of("email_code"), "email_address_id", List.of("idn_1")));
  }

  @Test
  void preparePhoneCodeSendsThePhoneNumberId() {
    server.enqueue(Scripted.status(200).json(FapiBodies.codeSent("sia_1")));

    gateway.prepareSecondFactor(
        RequestContext.none(),
        NO_TOKEN,
        "sia_1",
        Factor.of(Strategy.PHONE_CODE, "idn_phone", "+1******2671"),
        Optional.of("https://ignored.example/x"));

    assertThat(server.onlyRequest().form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("strategy", List.of("phone_code"), "phone_number_id", List.of("idn_phone")));
  }

  @Test
  void prepareEmailLinkSendsTheEmailAddressIdAndTheRedirectUrl() {
    server.enqueue(Scripted.status(200).json(FapiBodies.codeSent("sia_1")));

    gateway.prepareSecondFactor(
        RequestContext.none(),
        NO_TOKEN,
        "sia_1",
        Factor.of(Strategy.EMAIL_LINK, "idn_1", "a***@example.com"),
        Optional.of("https://app.example/verify?next=/home&x=1"));

    assertThat(server.onlyRequest().form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "strategy", List.of("email_link"),
                "email_address_id", List.of("idn_1"),
                "redirect_url", List.of("https://app.example/verify?next=/home&x=1")));
  }

  @Test
  void attemptSendsTheStrategyAndTheCode() {
    server.enqueue(Scripted.status(200).json(FapiBodies.complete("sia_1", "sess_1")));

    gateway.attemptSecondFactor(
        RequestContext.none(),
        NO_TOKEN,
        "sia_1",
        Strategy.BACKUP_CODE,
        VerificationCode.of("k7p2m9x4"));

    assertThat(server.onlyRequest().form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("strategy", List.of("backup_code"), "code", List.of("k7p2m9x4")));
  }

  @Test
  void activateTouchesTheSessionWithSelectSessionAndNoOrganization() {
    server.enqueue(
        Scripted.status(200).json(FapiBodies.session("sess_1", "active", "[]", "jwt.a.b")));

    gateway.activateSession(RequestContext.none(), NO_TOKEN, "sess_1");

    assertThat(server.onlyRequest().form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("active_organization_id", List.of(""), "intent", List.of("select_session")));
  }

  // ---- path ids -------------------------------------------------------------------------------

  @Test
  void signInIdIsPercentEncodedAsOnePathSegment() {
    server.enqueue(Scripted.status(200).json(FapiBodies.codeSent("sia_1")));

    gateway.getSignIn(RequestContext.none(), NO_TOKEN, "sia 1/../x?y#z%");

    assertThat(server.onlyRequest().rawPath())
        .isEqualTo("/v1/client/sign_ins/sia%201%2F..%2Fx%3Fy%23z%25");
    assertThat(server.onlyRequest().query()).containsOnlyKeys("_is_native", "__clerk_api_version");
  }

  @Test
  void sessionIdIsPercentEncodedAsOnePathSegment() {
    server.enqueue(
        Scripted.status(200).json(FapiBodies.session("sess_1", "active", "[]", "jwt.a.b")));

    gateway.activateSession(RequestContext.none(), NO_TOKEN, "sess/../../sign_ins");

    assertThat(server.onlyRequest().rawPath())
        .isEqualTo("/v1/client/sessions/sess%2F..%2F..%2Fsign_ins/touch");
  }

  @Test
  void prepareAndAttemptEncodeTheSignInIdToo() {
    server.enqueue(
        Scripted.status(200).json(FapiBodies.codeSent("sia_1")),
        Scripted.status(200).json(FapiBodies.codeSent("sia_1")));

    gateway.prepareSecondFactor(
        RequestContext.none(), NO_TOKEN, "a/b", emailFactor(), Optional.empty());
    gateway.attemptSecondFactor(
        RequestContext.none(), NO_TOKEN, "a/b", Strategy.TOTP, VerificationCode.of("123456"));

    assertThat(server.requests())
        .extracting(Recorded::rawPath)
        .containsExactly(
            "/v1/client/sign_ins/a%2Fb/prepare_second_factor",
            "/v1/client/sign_ins/a%2Fb/attempt_second_factor");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Factor emailFactor() {
    return Factor.of(Strategy.EMAIL_CODE, "idn_1", "a***@example.com");
  }

  private void runEveryOperation() {
    server.enqueue(
        Scripted.status(200).token("t1").json(FapiBodies.needsClientTrust("sia_1")),
        Scripted.status(200).token("t2").json(FapiBodies.codeSent("sia_1")),
        Scripted.status(200).token("t3").json(FapiBodies.complete("sia_1", "sess_1")),
        Scripted.status(200).token("t4").json(FapiBodies.complete("sia_1", "sess_1")),
        Scripted.status(200)
            .token("t5")
            .json(FapiBodies.session("sess_1", "active", "[]", "jwt.a.b")),
        Scripted.status(200)
            .token("t6")
            .json(
                FapiBodies.client(
                    "["
                        + FapiBodies.sessionJson("sess_1", "active", "null", "j", FapiBodies.USER)
                        + "]",
                    "sess_1")),
        Scripted.status(200).token("t7").json(FapiBodies.token(FapiBodies.jwt(1767139260, "s"))),
        Scripted.status(200).token("t8").json(FapiBodies.session("sess_1", "ended", "null", "j")),
        Scripted.status(200).token("t9").json(FapiBodies.session("sess_1", "removed", "null", "")),
        Scripted.status(200).token("t10").json(FapiBodies.client("[]", null)));
    GatewayResult<SignIn> a = gateway.createSignIn(RequestContext.none(), NO_TOKEN, ADA, PASSWORD);
    GatewayResult<SignIn> b =
        gateway.prepareSecondFactor(
            RequestContext.none(), a.clientToken(), "sia_1", emailFactor(), Optional.empty());
    GatewayResult<SignIn> c =
        gateway.attemptSecondFactor(
            RequestContext.none(),
            b.clientToken(),
            "sia_1",
            Strategy.EMAIL_CODE,
            VerificationCode.of("123456"));
    GatewayResult<SignIn> d = gateway.getSignIn(RequestContext.none(), c.clientToken(), "sia_1");
    GatewayResult<Session> e =
        gateway.activateSession(RequestContext.none(), d.clientToken(), "sess_1");
    GatewayResult<Client> f = gateway.getClient(RequestContext.none(), e.clientToken());
    GatewayResult<SessionToken> g =
        gateway.createSessionToken(
            RequestContext.none(), f.clientToken(), "sess_1", Optional.empty());
    GatewayResult<Session> h = gateway.endSession(RequestContext.none(), g.clientToken(), "sess_1");
    GatewayResult<Session> i =
        gateway.removeSession(RequestContext.none(), h.clientToken(), "sess_1");
    GatewayResult<Client> j = gateway.removeAllSessions(RequestContext.none(), i.clientToken());
    assertThat(List.of(e, f, g, h, i, j))
        .allSatisfy(r -> assertThat(r).isInstanceOf(GatewayResult.Success.class));
  }

  /**
   * Runs one gateway call against a bare socket on 127.0.0.1 and returns the request head (request
   * line and headers) exactly as the bytes arrived. The socket answers a 200 with a sign-in.
   */
  private static String rawRequestHead(java.util.function.Consumer<FeignSignInGateway> call)
      throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setSoTimeout(10_000);
      Future<String> head =
          executor.submit(
              () -> {
                try (Socket s = socket.accept()) {
                  s.setSoTimeout(10_000);
                  String h = readHead(s.getInputStream());
                  Matcher len = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(h);
                  if (len.find()) {
                    s.getInputStream().readNBytes(Integer.parseInt(len.group(1)));
                  }
                  byte[] body =
                      FapiBodies.needsClientTrust("sia_1").getBytes(StandardCharsets.UTF_8);
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                              + body.length
                              + "\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.write(body);
                  out.flush();
                  return h;
                }
              });
      FeignSignInGateway g =
          FeignSignInGateway.builder()
              .frontendApi("http://127.0.0.1:" + socket.getLocalPort())
              .build();
      call.accept(g);
      return head.get(10, TimeUnit.SECONDS);
    } finally {
      executor.shutdownNow();
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && buf.size() < 64 * 1024) {
      buf.write(b);
      byte[] a = buf.toByteArray();
      int n = a.length;
      if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
        break;
      }
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }
}
