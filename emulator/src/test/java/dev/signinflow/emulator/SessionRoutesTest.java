package dev.signinflow.emulator;

import static dev.signinflow.emulator.FapiWire.assertClerkError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signinflow.emulator.FapiWire.Reply;
import dev.signinflow.emulator.FapiWire.SignedIn;
import dev.signinflow.transport.fake.FakeClerk;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session part of the Frontend API over HTTP (issue 15): the client with its sessions and their
 * user, session tokens, sign-out by end, remove and remove-all (also as clerk-js sends it, {@code
 * POST ...?_method=DELETE}), a device that is signed in already, and the key set that verifies the
 * tokens.
 */
class SessionRoutesTest {
  private FakeClerk fake;
  private FakeFapiServer server;
  private FapiWire wire;

  /** The device's latest client token. */
  private String token;

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    DemoSeed.plant(fake);
    server = FakeFapiServer.start(fake, 0);
    wire = new FapiWire(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SignedIn signInAda() {
    SignedIn ada = wire.signInAda(fake);
    token = ada.token();
    return ada;
  }

  /** A form POST with the device's token; keeps the token it answers with. */
  private Reply post(String path, String form) {
    return keep(wire.post(path, token, form));
  }

  private Reply getClient() {
    return keep(wire.get("/v1/client", token));
  }

  private Reply keep(Reply r) {
    r.token().ifPresent(t -> token = t);
    return r;
  }

  private Reply createAda() {
    return post(
        "/v1/client/sign_ins",
        "identifier="
            + FapiWire.enc(DemoSeed.ADA)
            + "&password="
            + FapiWire.enc(DemoSeed.PASSWORD));
  }

  private static List<JsonNode> active(JsonNode client) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode s : client.path("sessions")) {
      if (s.path("status").asText().equals("active")) {
        out.add(s);
      }
    }
    return out;
  }

  // ---- the client -----------------------------------------------------------------------------

  @Test
  void clientIsTheResponseAndIsNotPiggybackedASecondTime() {
    SignedIn ada = signInAda();
    Reply r = getClient();
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("client").isNull()).as("%s", body).isTrue();
    assertThat(body.at("/response/object").asText()).isEqualTo("client");
    assertThat(body.at("/response/last_active_session_id").asText()).isEqualTo(ada.sessionId());
  }

  @Test
  void sessionsCarryTheirUserWithItsIdentifiers() {
    SignedIn ada = signInAda();
    JsonNode session = getClient().json().at("/response/sessions/0");
    String userId = fake.userId(DemoSeed.ADA).orElseThrow();
    assertThat(session.path("id").asText()).isEqualTo(ada.sessionId());

    JsonNode user = session.path("user");
    assertThat(user.path("object").asText()).isEqualTo("user");
    assertThat(user.path("id").asText()).isEqualTo(userId);
    assertThat(user.path("first_name").asText()).isEqualTo("Ada");
    assertThat(user.path("username").isNull()).isTrue();
    assertThat(user.at("/email_addresses/0/email_address").asText()).isEqualTo(DemoSeed.ADA);
    assertThat(user.at("/phone_numbers/0/phone_number").asText()).isEqualTo(DemoSeed.ADA_PHONE);
    assertThat(user.path("primary_email_address_id").asText())
        .startsWith("idn_")
        .isEqualTo(user.at("/email_addresses/0/id").asText());
    assertThat(user.path("primary_phone_number_id").asText())
        .startsWith("idn_")
        .isEqualTo(user.at("/phone_numbers/0/id").asText())
        .isNotEqualTo(user.path("primary_email_address_id").asText());

    JsonNode pub = session.path("public_user_data");
    assertThat(pub.path("user_id").asText()).isEqualTo(userId);
    assertThat(pub.path("identifier").asText()).isEqualTo(DemoSeed.ADA);
    assertThat(pub.path("username").isNull()).isTrue();
  }

  @Test
  void theUserOfAUsernameOnlyUserHasNoAddresses() {
    fake.settings(fake.settings().toBuilder().clientTrust(false).build());
    fake.addUser(
        dev.signinflow.transport.fake.FakeUser.withUsername("linus")
            .password(DemoSeed.PASSWORD)
            .firstName("Linus"));
    Reply r =
        post("/v1/client/sign_ins", "identifier=linus&password=" + FapiWire.enc(DemoSeed.PASSWORD));
    assertThat(r.json().at("/response/status").asText()).as("%s", r).isEqualTo("complete");
    JsonNode session = getClient().json().at("/response/sessions/0");
    assertThat(session.at("/user/username").asText()).isEqualTo("linus");
    assertThat(session.at("/user/email_addresses").size()).isZero();
    assertThat(session.at("/user/phone_numbers").size()).isZero();
    assertThat(session.at("/user/primary_email_address_id").isNull()).isTrue();
    assertThat(session.at("/public_user_data/username").asText()).isEqualTo("linus");
  }

  // ---- tokens ---------------------------------------------------------------------------------

  @Test
  void tokenIsBareSignedByTheInstanceKeyAndIssuedByThisServer() throws Exception {
    SignedIn ada = signInAda();
    Reply r = post("/v1/client/sessions/" + ada.sessionId() + "/tokens", "organization_id=");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().path("object").asText()).isEqualTo("token");
    assertThat(r.json().has("response")).isFalse();
    String[] parts = r.json().path("jwt").asText().split("\\.");
    assertThat(parts).hasSize(3);
    Base64.Decoder b64 = Base64.getUrlDecoder();
    JsonNode header = FapiWire.JSON.readTree(b64.decode(parts[0]));
    JsonNode claims = FapiWire.JSON.readTree(b64.decode(parts[1]));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("kid").asText()).isEqualTo(fake.instanceId());
    assertThat(claims.path("iss").asText()).isEqualTo(server.baseUrl().toString());
    assertThat(claims.path("sid").asText()).isEqualTo(ada.sessionId());
    assertThat(claims.path("sub").asText()).isEqualTo(fake.userId(DemoSeed.ADA).orElseThrow());
    assertThat(claims.has("azp")).as("a native request has no Origin: %s", claims).isFalse();
  }

  @Test
  void tokenWithoutABodyIsForThePersonalAccountAndAnOrganizationIs404() {
    SignedIn ada = signInAda();
    String path = "/v1/client/sessions/" + ada.sessionId() + "/tokens";
    assertThat(post(path, "").status()).isEqualTo(200);
    Reply org = post(path, "organization_id=org_2abc");
    assertClerkError(org, 404, "resource_not_found");
    assertThat(org.token()).as("the client token comes back on an error too").isPresent();
  }

  // ---- sign-out -------------------------------------------------------------------------------

  @Test
  void endKeepsTheSessionListedAsEndedAndItsTokensAreGone() {
    SignedIn ada = signInAda();
    String path = "/v1/client/sessions/" + ada.sessionId();
    Reply ended = post(path + "/end", "");
    assertThat(ended.status()).as("%s", ended).isEqualTo(200);
    assertThat(ended.json().at("/response/status").asText()).isEqualTo("ended");
    assertThat(ended.json().at("/client/object").asText()).isEqualTo("client");

    JsonNode client = getClient().json().path("response");
    assertThat(client.at("/sessions/0/status").asText()).isEqualTo("ended");
    assertThat(active(client)).isEmpty();
    assertClerkError(post(path + "/tokens", ""), 404, "resource_not_found");
    assertClerkError(post(path + "/end", ""), 404, "resource_not_found");
    assertClerkError(post(path + "/remove", ""), 404, "resource_not_found");
  }

  @Test
  void removeTakesTheSessionOffTheClient() {
    SignedIn ada = signInAda();
    String path = "/v1/client/sessions/" + ada.sessionId();
    Reply removed = post(path + "/remove", "");
    assertThat(removed.status()).as("%s", removed).isEqualTo(200);
    assertThat(removed.json().at("/response/status").asText()).isEqualTo("removed");
    assertThat(getClient().json().at("/response/sessions").size()).isZero();
    assertClerkError(post(path + "/tokens", ""), 404, "resource_not_found");
  }

  @Test
  void signOutAsClerkJsSendsItThenSignInAgainNeedsNoCodeAndMakesOneActiveSession() {
    SignedIn ada = signInAda();
    assertThat(post("/v1/client/sessions/" + ada.sessionId() + "/tokens", "").status())
        .isEqualTo(200);
    int sent = fake.outbox().size();

    // clerk-js: POST /v1/client/sessions?_method=DELETE (fapiClient.ts turns DELETE into it).
    Reply out =
        keep(
            wire.send(
                wire.request("/v1/client/sessions?_method=DELETE")
                    .header("Authorization", "Bearer " + token)
                    .POST(BodyPublishers.noBody())));
    assertThat(out.status()).as("%s", out).isEqualTo(200);
    assertThat(out.json().get("client").isNull()).isTrue();
    assertThat(out.json().at("/response/object").asText()).isEqualTo("client");
    assertThat(out.json().at("/response/sessions").size()).isZero();
    assertThat(out.json().at("/response/last_active_session_id").isNull()).isTrue();
    assertThat(fake.sessionStatus(ada.sessionId())).contains("removed");

    Reply again = createAda();
    assertThat(again.status()).as("%s", again).isEqualTo(200);
    assertThat(again.json().at("/response/status").asText()).isEqualTo("complete");
    assertThat(again.json().at("/response/client_trust_state").asText()).isEqualTo("known");
    assertThat(fake.outbox()).as("no code was sent").hasSize(sent);
    String second = again.json().at("/response/created_session_id").asText();
    assertThat(second).isNotEqualTo(ada.sessionId());
    List<JsonNode> active = active(getClient().json().path("response"));
    assertThat(active).hasSize(1);
    assertThat(active.get(0).path("id").asText()).isEqualTo(second);
  }

  @Test
  void deleteOfOneSessionByIdIsNotARoute() {
    SignedIn ada = signInAda();
    Reply r =
        wire.send(
            wire.request("/v1/client/sessions/" + ada.sessionId())
                .header("Authorization", "Bearer " + token)
                .DELETE());
    assertClerkError(r, 405, "method_not_allowed");
    assertThat(r.headers().firstValue("Allow")).contains("GET");
  }

  // ---- a device that is signed in already -----------------------------------------------------

  @Test
  void singleSessionInstanceAnswersSessionExistsAsClerkShapesIt() {
    signInAda();
    Reply r = createAda();
    assertClerkError(r, 400, "session_exists");
    JsonNode e = r.json().at("/errors/0");
    assertThat(e.path("message").asText()).isEqualTo("Session already exists");
    assertThat(e.path("long_message").asText()).isEqualTo("You're already signed in.");
    assertThat(e.path("meta").size()).isZero();
    assertThat(r.token()).isPresent();
    assertThat(active(getClient().json().path("response"))).hasSize(1);
  }

  @Test
  void multiSessionInstanceAnswersIdentifierAlreadySignedInWithTheSessionId() {
    fake.settings(fake.settings().toBuilder().singleSessionMode(false).build());
    SignedIn ada = signInAda();
    Reply r = createAda();
    assertClerkError(r, 400, "identifier_already_signed_in");
    JsonNode e = r.json().at("/errors/0");
    assertThat(e.path("message").asText()).isEqualTo("You're already signed in");
    assertThat(e.path("long_message").asText()).isEqualTo("You're already signed in");
    assertThat(e.at("/meta/session_id").asText()).isEqualTo(ada.sessionId());
    assertThat(active(getClient().json().path("response"))).hasSize(1);
  }

  // ---- the key set ----------------------------------------------------------------------------

  @Test
  void jwksIsPublicCacheableJsonWithTheInstanceKey() throws Exception {
    Reply r = wire.send(wire.request("/.well-known/jwks.json").GET());
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=300");
    assertThat(r.headers().firstValue("Authorization")).isEmpty();
    assertThat(FapiWire.JSON.readTree(r.body())).isEqualTo(FapiWire.JSON.readTree(fake.jwks()));
    JsonNode key = r.json().at("/keys/0");
    assertThat(key.path("kid").asText()).isEqualTo(fake.instanceId());
    assertThat(key.path("kty").asText()).isEqualTo("RSA");
    assertThat(key.path("alg").asText()).isEqualTo("RS256");
    assertThat(key.path("use").asText()).isEqualTo("sig");
    assertThat(key.has("d")).as("no private part").isFalse();
    assertThat(server.jwksUrl().toString()).isEqualTo(server.baseUrl() + "/.well-known/jwks.json");
  }

  @Test
  void jwksIgnoresWhatFapiChecksOnClientRequests() {
    // A backend sends no client token; an odd Authorization or version pin is none of its business.
    Reply r =
        wire.send(
            wire.request("/.well-known/jwks.json?__clerk_api_version=1999-01-01")
                .header("Authorization", "Basic Zm9vOmJhcg==")
                .GET());
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  @Test
  void jwksTakesGetOnly() {
    Reply r =
        wire.send(wire.request("/.well-known/jwks.json").POST(BodyPublishers.ofString("x=1")));
    assertClerkError(r, 405, "method_not_allowed");
    assertThat(r.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void aServerStartedOnAnotherPortBecomesTheIssuer() {
    try (FakeFapiServer second = FakeFapiServer.start(fake, 0)) {
      assertThat(fake.frontendApiUrl()).isEqualTo(second.baseUrl().toString());
    }
  }

  // ---- Origin ---------------------------------------------------------------------------------

  @Test
  void theOriginHeaderReachesTheFake() {
    FapiHead head =
        new FapiHead(
            "POST",
            "/v1/client/sessions/sess_x/tokens",
            Map.of(),
            Optional.empty(),
            "127.0.0.1",
            Optional.empty(),
            Optional.of("https://app.example.com"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThat(head.request().origin()).contains("https://app.example.com");
    FapiHead without =
        new FapiHead(
            "GET",
            "/v1/client",
            Map.of(),
            Optional.empty(),
            "127.0.0.1",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThat(without.request().origin()).isEmpty();
  }
}
