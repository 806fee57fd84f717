package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.VerificationCode;
import dev.signinflow.transport.feign.ScriptedFapiServer.Scripted;
import feign.Request;
import feign.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The redacting logger: at every Feign log level, what reaches the log (through {@link
 * System.Logger}, which goes to java.util.logging by default) shows the request line but never a
 * password, a code, a client token or a session JWT.
 */
class FeignSignInGatewayLoggingTest {
  private static final String LOGGER = "dev.signinflow.transport.feign.FeignSignInGateway";

  // Secrets made of characters that form-encoding leaves as they are, so an unredacted one would
  // appear verbatim in a logged body.
  private static final String PASSWORD = "Pa55wordNeverLogged";
  private static final String CODE = "914273";
  private static final String TOKEN_0 = "client_tok_zero_a1b2";
  private static final String TOKEN_1 = "client_tok_first_8f2a";
  private static final String TOKEN_2 = "client_tok_second_77c1";
  private static final String TOKEN_3 = "client_tok_third_c3d4";
  private static final String SESSION_JWT =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEiLCJzaWQiOiJzZXNzXzEifQ.c2Vzc2lvbi1zaWc";

  private ScriptedFapiServer server;
  private Logger jul;
  private Level savedLevel;
  private final Capture capture = new Capture();

  @BeforeEach
  void start() {
    server = ScriptedFapiServer.start();
    jul = Logger.getLogger(LOGGER);
    savedLevel = jul.getLevel();
    jul.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    jul.addHandler(capture);
  }

  @AfterEach
  void stop() {
    jul.removeHandler(capture);
    jul.setLevel(savedLevel);
    server.close();
  }

  @ParameterizedTest
  @EnumSource(feign.Logger.Level.class)
  void noSecretReachesTheLogAtAnyLevel(feign.Logger.Level level) {
    runAFlowWithEveryKindOfAnswer(level);

    String logged = capture.text();
    assertThat(logged).doesNotContain(PASSWORD, CODE, TOKEN_0, TOKEN_1, TOKEN_2, TOKEN_3);
    assertThat(logged).doesNotContain(SESSION_JWT, "c2Vzc2lvbi1zaWc");
    if (level == feign.Logger.Level.NONE) {
      assertThat(capture.records).isEmpty();
    } else {
      assertThat(logged)
          .contains("---> POST " + server.baseUrl() + "/v1/client/sign_ins?_is_native=true")
          .contains("---> POST " + server.baseUrl() + "/v1/client/sessions/sess_1/touch?")
          .contains("<--- HTTP 422");
    }
  }

  @Test
  void headersLevelShowsThatATokenWasSentAndReturnedWithoutShowingIt() {
    runAFlowWithEveryKindOfAnswer(feign.Logger.Level.HEADERS);

    assertThat(capture.text()).contains("Bearer ***").contains("Content-Type");
  }

  @Test
  void fullLevelShowsTheBodiesWithTheSecretsMasked() {
    runAFlowWithEveryKindOfAnswer(feign.Logger.Level.FULL);

    assertThat(capture.text())
        .contains("identifier=ada%40example.com")
        .contains("password=***")
        .contains("code=***")
        .contains("\"jwt\":\"***\"")
        .contains("form_code_incorrect");
  }

  @Test
  void recordsAreAtDebugSoTheyAreOffByDefault() {
    runAFlowWithEveryKindOfAnswer(feign.Logger.Level.FULL);

    // System.Logger's DEBUG is java.util.logging's FINE.
    assertThat(capture.records).isNotEmpty().allMatch(r -> r.getLevel() == Level.FINE);
  }

  @Test
  void cookiesAndTheSecretKeyAreMaskedBothWays() throws Exception {
    RedactingLogger logger = new RedactingLogger(1024);
    Map<String, Collection<String>> sent = new LinkedHashMap<>();
    sent.put("Authorization", List.of("Bearer " + TOKEN_1));
    sent.put("Cookie", List.of("__client=cookie_value_q7"));
    sent.put("Clerk-Secret-Key", List.of("sk_test_secret_key_w3"));
    Request request =
        Request.create(
            Request.HttpMethod.POST,
            server.baseUrl() + "/v1/client/sign_ins",
            sent,
            ("strategy=password&password=" + PASSWORD).getBytes(StandardCharsets.UTF_8),
            StandardCharsets.UTF_8,
            null);
    Response response =
        Response.builder()
            .request(request)
            .status(200)
            .headers(Map.of("Set-Cookie", List.of("__client=set_cookie_value_z9; HttpOnly")))
            .body("{\"jwt\":\"" + SESSION_JWT + "\"}", StandardCharsets.UTF_8)
            .build();

    logger.logRequest("FapiApi#createSignIn", feign.Logger.Level.FULL, request);
    logger.logAndRebufferResponse("FapiApi#createSignIn", feign.Logger.Level.FULL, response, 1);

    assertThat(capture.text())
        .doesNotContain(TOKEN_1, PASSWORD, SESSION_JWT)
        .doesNotContain("cookie_value_q7", "sk_test_secret_key_w3", "set_cookie_value_z9")
        .contains("Cookie: ***", "Clerk-Secret-Key: ***", "Bearer ***")
        .containsIgnoringCase("Set-Cookie: ***");
  }

