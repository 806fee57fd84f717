package dev.signinflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.report.ValidationReport.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.FakeUser;
import dev.signinflow.transport.fake.OutboxMessage;
import dev.signinflow.transport.fake.Totp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every FAPI endpoint the HTTP emulator serves, driven over real HTTP the way a native SDK calls it
 * ({@code ?_is_native=true&__clerk_api_version=2026-05-12}, {@code Authorization: Bearer <client
 * token>}, empty on first contact, form bodies), with every response — status, headers, body —
 * validated against Clerk's own OpenAPI description ({@link OpenApiSpec}).
 *
 * <p>A response passes when the validator reports no error, except the deviations of {@link
 * Deviation}: places where the spec contradicts Clerk's real behaviour as {@code fapi-protocol.md}
 * documents it, each keyed by endpoint and message key, each documented in {@code docs/emulator.md
 * (section "The emulator against Clerk's OpenAPI spec")}. A test names the deviations its exchange
 * shows; any other message fails it, and so does a named deviation that no longer occurs.
 */
class WireValidationTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final String NATIVE_QUERY = "_is_native=true&__clerk_api_version=2026-05-12";
  private static final Map<String, List<String>> NATIVE_PARAMS =
      Map.of("_is_native", List.of("true"), "__clerk_api_version", List.of("2026-05-12"));
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger VALIDATED = new AtomicInteger();
  private static final Pattern CLIENT_TOKEN =
      Pattern.compile("Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  private static final String PROXY_KEY = "sk_test_Wv3Xy5Za7Bc9De1Fg";

  private static OpenApiSpec spec;
  private static FakeClerk fake;
  private static FakeFapiServer server;
  private static HttpClient http;

  /** The device's client token, as the SDKs keep it: null until the server sends one. */
  private String clientToken;

  /** Parses the spec and starts one server for the class; each test resets its fake. */
  @BeforeAll
  static void loadSpecAndStartServer() {
    spec = OpenApiSpec.get();
    fake = FakeClerk.builder().clock(FakeClock.at(T0)).random(new Random(7)).build();
    server = FakeFapiServer.start(fake, 0);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    System.out.println("WireValidationTest: " + VALIDATED.get() + " responses validated");
  }

  @BeforeEach
  void freshInstance() {
    fake.reset();
    fake.clock().set(T0);
    DemoSeed.plant(fake);
  }

  // ---- the allow-list -------------------------------------------------------------------------

  /**
   * Where the spec and Clerk's real wire format part ways: the only validator errors tolerated.
   * Each is one endpoint, one message key, a JSON pointer and a fragment of the message; the
   * evidence is in {@code docs/emulator.md (section "The emulator against Clerk's OpenAPI spec")}.
   */
  enum Deviation {
    /**
     * The spec closes {@code user_settings.sign_in.second_factor} with {@code required} alone
     * (lines 12039-12052); clerk-js reads {@code enabled} beside it (fapi-protocol.md §2, E1).
     */
    ENVIRONMENT_SECOND_FACTOR_ENABLED(
        "GET",
        "/v1/environment",
        "validation.response.body.schema.additionalProperties",
        "/user_settings/sign_in/second_factor",
        "[\"enabled\"]"),
    /**
     * The spec lists no 429 for creating a sign-in (lines 1302-1316); FAPI limits creates per IP
     * (fapi-protocol.md §5.3, §11).
     */
    CREATE_SIGN_IN_429(
        "POST",
        "/v1/client/sign_ins",
        "validation.response.status.unknown",
        "",
        "Response status 429 not defined"),
    /**
     * The spec lists no 401 for creating a sign-in (lines 1302-1316); a malformed {@code
     * Authorization} is 401 {@code authorization_header_format_invalid} on any path
     * (fapi-protocol.md §4.2, §11), and a proxy request with a wrong secret key 401 {@code
     * proxy_request_invalid_secret_key} (clerk-research.md §7).
     */
    CREATE_SIGN_IN_401(
        "POST",
        "/v1/client/sign_ins",
        "validation.response.status.unknown",
        "",
        "Response status 401 not defined"),
    /**
     * The spec lists no 413 anywhere; the emulator caps request bodies (64 KiB by default) and
     * answers larger ones with 413 {@code request_body_too_large} rather than reading them.
     */
    CREATE_SIGN_IN_413(
        "POST",
        "/v1/client/sign_ins",
        "validation.response.status.unknown",
        "",
        "Response status 413 not defined"),
    /**
     * The spec lists no 429 for preparing a second factor (lines 1628-1638); a resend within the
     * cooldown is 429 {@code verification_code_too_many_requests} (fapi-protocol.md §4.2, §5.1,
     * §11).
     */
    PREPARE_SECOND_FACTOR_429(
        "POST",
        "/v1/client/sign_ins/{sign_in_id}/prepare_second_factor",
        "validation.response.status.unknown",
        "",
        "Response status 429 not defined"),
    /**
     * The spec lists no 429 for attempting a second factor (lines 1672-1684), though it does for
     * the first-factor attempt (line 1580); FAPI limits attempts per IP (fapi-protocol.md §5.3,
     * §11).
     */
    ATTEMPT_SECOND_FACTOR_429(
        "POST",
        "/v1/client/sign_ins/{sign_in_id}/attempt_second_factor",
        "validation.response.status.unknown",
        "",
        "Response status 429 not defined"),
    /**
     * The spec lists no 404 for preparing a second factor (lines 1628-1638); an unknown or
     * abandoned sign-in is 404 {@code resource_not_found} (fapi-protocol.md §4.2, §11).
     */
    PREPARE_SECOND_FACTOR_404(
        "POST",
        "/v1/client/sign_ins/{sign_in_id}/prepare_second_factor",
        "validation.response.status.unknown",
        "",
        "Response status 404 not defined"),
    /** The spec lists no 404 for attempting a second factor (lines 1672-1684); as for prepare. */
    ATTEMPT_SECOND_FACTOR_404(
        "POST",
        "/v1/client/sign_ins/{sign_in_id}/attempt_second_factor",
        "validation.response.status.unknown",
        "",
        "Response status 404 not defined");

    final String method;
    final Pattern path;
    final String key;
    final String pointer;
    final String fragment;

    Deviation(String method, String pathTemplate, String key, String pointer, String fragment) {
      this.method = method;
      this.path = Pattern.compile(pathTemplate.replaceAll("\\{[a-z_]+}", "[^/]+"));
      this.key = key;
      this.pointer = pointer;
      this.fragment = fragment;
    }

    /** This message, on this exchange, is this deviation: endpoint, key, pointer and text. */
    boolean matches(Exchange e, Message m) {
      return e.method.equals(method)
          && path.matcher(e.path).matches()
          && m.getKey().equals(key)
          && pointer(m).equals(pointer)
          && m.getMessage().contains(fragment);
    }
  }

  // ---- environment and client -----------------------------------------------------------------

  @Test
  void environmentMatchesTheSpec() {
    JsonNode env = check(get("/v1/environment"), 200, Deviation.ENVIRONMENT_SECOND_FACTOR_ENABLED);
    assertThat(env.path("auth_config").path("object").asText()).isEqualTo("auth_config");
  }

  @Test
  void environmentOfAnSmsOnlyInstanceWithoutMfaMatchesTheSpec() {
    fake.settings(fake.settings().toBuilder().smsOnly().mfaStrategies(Set.of()).build());
    check(get("/v1/environment"), 200, Deviation.ENVIRONMENT_SECOND_FACTOR_ENABLED);
  }

  @Test
  void clientBeforeFirstContactIsNullInBothPlaces() {
    JsonNode body = check(get("/v1/client"), 200);
    assertThat(body.get("response").isNull()).isTrue();
    assertThat(body.get("client").isNull()).isTrue();
  }

  // ---- sign-in creation -----------------------------------------------------------------------

  @Test
  void clientTrustFlowFromCreateToSessionToken() {
    JsonNode created = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    assertThat(created.at("/response/status").asText()).isEqualTo("needs_client_trust");
    assertThat(created.at("/response/object").asText()).isEqualTo("sign_in_attempt");
    String signInId = created.at("/response/id").asText();
    String emailId = created.at("/response/supported_second_factors/0/email_address_id").asText();

    JsonNode client = check(get("/v1/client"), 200);
    assertThat(client.at("/response/sign_in/id").asText()).isEqualTo(signInId);
    check(get("/v1/client/sign_ins/" + signInId), 200);

    JsonNode prepared =
        check(
            post(
                "/v1/client/sign_ins/" + signInId + "/prepare_second_factor",
                form("strategy", "email_code", "email_address_id", emailId)),
            200);
    assertThat(prepared.at("/response/second_factor_verification/object").asText())
        .isEqualTo("verification_otp");

    check(
        post(
            "/v1/client/sign_ins/" + signInId + "/attempt_second_factor",
            form("strategy", "email_code", "code", wrong(fake.lastCodeSentTo(DemoSeed.ADA)))),
        422);
    JsonNode complete =
        check(
            post(
                "/v1/client/sign_ins/" + signInId + "/attempt_second_factor",
                form(
                    "strategy",
                    "email_code",
                    "code",
                    fake.lastCodeSentTo(DemoSeed.ADA).orElseThrow())),
            200);
    assertThat(complete.at("/response/status").asText()).isEqualTo("complete");
    String sessionId = complete.at("/response/created_session_id").asText();

    JsonNode signedIn = check(get("/v1/client"), 200);
    assertThat(signedIn.at("/response/last_active_session_id").asText()).isEqualTo(sessionId);
    check(
        post(
            "/v1/client/sessions/" + sessionId + "/touch",
            form("active_organization_id", "", "intent", "select_session")),
        200);
    JsonNode token =
        check(
            post("/v1/client/sessions/" + sessionId + "/tokens", form("organization_id", "")), 200);
    assertThat(token.path("object").asText()).isEqualTo("token");
    assertThat(token.has("response")).isFalse();
    check(get("/v1/client/sessions/" + sessionId), 200);
    JsonNode ended = check(post("/v1/client/sessions/" + sessionId + "/end", ""), 200);
    assertThat(ended.at("/response/status").asText()).isEqualTo("ended");
  }

  @Test
  void createOnAKnownDeviceCompletesAtOnce() {
    String sessionId = signInAdaThroughClientTrust();
    check(post("/v1/client/sessions/" + sessionId + "/remove", ""), 200);
    JsonNode again = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    assertThat(again.at("/response/status").asText()).isEqualTo("complete");
    assertThat(again.at("/response/client_trust_state").asText()).isEqualTo("known");
  }

  @Test
  void createInTheLegacyShapeAnswersNeedsSecondFactor() {
    fake.settings(fake.settings().toBuilder().legacyClientTrustShape(true).build());
    JsonNode created = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    assertThat(created.at("/response/status").asText()).isEqualTo("needs_second_factor");
    assertThat(created.at("/response/client_trust_state").asText()).isEqualTo("new");
  }

  @Test
  void totpSecondFactorCompletesTheSignIn() {
    JsonNode created = check(createSignIn(DemoSeed.GRACE, DemoSeed.PASSWORD), 200);
    assertThat(created.at("/response/status").asText()).isEqualTo("needs_second_factor");
    String id = created.at("/response/id").asText();
    String code = Totp.code(DemoSeed.GRACE_TOTP_SECRET, fake.clock().instant());
    check(
        post(
            "/v1/client/sign_ins/" + id + "/attempt_second_factor",
            form("strategy", "totp", "code", wrong(Optional.of(code)))),
        422);
    JsonNode complete =
        check(
            post(
                "/v1/client/sign_ins/" + id + "/attempt_second_factor",
                form("strategy", "totp", "code", code)),
            200);
    assertThat(complete.at("/response/second_factor_verification/object").asText())
        .isEqualTo("verification_totp");
  }

  @Test
  void backupCodeSecondFactorCompletesTheSignIn() {
    JsonNode created = check(createSignIn(DemoSeed.GRACE, DemoSeed.PASSWORD), 200);
    String id = created.at("/response/id").asText();
    JsonNode complete =
        check(
            post(
                "/v1/client/sign_ins/" + id + "/attempt_second_factor",
                form("strategy", "backup_code", "code", DemoSeed.GRACE_BACKUP_CODES.get(0))),
            200);
    assertThat(complete.at("/response/second_factor_verification/object").asText())
        .isEqualTo("verification_backup_code");
  }

  @Test
  void emailLinkVerificationMatchesTheSpec() {
    fake.settings(fake.settings().toBuilder().emailCodeEnabled(false).build());
    JsonNode created = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    String id = created.at("/response/id").asText();
    JsonNode prepared =
        check(
            post(
                "/v1/client/sign_ins/" + id + "/prepare_second_factor",
                form("strategy", "email_link", "redirect_url", "https://app.example/verified")),
            200);
    assertThat(prepared.at("/response/second_factor_verification/object").asText())
        .isEqualTo("verification_email_link");
    List<OutboxMessage> sent = fake.outbox(DemoSeed.ADA);
    fake.visitEmailLink(sent.get(sent.size() - 1).linkToken().orElseThrow());
    JsonNode done = check(get("/v1/client/sign_ins/" + id), 200);
    assertThat(done.at("/response/status").asText()).isEqualTo("complete");
  }

  @Test
  void smsCodeVerificationMatchesTheSpec() {
    fake.settings(fake.settings().toBuilder().smsOnly().build());
    JsonNode created = check(createSignIn(DemoSeed.SMS_USER, DemoSeed.PASSWORD), 200);
    String id = created.at("/response/id").asText();
    String phoneId = created.at("/response/supported_second_factors/0/phone_number_id").asText();
    JsonNode prepared =
        check(
            post(
                "/v1/client/sign_ins/" + id + "/prepare_second_factor",
                form("strategy", "phone_code", "phone_number_id", phoneId)),
            200);
    assertThat(prepared.at("/response/second_factor_verification/strategy").asText())
        .isEqualTo("phone_code");
  }

  @Test
  void pendingSessionWithTasksMatchesTheSpec() {
    fake.settings(fake.settings().toBuilder().sessionTasks(List.of("choose-organization")).build());
    String sessionId = signInAdaThroughClientTrust();
    JsonNode client = check(get("/v1/client"), 200);
    assertThat(client.at("/response/sessions/0/status").asText()).isEqualTo("pending");
    assertThat(client.at("/response/sessions/0/tasks/0/key").asText())
        .isEqualTo("choose-organization");
    check(post("/v1/client/sessions/" + sessionId + "/tokens", ""), 200);
  }

  // ---- errors of sign-in creation -------------------------------------------------------------

  @Test
  void wrongPasswordIs422() {
    JsonNode body = check(createSignIn(DemoSeed.ADA, "not the password"), 422);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("form_password_incorrect");
  }

  @Test
  void unknownIdentifierIs422() {
    JsonNode body = check(createSignIn("nobody@example.com", DemoSeed.PASSWORD), 422);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("form_identifier_not_found");
  }

  @Test
  void lockedUserIs403() {
    fake.addUser(FakeUser.withEmail("locked@example.com").password(DemoSeed.PASSWORD).lockedOut());
    JsonNode body = check(createSignIn("locked@example.com", DemoSeed.PASSWORD), 403);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("user_locked");
  }

  @Test
  void tooManyCreatesAre429() {
    int limit = fake.settings().createLimit();
    for (int i = 0; i < limit; i++) {
      check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    }
    Exchange limited = createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD);
    JsonNode body = check(limited, 429, Deviation.CREATE_SIGN_IN_429);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("too_many_requests");
    assertThat(limited.responseHeaders).containsKey("retry-after");
  }

  // ---- proxy mode and the Native API switch (clerk-research.md §7) ----------------------------

  @Test
  void proxyRequestWithoutSecretKeyIs400() {
    fake.secretKey(PROXY_KEY);
    JsonNode body =
        check(
            sendWith(
                "POST",
                "/v1/client/sign_ins",
                form("identifier", DemoSeed.ADA),
                "Clerk-Proxy-Url",
                "https://app.example.com/__clerk"),
            400);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("proxy_request_missing_secret_key");
  }

  @Test
  void proxyRequestWithWrongSecretKeyIs401() {
    fake.secretKey(PROXY_KEY);
    JsonNode client =
        check(
            sendWith(
                "GET",
                "/v1/client",
                null,
                "Clerk-Proxy-Url",
                "https://app.example.com/__clerk",
                "Clerk-Secret-Key",
                "sk_test_0000000000000000"),
            401);
    assertThat(client.at("/errors/0/code").asText()).isEqualTo("proxy_request_invalid_secret_key");
    JsonNode created =
        check(
            sendWith(
                "POST",
                "/v1/client/sign_ins",
                form("identifier", DemoSeed.ADA),
                "Clerk-Proxy-Url",
                "https://app.example.com/__clerk",
                "Clerk-Secret-Key",
                "sk_test_0000000000000000"),
            401,
            Deviation.CREATE_SIGN_IN_401);
    assertThat(created.at("/errors/0/code").asText()).isEqualTo("proxy_request_invalid_secret_key");
  }

  @Test
  void proxyRequestWithTheRightKeyIsServed() {
    fake.secretKey(PROXY_KEY);
    check(
        sendWith(
            "POST",
            "/v1/client/sign_ins",
            form("identifier", DemoSeed.ADA, "password", DemoSeed.PASSWORD),
            "Clerk-Proxy-Url",
            "https://app.example.com/__clerk",
            "Clerk-Secret-Key",
            PROXY_KEY,
            "X-Forwarded-For",
            "198.51.100.1"),
        200);
  }

  @Test
  void nativeRequestWithTheNativeApiOffIs400() {
    fake.settings(fake.settings().toBuilder().nativeApiEnabled(false).build());
    for (String path : List.of("/v1/environment", "/v1/client")) {
      JsonNode body = check(get(path), 400);
      assertThat(body.at("/errors/0/code").asText()).isEqualTo("native_api_disabled");
    }
    JsonNode body = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 400);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("native_api_disabled");
  }

  // ---- sign-in reads and second-factor errors -------------------------------------------------

  @Test
  void unknownSignInIs404() {
    check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    JsonNode body = check(get("/v1/client/sign_ins/sia_unknown"), 404);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("resource_not_found");
  }

  @Test
  void prepareErrorsMatchTheSpec() {
    JsonNode created = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    String id = created.at("/response/id").asText();
    String prepare = "/v1/client/sign_ins/" + id + "/prepare_second_factor";
    check(post(prepare, form("strategy", "phone_code")), 400);
    check(post(prepare, form("strategy", "email_code")), 200);
    JsonNode cooldown =
        check(
            post(prepare, form("strategy", "email_code")),
            429,
            Deviation.PREPARE_SECOND_FACTOR_429);
    assertThat(cooldown.at("/errors/0/code").asText())
        .isEqualTo("verification_code_too_many_requests");

    check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    JsonNode replaced = check(post(prepare, form("strategy", "email_code")), 403);
    assertThat(replaced.at("/errors/0/code").asText()).isEqualTo("resource_forbidden");
  }

  @Test
  void attemptBeforePrepareIs400VerificationMissing() {
    String id =
        check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200).at("/response/id").asText();
    JsonNode body =
        check(
            post(
                "/v1/client/sign_ins/" + id + "/attempt_second_factor",
                form("strategy", "email_code", "code", "123456")),
            400);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("verification_missing");
  }

  @Test
  void attemptAfterExpiryIs400VerificationExpired() {
    String id =
        check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200).at("/response/id").asText();
    check(
        post(
            "/v1/client/sign_ins/" + id + "/prepare_second_factor", form("strategy", "email_code")),
        200);
    fake.clock().advance(fake.settings().codeLifetime().plusSeconds(1));
    JsonNode body =
        check(
            post(
                "/v1/client/sign_ins/" + id + "/attempt_second_factor",
                form("strategy", "email_code", "code", "123456")),
            400);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("verification_expired");
    JsonNode read = check(get("/v1/client/sign_ins/" + id), 200);
    assertThat(read.at("/response/second_factor_verification/status").asText())
        .isEqualTo("expired");
  }

  @Test
  void attemptAfterTooManyWrongCodesIs400VerificationFailed() {
    String id =
        check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200).at("/response/id").asText();
    check(
        post(
            "/v1/client/sign_ins/" + id + "/prepare_second_factor", form("strategy", "email_code")),
        200);
    String wrong = wrong(fake.lastCodeSentTo(DemoSeed.ADA));
    String attempt = "/v1/client/sign_ins/" + id + "/attempt_second_factor";
    for (int i = 0; i < fake.settings().wrongCodesAllowed(); i++) {
      check(post(attempt, form("strategy", "email_code", "code", wrong)), 422);
      // Past the attempt rate limit's window, so the next answer is the verification's own.
      fake.clock().advance(fake.settings().rateLimitWindow());
    }
    JsonNode body = check(post(attempt, form("strategy", "email_code", "code", wrong)), 400);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("verification_failed");
    JsonNode read = check(get("/v1/client/sign_ins/" + id), 200);
    assertThat(read.at("/response/second_factor_verification/status").asText()).isEqualTo("failed");
  }

  @Test
  void attemptsBeyondTheRateLimitAre429() {
    String id =
        check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200).at("/response/id").asText();
    check(
        post(
            "/v1/client/sign_ins/" + id + "/prepare_second_factor", form("strategy", "email_code")),
        200);
    String attempt = "/v1/client/sign_ins/" + id + "/attempt_second_factor";
    String wrong = wrong(fake.lastCodeSentTo(DemoSeed.ADA));
    for (int i = 0; i < fake.settings().attemptLimit(); i++) {
      check(post(attempt, form("strategy", "email_code", "code", wrong)), 422);
    }
    JsonNode body =
        check(
            post(attempt, form("strategy", "email_code", "code", wrong)),
            429,
            Deviation.ATTEMPT_SECOND_FACTOR_429);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("too_many_requests");
  }

  @Test
  void attemptAfterCompletionIs400AlreadyVerified() {
    String id =
        check(createSignIn(DemoSeed.GRACE, DemoSeed.PASSWORD), 200).at("/response/id").asText();
    String attempt = "/v1/client/sign_ins/" + id + "/attempt_second_factor";
    String code = Totp.code(DemoSeed.GRACE_TOTP_SECRET, fake.clock().instant());
    check(post(attempt, form("strategy", "totp", "code", code)), 200);
    JsonNode body = check(post(attempt, form("strategy", "totp", "code", code)), 400);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("verification_already_verified");
  }

  @Test
  void secondFactorOnAnUnknownSignInIs404() {
    check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    check(
        post(
            "/v1/client/sign_ins/sia_unknown/prepare_second_factor",
            form("strategy", "email_code")),
        404,
        Deviation.PREPARE_SECOND_FACTOR_404);
    check(
        post(
            "/v1/client/sign_ins/sia_unknown/attempt_second_factor",
            form("strategy", "email_code", "code", "123456")),
        404,
        Deviation.ATTEMPT_SECOND_FACTOR_404);
  }

  // ---- sessions -------------------------------------------------------------------------------

  @Test
  void unknownSessionIs404() {
    signInAdaThroughClientTrust();
    check(get("/v1/client/sessions/sess_unknown"), 404);
  }

  @Test
  void removingOneAndAllSessionsMatchesTheSpec() {
    String first = signInAdaThroughClientTrust();
    JsonNode removed = check(post("/v1/client/sessions/" + first + "/remove", ""), 200);
    assertThat(removed.at("/response/status").asText()).isEqualTo("removed");
    String second =
        check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200)
            .at("/response/created_session_id")
            .asText();
    assertThat(second).startsWith("sess_");
    JsonNode all = check(send("DELETE", "/v1/client/sessions", null), 200);
    assertThat(all.at("/response/object").asText()).isEqualTo("client");
    assertThat(all.get("client").isNull()).isTrue();
  }

  @Test
  void removingAllSessionsWithoutAClientIs404() {
    check(send("DELETE", "/v1/client/sessions", null), 404);
  }

  @Test
  void touchWithAnIntentTheSpecDoesNotListIs422() {
    String sessionId = signInAdaThroughClientTrust();
    JsonNode body =
        checkResponse(
            post("/v1/client/sessions/" + sessionId + "/touch", form("intent", "wander")), 422);
    assertThat(body.at("/errors/0/meta/param_name").asText()).isEqualTo("intent");
  }

  // ---- sessions after sign-in (issue 15) ------------------------------------------------------

  @Test
  void environmentTellsWhetherTheInstanceIsSingleSession() {
    JsonNode on = check(get("/v1/environment"), 200, Deviation.ENVIRONMENT_SECOND_FACTOR_ENABLED);
    assertThat(on.at("/auth_config/single_session_mode").asBoolean()).isTrue();
    fake.settings(fake.settings().toBuilder().singleSessionMode(false).build());
    JsonNode off = check(get("/v1/environment"), 200, Deviation.ENVIRONMENT_SECOND_FACTOR_ENABLED);
    assertThat(off.at("/auth_config/single_session_mode").asBoolean()).isFalse();
  }

  @Test
  void signedInClientIsTheResponseWithItsSessionsUser() {
    String sessionId = signInAdaThroughClientTrust();
    JsonNode body = check(get("/v1/client"), 200);
    assertThat(body.get("client").isNull()).isTrue();
    JsonNode session = body.at("/response/sessions/0");
    assertThat(session.path("id").asText()).isEqualTo(sessionId);
    assertThat(session.at("/user/id").asText()).isEqualTo(fake.userId(DemoSeed.ADA).orElseThrow());
    assertThat(session.at("/user/email_addresses/0/email_address").asText())
        .isEqualTo(DemoSeed.ADA);
    assertThat(session.at("/user/phone_numbers/0/phone_number").asText())
        .isEqualTo(DemoSeed.ADA_PHONE);
  }

  @Test
  void signingInOnASignedInSingleSessionDeviceIs400SessionExists() {
    signInAdaThroughClientTrust();
    JsonNode body = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 400);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("session_exists");
    JsonNode grace = check(createSignIn(DemoSeed.GRACE, DemoSeed.PASSWORD), 400);
    assertThat(grace.at("/errors/0/code").asText()).isEqualTo("session_exists");
  }

  @Test
  void signingInAgainOnAMultiSessionDeviceIs400IdentifierAlreadySignedIn() {
    fake.settings(fake.settings().toBuilder().singleSessionMode(false).build());
    String sessionId = signInAdaThroughClientTrust();
    JsonNode body = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 400);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("identifier_already_signed_in");
    assertThat(body.at("/errors/0/meta/session_id").asText()).isEqualTo(sessionId);
  }

  @Test
  void aTokenForAnOrganizationIs404() {
    String sessionId = signInAdaThroughClientTrust();
    JsonNode body =
        check(
            post(
                "/v1/client/sessions/" + sessionId + "/tokens",
                form("organization_id", "org_2abc")),
            404);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("resource_not_found");
  }

  @Test
  void anEndedSessionIs404OnTokensEndRemoveAndGet() {
    String sessionId = signInAdaThroughClientTrust();
    String path = "/v1/client/sessions/" + sessionId;
    check(post(path + "/end", ""), 200);
    JsonNode client = check(get("/v1/client"), 200);
    assertThat(client.at("/response/sessions/0/status").asText()).isEqualTo("ended");
    check(post(path + "/tokens", ""), 404);
    check(post(path + "/end", ""), 404);
    check(post(path + "/remove", ""), 404);
    check(get(path), 404);
  }

  @Test
  void removingAllSessionsAsClerkJsSendsItMatchesTheSpecOfDelete() {
    signInAdaThroughClientTrust();
    // clerk-js sends DELETE as POST ...?_method=DELETE (fapiClient.ts); the spec knows the DELETE.
    Exchange e =
        send(
            server.baseUrl(),
            "POST",
            "/v1/client/sessions",
            "_method=DELETE&" + NATIVE_QUERY,
            null);
    assertThat(e.status).as("status of %s: %s", e, e.body).isEqualTo(200);
    Request asDelete =
        OpenApiSpec.request("DELETE", e.path, NATIVE_PARAMS, e.requestHeaders, e.formBody);
    judge(e, spec.validate(asDelete, e.response()));
    assertThat(e.json().at("/response/sessions").size()).isZero();
    assertThat(e.json().get("client").isNull()).isTrue();
    check(get("/v1/client"), 200);
  }

  @Test
  void jwksMatchesTheSpec() {
    HttpResponse<String> r =
        exchange(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/.well-known/jwks.json"))
                .timeout(Duration.ofSeconds(10))
                .GET());
    assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
    SimpleResponse.Builder b = new SimpleResponse.Builder(200).withBody(r.body());
    r.headers().map().forEach(b::withHeader);
    SimpleResponse response = b.build();
    Request request =
        OpenApiSpec.request("GET", "/.well-known/jwks.json", Map.of(), Map.of(), null);
    assertThat(errors(spec.validate(request, response)))
        .as("spec violations of the JWKS %s", r.body())
        .isEmpty();
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    assertThat(r.headers().firstValue("cache-control")).contains("public, max-age=300");
    VALIDATED.incrementAndGet();

    // The validator reads the key set: a key without its kid matches none of the key shapes.
    SimpleResponse noKid =
        new SimpleResponse.Builder(200)
            .withContentType("application/json")
            .withBody(r.body().replaceFirst("\"kid\":\"[^\"]*\",", ""))
            .build();
    assertThat(errors(spec.validateResponse("/.well-known/jwks.json", Request.Method.GET, noKid)))
        .extracting(Message::getKey)
        .contains("validation.response.body.schema.oneOf");
  }

  // ---- HTTP-level errors ----------------------------------------------------------------------

  @Test
  void unknownPathIs404WithClerkErrors() {
    checkOutsideSpec(get("/v1/no_such_thing"), 404, "validation.request.path.missing");
  }

  @Test
  void wrongMethodIs405WithClerkErrors() {
    Exchange e = get("/v1/client/sign_ins");
    checkOutsideSpec(e, 405, "validation.request.operation.notAllowed");
    assertThat(e.responseHeaders.get("allow")).containsExactly("POST");
  }

  @Test
  void oversizedBodyIs413() {
    // A server with a small cap, so the whole body is on the wire before the server answers: a
    // body far beyond the socket buffers would race the early 413 and the connection's close.
    try (FakeFapiServer small = FakeFapiServer.builder(fake).maxBodyBytes(1024).start()) {
      Exchange e =
          send(
              small.baseUrl(), "POST", "/v1/client/sign_ins", form("identifier", "x".repeat(2048)));
      checkResponse(e, 413, Deviation.CREATE_SIGN_IN_413);
    }
  }

  @Test
  void malformedBodyIs400() {
    checkResponse(post("/v1/client/sign_ins", "identifier=%zz"), 400);
  }

  @Test
  void malformedAuthorizationIs401() {
    clientToken = "not-a-jwt";
    JsonNode body = checkResponse(get("/v1/client"), 401);
    assertThat(body.at("/errors/0/code").asText()).isEqualTo("authorization_header_format_invalid");
    checkResponse(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 401, Deviation.CREATE_SIGN_IN_401);
  }

  // ---- the validator is strict where it matters -----------------------------------------------

  @Test
  void validatorRejectsTamperedSignInsSessionsAndErrors() {
    Exchange created = createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD);
    check(created, 200);
    assertRejected(
        created,
        created.body.replaceFirst("\"needs_client_trust\"", "\"needs_trust\""),
        "validation.response.body.schema.enum");
    assertRejected(
        created,
        created.body.replaceFirst("\"abandon_at\":(\\d+)", "\"abandon_at\":\"$1\""),
        "validation.response.body.schema.type");
    assertRejected(
        created,
        created.body.replaceFirst("\"created_session_id\":null,", ""),
        "validation.response.body.schema.required");
    assertRejected(
        created,
        created.body.replaceFirst("\"identifier\":", "\"surprise\":1,\"identifier\":"),
        "validation.response.body.schema.additionalProperties");
    assertRejected(
        created,
        created.body.replaceFirst("\"sign_in_attempt\"", "\"sign_in\""),
        "validation.response.body.schema.enum");

    String id = created.json().at("/response/id").asText();
    Exchange prepared =
        post(
            "/v1/client/sign_ins/" + id + "/prepare_second_factor", form("strategy", "email_code"));
    check(prepared, 200);
    assertRejected(
        prepared,
        prepared.body.replaceFirst("\"verification_otp\"", "\"verification_code\""),
        "validation.response.body.schema.anyOf");

    Exchange complete =
        post(
            "/v1/client/sign_ins/" + id + "/attempt_second_factor",
            form(
                "strategy", "email_code", "code", fake.lastCodeSentTo(DemoSeed.ADA).orElseThrow()));
    check(complete, 200);
    String sessionId = complete.json().at("/response/created_session_id").asText();
    Exchange session = get("/v1/client/sessions/" + sessionId);
    check(session, 200);
    assertRejected(
        session,
        session.body.replaceFirst("\"object\":\"session\"", "\"object\":\"sess\""),
        "validation.response.body.schema.allOf");
    assertRejected(
        session,
        session.body.replaceFirst("\"public_user_data\":\\{", "\"public_user_data\":{\"x\":1,"),
        "validation.response.body.schema.allOf");

    assertRejectedAt(
        session,
        session.body.replaceFirst("\"object\":\"user\"", "\"object\":\"usr\""),
        "validation.response.body.schema.allOf",
        "/response/user/object");
    assertRejectedAt(
        session,
        session.body.replaceFirst("\"email_address\":\"ada@example.com\",", ""),
        "validation.response.body.schema.allOf",
        "/response/user/email_addresses/0");

    // Single-session mode (the fake's default): a signed-in device's create is session_exists.
    check(post("/v1/client/sessions/" + sessionId + "/remove", ""), 200);
    Exchange wrong = createSignIn(DemoSeed.ADA, "not the password");
    check(wrong, 422);
    assertRejected(
        wrong,
        wrong.body.replaceFirst("\"long_message\":\"[^\"]*\",", ""),
        "validation.response.body.schema.required");
  }

  /** A tampered copy of a valid response fails with (at least) a message of this key. */
  private static void assertRejected(Exchange valid, String tamperedBody, String key) {
    assertThat(tamperedBody).as("the tampering changed nothing").isNotEqualTo(valid.body);
    Exchange tampered =
        new Exchange(
            valid.method,
            valid.path,
            valid.requestHeaders,
            valid.formBody,
            valid.status,
            valid.responseHeaders,
            tamperedBody);
    ValidationReport report =
        spec.validateResponse(
            tampered.path, Request.Method.valueOf(tampered.method), tampered.response());
    assertThat(errors(report))
        .as("validating %s", tamperedBody)
        .extracting(Message::getKey)
        .contains(key);
  }

  /**
   * As {@link #assertRejected}, and some message, nested or not, points at this place in the body:
   * the tampering was caught where it was made, not somewhere else.
   */
  private static void assertRejectedAt(
      Exchange valid, String tamperedBody, String key, String pointer) {
    assertRejected(valid, tamperedBody, key);
    Exchange tampered =
        new Exchange(
            valid.method,
            valid.path,
            valid.requestHeaders,
            valid.formBody,
            valid.status,
            valid.responseHeaders,
            tamperedBody);
    List<String> pointers = new ArrayList<>();
    for (Message m :
        errors(
            spec.validateResponse(
                tampered.path, Request.Method.valueOf(tampered.method), tampered.response()))) {
      collectPointers(m, pointers, 0);
    }
    assertThat(pointers).as("pointers of %s", tamperedBody).contains(pointer);
  }

  private static void collectPointers(Message m, List<String> out, int depth) {
    out.add(pointer(m));
    if (depth < 20) {
      for (Message nested : m.getNestedMessages()) {
        collectPointers(nested, out, depth + 1);
      }
    }
  }

  // ---- request validation for the Feign transport ---------------------------------------------

  @Test
  void requestValidationAcceptsANativeSignInCreate() {
    ValidationReport report =
        OpenApiSpec.validateRequest(
            "POST",
            "/v1/client/sign_ins",
            NATIVE_PARAMS,
            Map.of("Authorization", List.of(""), "Content-Type", List.of(FORM)),
            form("identifier", DemoSeed.ADA, "password", DemoSeed.PASSWORD));
    assertThat(errors(report)).isEmpty();
  }

  @Test
  void requestValidationRejectsAStrategyTheSpecDoesNotList() {
    ValidationReport report =
        OpenApiSpec.validateRequest(
            "POST",
            "/v1/client/sign_ins/sia_1/prepare_second_factor",
            NATIVE_PARAMS,
            Map.of("Authorization", List.of("Bearer a.b.c"), "Content-Type", List.of(FORM)),
            form("strategy", "totp"));
    assertThat(errors(report))
        .extracting(Message::getKey)
        .containsExactly("validation.request.body.schema.enum");
  }

  @Test
  void requestValidationReadsFormValuesAsText() {
    ValidationReport report =
        OpenApiSpec.validateRequest(
            "POST",
            "/v1/client/sign_ins/sia_1/attempt_second_factor",
            NATIVE_PARAMS,
            Map.of("Authorization", List.of("Bearer a.b.c"), "Content-Type", List.of(FORM)),
            form("strategy", "phone_code", "code", "123456"));
    assertThat(errors(report)).isEmpty();
  }

  @Test
  void requestValidationRejectsAnUnknownQueryParameter() {
    ValidationReport report =
        OpenApiSpec.validateRequest(
            "GET",
            "/v1/client",
            Map.of("_is_native", List.of("true"), "__clerk_api_versoin", List.of("2026-05-12")),
            Map.of("Authorization", List.of("")),
            null);
    assertThat(errors(report))
        .extracting(Message::getKey)
        .containsExactly("validation.request.parameter.query.unexpected");
  }

  // ---- driving the server ---------------------------------------------------------------------

  /** Signs Ada in on this device through Client Trust (email code); the new session's id. */
  private String signInAdaThroughClientTrust() {
    JsonNode created = check(createSignIn(DemoSeed.ADA, DemoSeed.PASSWORD), 200);
    String id = created.at("/response/id").asText();
    check(
        post(
            "/v1/client/sign_ins/" + id + "/prepare_second_factor", form("strategy", "email_code")),
        200);
    JsonNode complete =
        check(
            post(
                "/v1/client/sign_ins/" + id + "/attempt_second_factor",
                form(
                    "strategy",
                    "email_code",
                    "code",
                    fake.lastCodeSentTo(DemoSeed.ADA).orElseThrow())),
            200);
    return complete.at("/response/created_session_id").asText();
  }

  private Exchange createSignIn(String identifier, String password) {
    return post("/v1/client/sign_ins", form("identifier", identifier, "password", password));
  }

  private Exchange get(String path) {
    return send("GET", path, null);
  }

  private Exchange post(String path, String formBody) {
    return send("POST", path, formBody);
  }

  /** One request as a native SDK sends it; keeps the client token the response carries. */
  private Exchange send(String method, String path, String formBody) {
    return send(server.baseUrl(), method, path, formBody);
  }

  private Exchange send(URI base, String method, String path, String formBody) {
    return send(base, method, path, NATIVE_QUERY, formBody);
  }

  /** As {@link #send(String, String, String)}, with these extra headers (name, value, ...). */
  private Exchange sendWith(String method, String path, String formBody, String... extra) {
    Map<String, List<String>> more = new LinkedHashMap<>();
    for (int i = 0; i < extra.length; i += 2) {
      more.put(extra[i], List.of(extra[i + 1]));
    }
    return send(server.baseUrl(), method, path, NATIVE_QUERY, formBody, more);
  }

  private Exchange send(URI base, String method, String path, String query, String formBody) {
    return send(base, method, path, query, formBody, Map.of());
  }

  private Exchange send(
      URI base,
      String method,
      String path,
      String query,
      String formBody,
      Map<String, List<String>> extraHeaders) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.putAll(extraHeaders);
    headers.put("Authorization", List.of(clientToken == null ? "" : "Bearer " + clientToken));
    if (formBody != null) {
      headers.put("Content-Type", List.of(FORM));
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path + "?" + query))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                formBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(formBody));
    headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    HttpResponse<String> r = exchange(b);
    r.headers()
        .firstValue("Authorization")
        .ifPresent(
            v -> clientToken = v.strip().equals("Bearer") ? null : v.substring("Bearer ".length()));
    return new Exchange(
        method, path, headers, formBody, r.statusCode(), r.headers().map(), r.body());
  }

  private static HttpResponse<String> exchange(HttpRequest.Builder b) {
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request and the response it got, as sent and received. */
  record Exchange(
      String method,
      String path,
      Map<String, List<String>> requestHeaders,
      String formBody,
      int status,
      Map<String, List<String>> responseHeaders,
      String body) {

    Request request() {
      return OpenApiSpec.request(method, path, NATIVE_PARAMS, requestHeaders, formBody);
    }

    SimpleResponse response() {
      SimpleResponse.Builder b = new SimpleResponse.Builder(status);
      responseHeaders.forEach(b::withHeader);
      if (!body.isEmpty()) {
        b.withBody(body);
      }
      return b.build();
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    @Override
    public String toString() {
      return method + " " + path + " -> " + status;
    }
  }

  // ---- validating -----------------------------------------------------------------------------

  /** Checks the status, then validates the request and the response; the response's JSON. */
  private JsonNode check(Exchange e, int status, Deviation... expected) {
    assertThat(e.status).as("status of %s: %s", e, e.body).isEqualTo(status);
    judge(e, spec.validate(e.request(), e.response()), expected);
    return e.json();
  }

  /**
   * Validates only the response: for requests that are wrong on purpose (a malformed body, an
   * oversized one, a bad {@code Authorization}), whose request-side errors are the point.
   */
  private JsonNode checkResponse(Exchange e, int status, Deviation... expected) {
    assertThat(e.status).as("status of %s: %s", e, e.body).isEqualTo(status);
    judge(
        e, spec.validateResponse(e.path, Request.Method.valueOf(e.method), e.response()), expected);
    return e.json();
  }

  /**
   * For a request the spec has no operation for (an unknown path, a method it does not list): the
   * validator can only say so, with {@code expectedKey}; the body is validated against the spec's
   * {@code ClerkErrors} schema instead.
   */
  private void checkOutsideSpec(Exchange e, int status, String expectedKey) {
    assertThat(e.status).as("status of %s: %s", e, e.body).isEqualTo(status);
    ValidationReport report =
        spec.validateResponse(e.path, Request.Method.valueOf(e.method), e.response());
    assertThat(errors(report)).extracting(Message::getKey).containsExactly(expectedKey);
    assertThat(errors(spec.validateAgainstSchema("ClerkErrors", e.body)))
        .as("%s body against ClerkErrors: %s", e, e.body)
        .isEmpty();
    checkHeaders(e);
    VALIDATED.incrementAndGet();
  }

  private static void judge(Exchange e, ValidationReport report, Deviation... expected) {
    List<Message> errors = new ArrayList<>(errors(report));
    if (e.status >= 400) {
      // The spec's ClerkErrors must hold for every error body, also where the spec does not list
      // the status (then the validator does not look at the body).
      errors.addAll(errors(spec.validateAgainstSchema("ClerkErrors", e.body)));
    }
    Set<Deviation> seen = EnumSet.noneOf(Deviation.class);
    List<Message> unexpected = new ArrayList<>();
    for (Message m : errors) {
      Deviation match = null;
      for (Deviation d : expected) {
        if (d.matches(e, m)) {
          match = d;
        }
      }
      if (match == null) {
        unexpected.add(m);
      } else {
        seen.add(match);
      }
    }
    assertThat(unexpected)
        .as("spec violations of %s (body %s):%n%s", e, e.body, describe(unexpected))
        .isEmpty();
    assertThat(seen)
        .as("allow-listed deviations that %s no longer shows: remove them", e)
        .containsExactlyInAnyOrder(expected);
    checkHeaders(e);
    VALIDATED.incrementAndGet();
  }

  /**
   * The headers the spec leaves to prose: the client token comes back as {@code Bearer <jwt>}
   * (fapi-protocol.md §1.4), a 429 says when to retry in whole seconds (§4.1).
   */
  private static void checkHeaders(Exchange e) {
    assertThat(e.responseHeaders.get("content-type"))
        .as("Content-Type of %s", e)
        .containsExactly("application/json; charset=utf-8");
    assertThat(e.responseHeaders.getOrDefault("authorization", List.of()))
        .as("Authorization of %s", e)
        .allMatch(v -> CLIENT_TOKEN.matcher(v).matches());
    if (e.status == 429) {
      assertThat(e.responseHeaders.get("retry-after"))
          .as("Retry-After of %s", e)
          .singleElement()
          .matches(v -> v.matches("[1-9][0-9]*"));
    }
  }

  private static List<Message> errors(ValidationReport report) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .toList();
  }

  private static String pointer(Message m) {
    return m.getContext()
        .flatMap(ValidationReport.MessageContext::getPointers)
        .map(ValidationReport.MessageContext.Pointers::getInstance)
        .orElse("");
  }

  private static String describe(List<Message> messages) {
    return messages.stream().map(m -> describe(m, "  ")).collect(Collectors.joining("\n"));
  }

  private static String describe(Message m, String indent) {
    StringBuilder sb =
        new StringBuilder(indent + m.getKey() + " at '" + pointer(m) + "': " + m.getMessage());
    for (Message nested : m.getNestedMessages()) {
      sb.append('\n').append(describe(nested, indent + "    "));
    }
    return sb.toString();
  }

  // ---- small things ---------------------------------------------------------------------------

  private static String form(String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** A code that differs from the right one in its last digit. */
  private static String wrong(Optional<String> right) {
    String code = right.orElseThrow();
    char last = code.charAt(code.length() - 1);
    return code.substring(0, code.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
  }
}
