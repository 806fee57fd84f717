package dev.signinflow.emulator;

import static dev.signinflow.emulator.FapiWire.assertClerkError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signinflow.emulator.FapiWire.Reply;
import dev.signinflow.transport.fake.FakeClerk;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every call of the control plane under {@code /__fake/}, and its mistakes. */
class ControlPlaneTest {
  private FakeClerk fake;
  private FakeFapiServer server;
  private FapiWire wire;

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

  private Reply call(String method, String path, String json) {
    return wire.send(
        wire.request("/__fake" + path)
            .header("Content-Type", "application/json")
            .method(
                method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json)));
  }

  private Reply get(String path) {
    return call("GET", path, null);
  }

  /** Ada's sign-in to a new device, prepared: her trust code (or link) is in the outbox. */
  private Reply prepareAda(String strategy, String extra) {
    Reply created = wire.createAdaSignIn(null);
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    Reply prepared =
        wire.post(
            "/v1/client/sign_ins/"
                + created.json().path("response").path("id").asText()
                + "/prepare_second_factor",
            created.token().orElseThrow(),
            "strategy=" + strategy + extra);
    assertThat(prepared.status()).as("%s", prepared).isEqualTo(200);
    return prepared;
  }

  @Nested
  class Outbox {
    @Test
    void listsWhatWasSent() {
      Reply prepared = prepareAda("email_code", "");
      JsonNode messages = get("/outbox").json().path("messages");
      assertThat(messages.size()).isEqualTo(1);
      JsonNode m = messages.get(0);
      assertThat(m.path("to").asText()).isEqualTo(DemoSeed.ADA);
      assertThat(m.path("strategy").asText()).isEqualTo("email_code");
      assertThat(m.path("sign_in_id").asText())
          .isEqualTo(prepared.json().path("response").path("id").asText());
      assertThat(m.path("code").asText()).matches("[0-9]{6}");
      assertThat(m.path("link_token").isNull()).isTrue();
      assertThat(m.path("sent_at").asLong()).isEqualTo(fake.clock().millis());
    }

    @Test
    void filtersByEmailAddress() {
      prepareAda("email_code", "");
      assertThat(get("/outbox?to=ada%40example.com").json().path("messages").size()).isEqualTo(1);
      assertThat(get("/outbox?to=ADA@example.com").json().path("messages").size()).isEqualTo(1);
      assertThat(get("/outbox?to=grace%40example.com").json().path("messages").size()).isZero();
    }

    @Test
    void filtersByPhoneNumberWithAnEncodedPlus() {
      smsOnlyAndRealDelivery();
      prepareAda("phone_code", "");
      JsonNode messages = get("/outbox?to=%2B15555550100").json().path("messages");
      assertThat(messages.size()).isEqualTo(1);
      assertThat(messages.get(0).path("to").asText()).isEqualTo(DemoSeed.ADA_PHONE);
      assertThat(get("/outbox?to=%2B15555550199").json().path("messages").size()).isZero();
    }

    @Test
    void readsAnUnencodedPlusAsThePhoneNumberMeant() {
      smsOnlyAndRealDelivery();
      prepareAda("phone_code", "");
      // "+" in a query string is a space; "?to=+1555..." is the mistake everyone makes once.
      assertThat(get("/outbox?to=+15555550100").json().path("messages").size()).isEqualTo(1);
    }

    private void smsOnlyAndRealDelivery() {
      Reply r =
          call(
              "PUT",
              "/settings",
              "{\"email_code_enabled\":false,\"email_link_enabled\":false,"
                  + "\"test_identities\":false}");
      assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void refusesMalformedOrUnknownQuery() {
      assertClerkError(get("/outbox?to=%C3%28"), 400, "malformed_request");
      assertClerkError(get("/outbox?from=x"), 400, "form_param_unknown");
      assertClerkError(get("/outbox?to=a&to=b"), 400, "malformed_request");
    }
  }

  @Nested
  class Users {
    @Test
    void addsAUserWho201sAndCanSignIn() {
      Reply r =
          call(
              "POST",
              "/users",
              "{\"email\":\"lin@example.com\",\"password\":\"hunter2 hunter2\","
                  + "\"first_name\":\"Lin\"}");
      assertThat(r.status()).as("%s", r).isEqualTo(201);
      assertThat(r.json().path("id").asText()).startsWith("user_");
      assertThat(fake.userId("lin@example.com")).contains(r.json().path("id").asText());
      Reply signIn =
          wire.post(
              "/v1/client/sign_ins", null, "identifier=lin%40example.com&password=hunter2+hunter2");
      assertThat(signIn.status()).as("%s", signIn).isEqualTo(200);
    }

    @Test
    void addsAUserWithTotpAndBackupCodes() {
      Reply r =
          call(
              "POST",
              "/users",
              "{\"email\":\"tess@example.com\",\"password\":\"pw pw pw\","
                  + "\"totp_secret\":\"JBSWY3DPEHPK3PXP\",\"backup_codes\":[\"a1\",\"b2\"]}");
      assertThat(r.status()).as("%s", r).isEqualTo(201);
      JsonNode tess = user("tess@example.com");
      assertThat(tess.path("totp").asBoolean()).isTrue();
      assertThat(tess.path("backup_codes").asInt()).isEqualTo(2);
    }

    @Test
    void addsAPhoneOnlyUser() {
      Reply r = call("POST", "/users", "{\"phone\":\"+447700900123\",\"password\":\"pw\"}");
      assertThat(r.status()).as("%s", r).isEqualTo(201);
      assertThat(user("+447700900123").path("phone_verified").asBoolean()).isTrue();
    }

    @Test
    void duplicateIs409() {
      assertClerkError(
          call("POST", "/users", "{\"email\":\"ada@example.com\",\"password\":\"x\"}"),
          409,
          "form_identifier_exists");
      assertClerkError(
          call(
              "POST",
              "/users",
              "{\"email\":\"new@example.com\",\"phone\":\"+15555550100\",\"password\":\"x\"}"),
          409,
          "form_identifier_exists");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"email\":\"a@example.com\",\"password\":\"x\",\"role\":\"admin\"}",
          "{\"email\":\"a@example.com\",\"password\":\"x\",\"pasword\":\"x\"}"
        })
    void unknownFieldIs400(String json) {
      assertClerkError(call("POST", "/users", json), 400, "form_param_unknown");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"email\":5,\"password\":\"x\"}",
          "{\"email\":\"a@example.com\",\"password\":[\"x\"]}",
          "{\"email\":\"a@example.com\",\"password\":\"x\",\"email_verified\":\"yes\"}",
          "{\"email\":\"a@example.com\",\"password\":\"x\",\"backup_codes\":\"a1\"}",
          "{\"email\":\"a@example.com\",\"password\":\"x\",\"backup_codes\":[1,2]}",
          "{\"email\":\"not-an-email\",\"password\":\"x\"}",
          "{\"phone\":\"555-0100\",\"password\":\"x\"}",
          "{\"email\":\" \",\"password\":\"x\"}"
        })
    void wrongTypeOrFormIs400(String json) {
      assertClerkError(call("POST", "/users", json), 400, "form_param_format_invalid");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"email\":\"a@example.com\"}",
          "{\"email\":\"a@example.com\",\"password\":null}",
          "{\"password\":\"x\"}",
          "{}"
        })
    void missingPasswordOrIdentifierIs400(String json) {
      assertClerkError(call("POST", "/users", json), 400, "form_param_nil");
    }

    @Test
    void blankPasswordIs400NotAConflict() {
      assertClerkError(
          call("POST", "/users", "{\"email\":\"a@example.com\",\"password\":\"\"}"),
          400,
          "form_param_format_invalid");
    }

    @Test
    void badTotpSecretIs400() {
      assertClerkError(
          call(
              "POST",
              "/users",
              "{\"email\":\"a@example.com\",\"password\":\"x\",\"totp_secret\":\"not base32!\"}"),
          400,
          "form_param_format_invalid");
    }

    @Test
    void listsUsersWithoutPasswords() {
      Reply r = get("/users");
      assertThat(r.status()).isEqualTo(200);
      JsonNode users = r.json().path("users");
      assertThat(users.size()).isEqualTo(3);
      assertThat(users.get(0).path("email").asText()).isEqualTo(DemoSeed.ADA);
      assertThat(users.get(0).path("id").asText()).startsWith("user_");
      assertThat(r.body()).doesNotContain(DemoSeed.PASSWORD).doesNotContain("password");
      assertThat(r.body()).doesNotContain(DemoSeed.GRACE_TOTP_SECRET);
      for (String code : DemoSeed.GRACE_BACKUP_CODES) {
        assertThat(r.body()).doesNotContain(code);
      }
    }

    private JsonNode user(String identifier) {
      for (JsonNode u : get("/users").json().path("users")) {
        if (identifier.equals(u.path("email").asText())
            || identifier.equals(u.path("phone").asText())) {
          return u;
        }
      }
      throw new AssertionError("no user " + identifier);
    }
  }

  @Nested
  class Settings {
    @Test
    void readsEveryField() {
      JsonNode s = get("/settings").json();
      List<String> names = new java.util.ArrayList<>();
      for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      assertThat(names)
          .contains(
              "client_trust",
              "email_code_enabled",
              "mfa_strategies",
              "code_lifetime_seconds",
              "rate_limit_window_seconds",
              "rotate_client_tokens",
              "single_session_mode");
      assertThat(s.path("client_trust").asBoolean()).isTrue();
      assertThat(s.path("resend_cooldown_seconds").asInt()).isEqualTo(30);
    }

    @Test
    void partialUpdateChangesOnlyWhatItNames() {
      JsonNode before = get("/settings").json();
      Reply r = call("PUT", "/settings", "{\"client_trust\":false}");
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      JsonNode after = get("/settings").json();
      assertThat(after.path("client_trust").asBoolean()).isFalse();
      ((com.fasterxml.jackson.databind.node.ObjectNode) before).put("client_trust", false);
      assertThat(after).isEqualTo(before);
      assertThat(wire.createAdaSignIn(null).json().path("response").path("status").asText())
          .isEqualTo("complete");
    }

    @Test
    void singleSessionModeIsOnByDefaultAndTheEnvironmentSaysSo() {
      assertThat(get("/settings").json().path("single_session_mode").isBoolean()).isTrue();
      assertThat(get("/settings").json().path("single_session_mode").asBoolean()).isTrue();
      assertThat(
              wire.get("/v1/environment", null)
                  .json()
                  .at("/auth_config/single_session_mode")
                  .asBoolean())
          .isTrue();
    }

    @Test
    void turningSingleSessionModeOffLetsASecondUserSignInOnTheSameDevice() {
      FapiWire.SignedIn ada = wire.signInAda(fake);
      String grace = "identifier=grace%40example.com&password=" + FapiWire.enc(DemoSeed.PASSWORD);
      assertClerkError(wire.post("/v1/client/sign_ins", ada.token(), grace), 400, "session_exists");

      Reply r = call("PUT", "/settings", "{\"single_session_mode\":false}");
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.json().path("single_session_mode").asBoolean()).isFalse();
      assertThat(
              wire.get("/v1/environment", null)
                  .json()
                  .at("/auth_config/single_session_mode")
                  .asBoolean())
          .isFalse();
      Reply second = wire.post("/v1/client/sign_ins", ada.token(), grace);
      assertThat(second.status()).as("%s", second).isEqualTo(200);
      assertThat(second.json().at("/response/status").asText()).isEqualTo("needs_second_factor");
    }

    @Test
    void emptyUpdateChangesNothing() {
      JsonNode before = get("/settings").json();
      assertThat(call("PUT", "/settings", "{}").json()).isEqualTo(before);
    }

    @Test
    void unknownFieldIs400() {
      assertClerkError(
          call("PUT", "/settings", "{\"client_trusts\":false}"), 400, "form_param_unknown");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"create_limit\":0}",
          "{\"code_lifetime_seconds\":-1}",
          "{\"wrong_codes_allowed\":-1}",
          "{\"lockout_threshold\":2000000}",
          "{\"resend_cooldown_seconds\":1.5}",
          "{\"client_trust\":\"yes\"}",
          "{\"mfa_strategies\":[\"sms\"]}",
          "{\"mfa_strategies\":\"totp\"}",
          "{\"session_tasks\":[1]}",
          "{\"single_session_mode\":\"no\"}",
          "{\"single_session_mode\":0}"
        })
    void outOfRangeOrWrongTypeIs400AndChangesNothing(String json) {
      JsonNode before = get("/settings").json();
      assertClerkError(call("PUT", "/settings", json), 400, "form_param_format_invalid");
      assertThat(get("/settings").json()).isEqualTo(before);
    }

    @Test
    void wrongMethodIs405WithAllow() {
      Reply r = call("POST", "/settings", "{}");
      assertClerkError(r, 405, "method_not_allowed");
      assertThat(r.headers().firstValue("Allow")).contains("GET, PUT");
    }
  }

  @Nested
  class Clock {
    @Test
    void readsTheFakesClock() {
      assertThat(get("/clock").json().path("now_ms").asLong()).isEqualTo(fake.clock().millis());
    }

    @Test
    void advancesBySeconds() {
      long before = fake.clock().millis();
      Reply r = call("POST", "/clock", "{\"advance_seconds\":90}");
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.json().path("now_ms").asLong()).isEqualTo(before + 90_000);
      assertThat(fake.clock().millis()).isEqualTo(before + 90_000);
    }

    @Test
    void setsAnInstant() {
      long at = Instant.parse("2030-06-01T12:00:00Z").toEpochMilli();
      Reply r = call("POST", "/clock", "{\"now_ms\":" + at + "}");
      assertThat(r.json().path("now_ms").asLong()).isEqualTo(at);
      assertThat(fake.clock().millis()).isEqualTo(at);
    }

    /** A probe's finding: {@code {"now_ms":0}} moved the clock back to 1970. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"now_ms\":0}", "{\"now_ms\":1767225599999}"})
    void neverMovesTheClockBack(String json) {
      fake.clock().set(Instant.parse("2026-01-01T00:00:00Z"));
      long before = fake.clock().millis();
      Reply r = call("POST", "/clock", json);
      assertClerkError(r, 400, "form_param_format_invalid");
      assertThat(r.json().path("errors").path(0).path("long_message").asText())
          .contains("only moves forward");
      assertThat(fake.clock().millis()).isEqualTo(before);
    }

    @Test
    void setsTheInstantItAlreadyShows() {
      long now = fake.clock().millis();
      assertThat(call("POST", "/clock", "{\"now_ms\":" + now + "}").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"advance_seconds\":1,\"now_ms\":1}", "{}"})
    void bothOrNeitherIs400(String json) {
      long before = fake.clock().millis();
      assertClerkError(call("POST", "/clock", json), 400, "form_param_nil");
      assertThat(fake.clock().millis()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"advance_seconds\":-5}",
          "{\"advance_seconds\":\"60\"}",
          "{\"advance_seconds\":1.5}",
          "{\"now_ms\":-1}"
        })
    void badNumberIs400(String json) {
      assertClerkError(call("POST", "/clock", json), 400, "form_param_format_invalid");
    }
  }

  @Nested
  class Faults {
    private Reply arm(String json) {
      Reply r = call("POST", "/faults", json);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      return r;
    }

    @Test
    void latencyHoldsTheAnswer() {
      Reply armed = arm("{\"operation\":\"get_client\",\"fault\":\"latency\",\"latency_ms\":300}");
      assertThat(armed.json().path("operation").asText()).isEqualTo("get_client");
      assertThat(armed.json().path("times").asInt()).isEqualTo(1);
      assertThat(wire.get("/v1/client", null).status()).isEqualTo(200);
    }

    @Test
    void serverErrorAnswers5xx() {
      arm("{\"operation\":\"create_sign_in\",\"fault\":\"server_error\"}");
      assertClerkError(wire.createAdaSignIn(null), 503, "internal_clerk_error");
      arm("{\"operation\":\"create_sign_in\",\"fault\":\"server_error\",\"status\":500}");
      assertClerkError(wire.createAdaSignIn(null), 500, "internal_clerk_error");
      assertThat(wire.createAdaSignIn(null).status()).isEqualTo(200);
    }

    @Test
    void dropConnectionGivesNoAnswer() {
      // On a POST: java.net.http retries a GET whose connection closed, hiding one drop.
      arm("{\"operation\":\"create_sign_in\",\"fault\":\"drop_connection\"}");
      assertThatThrownBy(() -> wire.createAdaSignIn(null)).hasCauseInstanceOf(IOException.class);
      assertThat(wire.createAdaSignIn(null).status()).isEqualTo(200);
    }

    @Test
    void tooManyRequestsSaysRetryAfter() {
      arm(
          "{\"operation\":\"create_sign_in\",\"fault\":\"too_many_requests\","
              + "\"retry_after_seconds\":42}");
      Reply r = wire.createAdaSignIn(null);
      assertClerkError(r, 429, "too_many_requests");
      assertThat(r.headers().firstValue("Retry-After")).contains("42");
    }

    @Test
    void timesFiresThatOften() {
      arm("{\"operation\":\"get_client\",\"fault\":\"server_error\",\"times\":2}");
      assertThat(wire.get("/v1/client", null).status()).isEqualTo(503);
      assertThat(wire.get("/v1/client", null).status()).isEqualTo(503);
      assertThat(wire.get("/v1/client", null).status()).isEqualTo(200);
    }

    @Test
    void alwaysFiresUntilCleared() {
      Reply armed =
          arm("{\"operation\":\"get_client\",\"fault\":\"server_error\",\"always\":true}");
      assertThat(armed.json().path("always").asBoolean()).isTrue();
      for (int i = 0; i < 5; i++) {
        assertThat(wire.get("/v1/client", null).status()).isEqualTo(503);
      }
      assertThat(call("DELETE", "/faults", null).status()).isEqualTo(200);
      assertThat(wire.get("/v1/client", null).status()).isEqualTo(200);
    }

    @Test
    void probabilityFiresSometimes() {
      arm("{\"operation\":\"get_client\",\"fault\":\"server_error\",\"probability\":0.5}");
      int failed = 0;
      for (int i = 0; i < 40; i++) {
        if (wire.get("/v1/client", null).status() == 503) {
          failed++;
        }
      }
      assertThat(failed).isBetween(1, 39);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"fault\":\"latency\",\"latency_ms\":1}",
          "{\"operation\":\"sign_up\",\"fault\":\"latency\",\"latency_ms\":1}",
          "{\"operation\":\"get_client\",\"fault\":\"explode\"}",
          "{\"operation\":\"get_client\",\"fault\":\"latency\"}",
          "{\"operation\":\"get_client\",\"fault\":\"latency\",\"latency_ms\":-1}",
          "{\"operation\":\"get_client\",\"fault\":\"server_error\",\"status\":404}",
          "{\"operation\":\"get_client\",\"fault\":\"latency\",\"latency_ms\":1,\"status\":500}",
          "{\"operation\":\"get_client\",\"fault\":\"drop_connection\",\"times\":0}",
          "{\"operation\":\"get_client\",\"fault\":\"drop_connection\",\"times\":2,\"always\":true}",
          "{\"operation\":\"get_client\",\"fault\":\"drop_connection\",\"probability\":0}",
          "{\"operation\":\"get_client\",\"fault\":\"drop_connection\",\"probability\":1.5}",
          "{\"operation\":\"get_client\",\"fault\":\"drop_connection\",\"when\":\"now\"}"
        })
    void badFaultIs400AndArmsNothing(String json) {
      Reply r = call("POST", "/faults", json);
      assertThat(r.status()).as("%s", r).isEqualTo(400);
      FapiWire.assertClerkErrorBody(r.json(), r.errorCode());
      assertThat(wire.get("/v1/client", null).status()).isEqualTo(200);
    }
  }

  @Nested
  class Reset {
    @Test
    void forgetsEverything() {
      String token = wire.createAdaSignIn(null).token().orElseThrow();
      call("PUT", "/settings", "{\"client_trust\":false}");
      Reply r = call("POST", "/reset", null);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(get("/users").json().path("users").size()).isZero();
      assertThat(get("/settings").json().path("client_trust").asBoolean()).isTrue();
      assertThat(wire.get("/v1/client", token).json().path("response").isNull()).isTrue();
      assertThat(get("/outbox").json().path("messages").size()).isZero();
    }

    @Test
    void seedsTheDemo() {
      call("POST", "/reset", null);
      Reply r = call("POST", "/reset?seed=demo", null);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.json().path("users").asInt()).isEqualTo(3);
      assertThat(wire.createAdaSignIn(null).status()).isEqualTo(200);
    }

    @Test
    void seedNoneLeavesItEmpty() {
      assertThat(call("POST", "/reset?seed=none", null).json().path("users").asInt()).isZero();
    }

    @Test
    void unknownSeedIs400AndResetsNothing() {
      assertClerkError(call("POST", "/reset?seed=prod", null), 400, "form_param_format_invalid");
      assertThat(get("/users").json().path("users").size()).isEqualTo(3);
    }
  }

  @Nested
  class EmailLinks {
    private Reply prepared;

    private String linkToken() {
      call("PUT", "/settings", "{\"email_code_enabled\":false}");
      prepared =
          prepareAda("email_link", "&redirect_url=" + FapiWire.enc("https://app.example.com/done"));
      JsonNode m = get("/outbox").json().path("messages").get(0);
      assertThat(m.path("strategy").asText()).isEqualTo("email_link");
      return m.path("link_token").asText();
    }

    @Test
    void visitVerifiesAndCompletesTheSignIn() {
      String token = linkToken();
      Reply r = call("POST", "/email-links/" + token + "/visit", null);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.json().path("result").asText()).isEqualTo("verified");
      Reply signIn =
          wire.get(
              "/v1/client/sign_ins/" + prepared.json().path("response").path("id").asText(),
              prepared.token().orElseThrow());
      assertThat(signIn.json().path("response").path("status").asText()).isEqualTo("complete");
    }

    @Test
    void expiredLinkIs410() {
      String token = linkToken();
      call("POST", "/clock", "{\"advance_seconds\":601}");
      assertClerkError(
          call("POST", "/email-links/" + token + "/visit", null), 410, "verification_expired");
    }

    @Test
    void unknownOrUsedLinkIs404() {
      assertClerkError(call("POST", "/email-links/nope/visit", null), 404, "resource_not_found");
      String token = linkToken();
      assertThat(call("POST", "/email-links/" + token + "/visit", null).status()).isEqualTo(200);
      assertClerkError(
          call("POST", "/email-links/" + token + "/visit", null), 404, "resource_not_found");
    }

    @Test
    void getIs405() {
      Reply r = get("/email-links/x/visit");
      assertClerkError(r, 405, "method_not_allowed");
      assertThat(r.headers().firstValue("Allow")).contains("POST");
    }
  }

  @Nested
  class Mistakes {
    @Test
    void malformedJsonIs400WithLineAndColumn() {
      Reply r = call("POST", "/users", "{\n  \"email\": \"a@example.com\",\n  \"password\": }");
      assertClerkError(r, 400, "malformed_request");
      assertThat(r.json().path("errors").path(0).path("long_message").asText())
          .contains("line 3, column");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "[1,2]",
          "\"text\"",
          "null",
          "{\"a\":1} {\"b\":2}",
          "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"password\":\"x\"}"
        })
    void notOneJsonObjectIs400(String json) {
      assertClerkError(call("POST", "/users", json), 400, "malformed_request");
    }

    @Test
    void unknownCallIs404() {
      assertClerkError(get("/nope"), 404, "resource_not_found");
      assertClerkError(get(""), 404, "resource_not_found");
    }

    @Test
    void queryWhereNoneIsTakenIs400() {
      assertClerkError(get("/users?all=1"), 400, "form_param_unknown");
    }

    @Test
    void wrongMethodsAre405WithAllow() {
      record Case(String method, String path, String allow) {}
      for (Case c :
          List.of(
              new Case("POST", "/outbox", "GET"),
              new Case("DELETE", "/users", "GET, POST"),
              new Case("PUT", "/clock", "GET, POST"),
              new Case("GET", "/faults", "POST, DELETE"),
              new Case("GET", "/reset", "POST"))) {
        Reply r = call(c.method, c.path, null);
        assertClerkError(r, 405, "method_not_allowed");
        assertThat(r.headers().firstValue("Allow")).as("%s", c).contains(c.allow);
      }
    }

    @Test
    void oversizeBodyIs413() {
      Reply r = call("POST", "/users", "{\"email\":\"" + "a".repeat(70_000) + "\"}");
      assertClerkError(r, 413, "request_body_too_large");
    }

    @Test
    void controlPlaneAnswersAreNeverCached() {
      assertThat(get("/outbox").headers().firstValue("Cache-Control")).contains("no-store");
    }
  }

  @Test
  void advancingTheClockPastTheCooldownAllowsAResend() {
    Reply prepared = prepareAda("email_code", "");
    String path =
        "/v1/client/sign_ins/"
            + prepared.json().path("response").path("id").asText()
            + "/prepare_second_factor";
    String token = prepared.token().orElseThrow();
    assertThat(wire.post(path, token, "strategy=email_code").status()).isEqualTo(429);
    call("POST", "/clock", "{\"advance_seconds\":" + Duration.ofSeconds(30).toSeconds() + "}");
    assertThat(wire.post(path, token, "strategy=email_code").status()).isEqualTo(200);
    assertThat(get("/outbox?to=ada%40example.com").json().path("messages").size()).isEqualTo(2);
  }
}