  @Test
  void headersLevelShowsTheResponsesHeadersWithTheirValues() {
    server.enqueue(Scripted.status(200).token(TOKEN_1).json(FapiBodies.codeSent("sia_1")));

    logging(feign.Logger.Level.HEADERS, null)
        .getSignIn(RequestContext.none(), Optional.of(ClientToken.of(TOKEN_0)), "sia_1");

    assertThat(capture.text()).contains("application/json; charset=utf-8").doesNotContain(TOKEN_1);
  }

  @Test
  void aLogLevelWithTheDebugLoggerOffStillReadsEveryAnswer() {
    jul.setLevel(Level.INFO);
    server.enqueue(Scripted.status(200).token(TOKEN_1).json(FapiBodies.codeSent("sia_1")));

    GatewayResult<SignIn> r =
        logging(feign.Logger.Level.FULL, null)
            .getSignIn(RequestContext.none(), Optional.of(ClientToken.of(TOKEN_0)), "sia_1");

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(r.clientToken()).contains(ClientToken.of(TOKEN_1));
    assertThat(capture.records).isEmpty();
  }

  @Test
  void fullLevelLogsAStreamedBodyAndStillHandsItToTheDecoder() {
    server.enqueue(Scripted.status(200).token(TOKEN_1).json(FapiBodies.codeSent("sia_1")));

    GatewayResult<SignIn> r =
        logging(feign.Logger.Level.FULL, new feign.Client.Default(null, null))
            .getSignIn(RequestContext.none(), Optional.of(ClientToken.of(TOKEN_0)), "sia_1");

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(((GatewayResult.Success<SignIn>) r).value().id()).isEqualTo("sia_1");
    assertThat(capture.text()).contains("\"needs_client_trust\"");
  }

  @Test
  void fullLevelKeepsAStreamedBodyOfExactlyTheCapWholeAndOneByteMoreStillTooLarge() {
    server.enqueue(
        Scripted.status(200).json(paddedSignIn(1024 * 1024)).chunked(),
        Scripted.status(200).json(paddedSignIn(1024 * 1024 + 1)).chunked());
    FeignSignInGateway g = logging(feign.Logger.Level.FULL, new feign.Client.Default(null, null));

    GatewayResult<SignIn> atCap =
        g.getSignIn(RequestContext.none(), Optional.of(ClientToken.of(TOKEN_0)), "sia_1");
    GatewayResult<SignIn> over =
        g.getSignIn(RequestContext.none(), Optional.of(ClientToken.of(TOKEN_0)), "sia_1");

    assertThat(atCap).isInstanceOf(GatewayResult.Success.class);
    assertThat(over).isInstanceOf(GatewayResult.Unavailable.class);
    assertThat(((GatewayResult.Unavailable<SignIn>) over).reason()).contains("larger than");
  }

  // ---- redact(), the unit -----------------------------------------------------------------------

  @Test
  void redactMasksPasswordAndCodeFormFieldsWhereverTheyStand() {
    assertThat(
            RedactingLogger.redact(
                "strategy=password&identifier=ada%40example.com&password=hunter2"))
        .isEqualTo("strategy=password&identifier=ada%40example.com&password=***");
    assertThat(RedactingLogger.redact("password=p%26w&code=123456"))
        .isEqualTo("password=***&code=***");
    assertThat(RedactingLogger.redact("strategy=totp&code=123456"))
        .isEqualTo("strategy=totp&code=***");
  }

  @Test
  void redactLeavesFieldsThatOnlyEndInCodeOrPassword() {
    assertThat(RedactingLogger.redact("barcode=42&new_password_hint=x"))
        .isEqualTo("barcode=42&new_password_hint=x");
  }

