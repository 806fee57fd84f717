package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionTask;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.transport.feign.ScriptedFapiServer.Scripted;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the transport takes from FAPI's JSON when Clerk leaves a part out or sends it as null: a
 * list entry that is null or lacks its key is skipped, a missing count is zero, a missing message
 * falls back to the shorter one, and the user id comes from {@code user} before {@code
 * public_user_data}. Over HTTP, against {@link ScriptedFapiServer}.
 */
class FapiJsonReadingTest {
  private static final Identifier ADA = Identifier.parse("ada@example.com");
  private static final Password PASSWORD = Password.of("Sup3r-secret-passw0rd");
  private static final Optional<ClientToken> TOKEN = Optional.of(ClientToken.of("tok_0"));

  private ScriptedFapiServer server;
  private FeignSignInGateway gateway;

  @BeforeEach
  void start() {
    server = ScriptedFapiServer.start();
    gateway = FeignSignInGateway.forFrontendApi(server.baseUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- sign-ins -------------------------------------------------------------------------------

  @Test
  void aSecondFactorThatIsNullOrHasNoStrategyIsSkipped() {
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.signIn(
                    "sia_1",
                    "needs_second_factor",
                    "[null,{\"phone_number_id\":\"idn_9\"},"
                        + "{\"strategy\":\"phone_code\",\"phone_number_id\":\"idn_2\"}]")));

    SignIn s = success(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(s.supportedSecondFactors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.strategy()).isEqualTo(Strategy.PHONE_CODE);
              assertThat(f.id()).contains("idn_2");
            });
  }

  @Test
  void aVerificationWithoutAStatusIsNoVerification() {
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.envelope(
                    FapiBodies.signInJson(
                        "sia_1",
                        "needs_client_trust",
                        "[]",
                        "{\"strategy\":\"email_code\",\"attempts\":1}",
                        "null"))));

    SignIn s = success(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(s.secondFactorVerification()).isEmpty();
  }

  @Test
  void aVerificationKeepsItsAttemptsAndCountsNoneWhenTheyAreMissing() {
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.envelope(
                    FapiBodies.signInJson(
                        "sia_1",
                        "needs_client_trust",
                        "[]",
                        "{\"status\":\"unverified\",\"strategy\":\"email_code\",\"attempts\":3}",
                        "null"))),
        Scripted.status(200)
            .json(
                FapiBodies.envelope(
                    FapiBodies.signInJson(
                        "sia_1",
                        "needs_client_trust",
                        "[]",
                        "{\"status\":\"unverified\",\"strategy\":\"email_code\"}",
                        "null"))));

    SignIn three = success(gateway.getSignIn(RequestContext.none(), TOKEN, "sia_1"));
    SignIn none = success(gateway.getSignIn(RequestContext.none(), TOKEN, "sia_1"));

    assertThat(three.secondFactorVerification())
        .hasValueSatisfying(
            v -> {
              assertThat(v.attempts()).isEqualTo(3);
              assertThat(v.status()).isEqualTo(VerificationStatus.UNVERIFIED);
              assertThat(v.expireAt()).isEmpty();
            });
    assertThat(none.secondFactorVerification())
        .hasValueSatisfying(v -> assertThat(v.attempts()).isZero());
  }

  // ---- sessions and clients -------------------------------------------------------------------

  @Test
  void aTaskThatIsNullOrHasNoKeyIsSkipped() {
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.session(
                    "sess_1", "pending", "[null,{},{\"key\":\"choose-organization\"}]", "j")));

    GatewayResult<Session> r = gateway.activateSession(RequestContext.none(), TOKEN, "sess_1");

    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    assertThat(((GatewayResult.Success<Session>) r).value().tasks())
        .containsExactly(SessionTask.CHOOSE_ORGANIZATION);
  }

  @Test
  void theUserIdOfUserComesBeforeThatOfPublicUserData() {
    // FapiBodies' public_user_data names user_1; these users name others, or none.
    String withId =
        FapiBodies.sessionJson("sess_1", "active", "null", "j", "{\"id\":\"user_from_user\"}");
    String withoutId = FapiBodies.sessionJson("sess_2", "active", "null", "j", "{\"id\":null}");
    server.enqueue(
        Scripted.status(200).json(FapiBodies.client("[" + withId + "," + withoutId + "]", null)));

    Client c = successClient(gateway.getClient(RequestContext.none(), TOKEN));

    assertThat(c.sessions())
        .extracting(s -> s.session().userId())
        .containsExactly("user_from_user", "user_1");
  }

  @Test
  void anEmailOrPhoneEntryThatIsNullOrHasNoValueGivesNoIdentifier() {
    String user =
        "{\"id\":\"user_1\",\"username\":null,"
            + "\"email_addresses\":[null,{\"id\":\"idn_0\"},{\"email_address\":\"ada@example.com\"}],"
            + "\"phone_numbers\":[null,{\"id\":\"idn_3\"},{\"phone_number\":\"+14155552671\"}]}";
    server.enqueue(
        Scripted.status(200)
            .json(
                FapiBodies.client(
                    "[" + FapiBodies.sessionJson("sess_1", "active", "null", "j", user) + "]",
                    "sess_1")));

    Client c = successClient(gateway.getClient(RequestContext.none(), TOKEN));

    assertThat(c.sessions().get(0).userIdentifiers())
        .containsExactly("ada@example.com", "+14155552671");
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void anErrorKeepsItsMessageAndLongMessageAndTheTraceId() {
    server.enqueue(
        Scripted.status(422)
            .json(
                "{\"errors\":[{\"code\":\"form_password_incorrect\",\"message\":\"is incorrect\","
                    + "\"long_message\":\"Password is incorrect.\"}],"
                    + "\"clerk_trace_id\":\"trace_9\"}"));

    ClerkError e = onlyError(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(e.message()).isEqualTo("is incorrect");
    assertThat(e.longMessage()).isEqualTo("Password is incorrect.");
    assertThat(e.traceId()).contains("trace_9");
  }

  @Test
  void anErrorWithoutALongMessageUsesItsMessageAndWithoutEitherItsCode() {
    server.enqueue(
        Scripted.status(422)
            .json(
                "{\"errors\":[{\"code\":\"form_password_incorrect\",\"message\":\"is incorrect\"}]}"),
        Scripted.status(422).json("{\"errors\":[{\"code\":\"form_password_incorrect\"}]}"));

    ClerkError withMessage =
        onlyError(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));
    ClerkError bare = onlyError(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(withMessage.longMessage()).isEqualTo("is incorrect");
    assertThat(bare.message()).isEqualTo("form_password_incorrect");
    assertThat(bare.longMessage()).isEqualTo("form_password_incorrect");
  }

  @Test
  void aBlankTraceIdIsNoTraceId() {
    server.enqueue(
        Scripted.status(422)
            .json(
                "{\"errors\":[{\"code\":\"form_password_incorrect\",\"message\":\"is incorrect\"}],"
                    + "\"clerk_trace_id\":\" \"}"));

    ClerkError e = onlyError(gateway.createSignIn(RequestContext.none(), TOKEN, ADA, PASSWORD));

    assertThat(e.traceId()).isEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static SignIn success(GatewayResult<SignIn> r) {
    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    return ((GatewayResult.Success<SignIn>) r).value();
  }

  private static Client successClient(GatewayResult<Client> r) {
    assertThat(r).isInstanceOf(GatewayResult.Success.class);
    return ((GatewayResult.Success<Client>) r).value();
  }

  private static ClerkError onlyError(GatewayResult<SignIn> r) {
    assertThat(r).isInstanceOf(GatewayResult.Rejected.class);
    return ((GatewayResult.Rejected<SignIn>) r).errors().get(0);
  }
}