  @Test
  void redactMasksEveryJwtInAJsonBody() {
    String body =
        "{\"response\":{\"last_active_token\":{\"object\":\"token\",\"jwt\":\"a.b.c\"}},"
            + "\"client\":{\"sessions\":[{\"last_active_token\":{\"jwt\" : \"d.e.f\"}}]}}";

    assertThat(RedactingLogger.redact(body))
        .doesNotContain("a.b.c", "d.e.f")
        .contains("\"jwt\":\"***\"", "\"jwt\" : \"***\"");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * Create (first contact), a wrong code (422 that rotates the token), a 429 retried at once, the
   * right code, session activation with a session JWT in the body, and a read timeout.
   */
  private void runAFlowWithEveryKindOfAnswer(feign.Logger.Level level) {
    CountDownLatch never = new CountDownLatch(1);
    server.enqueue(
        Scripted.status(200).token(TOKEN_1).json(FapiBodies.codeSent("sia_1")),
        Scripted.status(422)
            .token(TOKEN_2)
            .json(FapiBodies.error("form_code_incorrect", "Incorrect code", "code")),
        Scripted.status(429).header("Retry-After", "0").token(TOKEN_3).json("{\"errors\":[]}"),
        Scripted.status(200).token(TOKEN_3).json(FapiBodies.complete("sia_1", "sess_1")),
        Scripted.status(200)
            .token(TOKEN_3)
            .json(FapiBodies.session("sess_1", "active", "[]", SESSION_JWT)),
        Scripted.status(200).token(TOKEN_3).json(FapiBodies.codeSent("sia_1")).holdUntil(never));
    FeignSignInGateway g =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl())
            .logLevel(level)
            .readTimeout(Duration.ofMillis(300))
            .pause(d -> {})
            .build();
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            GatewayResult<SignIn> created =
                g.createSignIn(
                    RequestContext.none(),
                    Optional.of(ClientToken.of(TOKEN_0)),
                    Identifier.parse("ada@example.com"),
                    Password.of(PASSWORD));
            GatewayResult<SignIn> wrong =
                g.attemptSecondFactor(
                    RequestContext.none(),
                    created.clientToken(),
                    "sia_1",
                    Strategy.EMAIL_CODE,
                    VerificationCode.of("000000"));
            GatewayResult<SignIn> right =
                g.attemptSecondFactor(
                    RequestContext.none(),
                    wrong.clientToken(),
                    "sia_1",
                    Strategy.EMAIL_CODE,
                    VerificationCode.of(CODE));
            GatewayResult<Session> session =
                g.activateSession(RequestContext.none(), right.clientToken(), "sess_1");
            assertThat(session).isInstanceOf(GatewayResult.Success.class);
            GatewayResult<SignIn> late =
                g.attemptSecondFactor(
                    RequestContext.none(),
                    session.clientToken(),
                    "sia_1",
                    Strategy.TOTP,
                    VerificationCode.of(CODE));
            assertThat(late).isInstanceOf(GatewayResult.Unavailable.class);
          });
    } finally {
      never.countDown();
    }
  }

  /** A gateway at this log level, over this HTTP client (null: the transport's own). */
  private FeignSignInGateway logging(feign.Logger.Level level, feign.Client client) {
    FeignSignInGateway.Builder b =
        FeignSignInGateway.builder()
            .frontendApi(server.baseUrl())
            .logLevel(level)
            .readTimeout(Duration.ofSeconds(10));
    if (client != null) {
      b.client(client);
    }
    return b.build();
  }

  /** A valid sign-in envelope of exactly {@code size} bytes, padded with an unknown field. */
  private static String paddedSignIn(int size) {
    String base = FapiBodies.needsClientTrust("sia_1");
    String head = base.substring(0, base.length() - 1) + ",\"padding\":\"";
    String body = head + "x".repeat(size - head.length() - 2) + "\"}";
    assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(size);
    return body;
  }

  /** Keeps every record, with its parameters and exception, as text. */
  private static final class Capture extends Handler {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      for (LogRecord r : records) {
        sb.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
        if (r.getParameters() != null) {
          for (Object p : r.getParameters()) {
            sb.append(p).append('\n');
          }
        }
        if (r.getThrown() != null) {
          StringWriter w = new StringWriter();
          r.getThrown().printStackTrace(new PrintWriter(w));
          sb.append(w).append('\n');
        }
      }
      return sb.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
