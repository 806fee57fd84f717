package dev.signinflow.emulator;

import static dev.signinflow.emulator.FapiWire.FORM;
import static dev.signinflow.emulator.FapiWire.assertClerkError;
import static dev.signinflow.emulator.FapiWire.assertIssuesToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FapiWire.Reply;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeUser;
import dev.signinflow.transport.fake.FapiOperation;
import dev.signinflow.transport.fake.Fault;
import dev.signinflow.transport.fake.FaultTrigger;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wire rules of {@code fapi-protocol.md} §1 as {@link FakeFapiServer} enforces them, over
 * {@link java.net.http.HttpClient}: every mistake gets Clerk's error body with the right status,
 * never a 500.
 */
class FakeFapiServerTest {
  private static final int CAP = 1024;

  private FakeClerk fake;
  private FakeFapiServer server;
  private FapiWire wire;

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    DemoSeed.plant(fake);
    server = FakeFapiServer.builder(fake).maxBodyBytes(CAP).start();
    wire = new FapiWire(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String token() {
    return assertIssuesToken(wire.createAdaSignIn(null));
  }

  private Reply postBytes(String path, String contentType, byte[] body) {
    HttpRequest.Builder r =
        wire.request(path).header("Authorization", "").POST(BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      r.header("Content-Type", contentType);
    }
    return wire.send(r);
  }

  @Nested
  class Bodies {
    @Test
    void refusesJsonBodyWith415() {
      assertClerkError(
          postBytes(
              "/v1/client/sign_ins",
              "application/json",
              "{\"identifier\":\"ada@example.com\"}".getBytes(StandardCharsets.UTF_8)),
          415,
          "unsupported_media_type");
    }

    @Test
    void refusesBodyWithoutContentTypeWith415() {
      assertClerkError(
          postBytes("/v1/client/sign_ins", null, "identifier=a".getBytes(StandardCharsets.UTF_8)),
          415,
          "unsupported_media_type");
    }

    @Test
    void refusesFormInAnotherCharsetWith415() {
      assertClerkError(
          postBytes(
              "/v1/client/sign_ins",
              FORM + "; charset=ISO-8859-1",
              "identifier=a".getBytes(StandardCharsets.UTF_8)),
          415,
          "unsupported_media_type");
    }

    @Test
    void refusesLookalikeMediaTypeWith415() {
      assertClerkError(
          postBytes(
              "/v1/client/sign_ins",
              FORM + "-but-not-really",
              "identifier=a".getBytes(StandardCharsets.UTF_8)),
          415,
          "unsupported_media_type");
    }

    @Test
    void acceptsFormDeclaredUtf8() {
      Reply r =
          postBytes(
              "/v1/client/sign_ins",
              FORM + "; charset=UTF-8",
              ("identifier=ada%40example.com&password=" + FapiWire.enc(DemoSeed.PASSWORD))
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void readsRawUtf8BeyondTheBasicPlane() {
      fake.addUser(FakeUser.withEmail("zo\u00eb\ud83d\ude00@example.com").password("pw pw"));
      Reply r =
          postBytes(
              "/v1/client/sign_ins",
              FORM,
              "identifier=zo\u00eb\ud83d\ude00@example.com&password=pw+pw"
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void readsPercentEncodedUtf8() {
      fake.addUser(FakeUser.withEmail("zo\u00eb\ud83d\ude00@example.com").password("pw pw"));
      Reply r =
          wire.post(
              "/v1/client/sign_ins",
              null,
              "identifier=" + FapiWire.enc("zo\u00eb\ud83d\ude00@example.com") + "&password=pw+pw");
      assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identifier=%zz", "identifier=%4", "identifier=abc%", "%g1=x"})
    void refusesBadPercentEncodingWith400(String form) {
      assertClerkError(wire.post("/v1/client/sign_ins", null, form), 400, "malformed_request");
    }

    @Test
    void refusesPercentEncodedBytesThatAreNotUtf8With400() {
      assertClerkError(
          wire.post("/v1/client/sign_ins", null, "identifier=%C3%28&password=x"),
          400,
          "malformed_request");
    }

    @Test
    void refusesRawBytesThatAreNotUtf8With400() {
      byte[] body = {'i', 'd', 'e', 'n', 't', 'i', 'f', 'i', 'e', 'r', '=', (byte) 0xff, 'a'};
      assertClerkError(postBytes("/v1/client/sign_ins", FORM, body), 400, "malformed_request");
    }

    @Test
    void refusesBodyOverTheCapWithContentLength413() {
      Reply r = wire.post("/v1/client/sign_ins", null, "identifier=" + "x".repeat(CAP * 4));
      assertClerkError(r, 413, "request_body_too_large");
      assertThat(r.json().path("errors").path(0).path("meta").path("max_bytes").asInt())
          .isEqualTo(CAP);
    }

    @Test
    void refusesChunkedBodyOverTheCap413() {
      byte[] body = ("identifier=" + "x".repeat(CAP * 4)).getBytes(StandardCharsets.UTF_8);
      // An InputStream publisher has no length, so the client sends Transfer-Encoding: chunked.
      Reply r =
          wire.send(
              wire.request("/v1/client/sign_ins")
                  .header("Content-Type", FORM)
                  .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
      assertClerkError(r, 413, "request_body_too_large");
    }

    @Test
    void acceptsChunkedBodyUnderTheCap() {
      byte[] body =
          ("identifier=ada%40example.com&password=" + FapiWire.enc(DemoSeed.PASSWORD))
              .getBytes(StandardCharsets.UTF_8);
      Reply r =
          wire.send(
              wire.request("/v1/client/sign_ins")
                  .header("Content-Type", FORM)
                  .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
      assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void acceptsBodyOfExactlyTheCap() {
      String form = "identifier=ada%40example.com&password=";
      Reply r = wire.post("/v1/client/sign_ins", null, form + "x".repeat(CAP - form.length()));
      assertClerkError(r, 422, "form_password_incorrect");
    }

    @Test
    void refusesBodyOneByteOverTheCap() {
      String form = "identifier=ada%40example.com&password=";
      Reply r = wire.post("/v1/client/sign_ins", null, form + "x".repeat(CAP + 1 - form.length()));
      assertClerkError(r, 413, "request_body_too_large");
    }
  }

  @Nested
  class PathsAndMethods {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "/",
          "/v1",
          "/v1/nope",
          "/v2/client",
          "/v1/client/sign_ins/x/y/z",
          "/v1/client/sessions/s/nope",
          "/__fakeish"
        })
    void unknownPathIs404(String path) {
      assertClerkError(wire.get(path, null), 404, "resource_not_found");
    }

    @Test
    void wrongMethodIs405WithAllow() {
      record Case(String method, String path, String allow) {}
      for (Case c :
          List.of(
              new Case("GET", "/v1/client/sign_ins", "POST"),
              new Case("DELETE", "/v1/client", "GET"),
              new Case("PUT", "/v1/environment", "GET"),
              new Case("POST", "/v1/client/sign_ins/sia_x", "GET"),
              new Case("GET", "/v1/client/sign_ins/sia_x/attempt_second_factor", "POST"),
              new Case("GET", "/v1/client/sessions/sess_x/tokens", "POST"),
              new Case("POST", "/v1/client/sessions", "DELETE"),
              new Case("PATCH", "/v1/client/sessions/sess_x", "GET"))) {
        Reply r = wire.send(wire.request(c.path).method(c.method, BodyPublishers.noBody()));
        assertClerkError(r, 405, "method_not_allowed");
        assertThat(r.headers().firstValue("Allow")).as("%s %s", c, r).contains(c.allow);
      }
    }

    @Test
    void methodOverrideDeletesEverySession() {
      FapiWire.SignedIn ada = wire.signInAda(fake);
      Reply r = wire.post("/v1/client/sessions?_is_native=true&_method=DELETE", ada.token(), "");
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.json().path("response").path("object").asText()).isEqualTo("client");
      assertThat(r.json().path("response").path("sessions").size()).isZero();
      Reply session = wire.get("/v1/client/sessions/" + ada.sessionId(), ada.token());
      assertClerkError(session, 404, "resource_not_found");
    }

    /** Issue 13: {@code _method=get} in lower case was read as GET; clerk-js writes upper case. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1/client?_method=get", "/v1/client/sessions?_method=delete"})
    void lowerCaseMethodOverrideIs400AndChangesNothing(String pathAndQuery) {
      FapiWire.SignedIn ada = wire.signInAda(fake);
      Reply r = wire.post(pathAndQuery, ada.token(), "");
      assertClerkError(r, 400, "malformed_request");
      assertThat(r.json().path("errors").get(0).path("long_message").asText())
          .contains("in upper case");
      Reply session = wire.get("/v1/client/sessions/" + ada.sessionId(), r.token().orElseThrow());
      assertThat(session.status()).as("the session is still there: %s", session).isEqualTo(200);
    }

    @Test
    void overrideToGetReadsTheClient() {
      String token = token();
      Reply r = wire.post("/v1/client?_method=GET", token, "");
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.json().path("response").path("object").asText()).isEqualTo("client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_method=FOO", "_method=", "_method=DELETE&_method=GET", "_method"})
    void invalidOverrideIs400(String query) {
      assertClerkError(
          wire.post("/v1/client/sessions?" + query, null, ""), 400, "malformed_request");
    }

    @Test
    void overrideOnAnythingButPostIs400() {
      assertClerkError(
          wire.get("/v1/client/sessions?_method=DELETE", null), 400, "malformed_request");
    }

    @Test
    void unknownSignInIdIs404EverywhereAndKeepsTheClient() {
      String token = token();
      String path = "/v1/client/sign_ins/sia_doesnotexist";
      for (Reply r :
          List.of(
              wire.get(path, token),
              wire.post(path + "/prepare_second_factor", token, "strategy=email_code"),
              wire.post(path + "/attempt_second_factor", token, "strategy=email_code&code=1"))) {
        assertClerkError(r, 404, "resource_not_found");
        assertIssuesToken(r);
      }
    }

    @Test
    void unknownSessionIdIs404() {
      String token = token();
      assertClerkError(
          wire.post("/v1/client/sessions/sess_nope/tokens", token, ""), 404, "resource_not_found");
    }

    @Test
    void missingStrategyIs422() {
      Reply created = wire.createAdaSignIn(null);
      String id = created.json().path("response").path("id").asText();
      Reply r =
          wire.post(
              "/v1/client/sign_ins/" + id + "/prepare_second_factor",
              created.token().orElseThrow(),
              "");
      assertClerkError(r, 422, "form_param_nil");
    }
  }

  @Nested
  class Authorization {
    @Test
    void firstContactWithoutAuthorizationIssuesToken() {
      Reply r =
          wire.send(
              wire.request("/v1/client/sign_ins?_is_native=true")
                  .header("Content-Type", FORM)
                  .POST(
                      BodyPublishers.ofString(
                          "identifier=ada%40example.com&password="
                              + FapiWire.enc(DemoSeed.PASSWORD))));
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertIssuesToken(r);
    }

    @Test
    void firstContactWithEmptyAuthorizationIssuesToken() {
      Reply r = wire.createAdaSignIn(null);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      String token = assertIssuesToken(r);
      Reply client = wire.get("/v1/client", token);
      assertThat(client.json().path("response").path("sign_in").path("status").asText())
          .isEqualTo("needs_client_trust");
    }

    @Test
    void duplicateAuthorizationHeadersAre400() {
      Reply r =
          wire.send(
              wire.request("/v1/client")
                  .header("Authorization", "Bearer a.b.c")
                  .header("Authorization", "Bearer d.e.f"));
      assertClerkError(r, 400, "multiple_authorization_header_values_forbidden");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Basic x",
          "Bearer",
          "Bearer not-a-jwt",
          "Bearer a.b",
          "a.b.c",
          "Bearer a.b.c d"
        })
    void illFormedAuthorizationIs401(String value) {
      Reply r = wire.send(wire.request("/v1/client").header("Authorization", value));
      assertClerkError(r, 401, "authorization_header_format_invalid");
    }

    @Test
    void originWithAuthorizationIs400() {
      Reply r =
          wire.send(
              wire.request("/v1/client")
                  .header("Authorization", "Bearer " + token())
                  .header("Origin", "https://example.com"));
      assertClerkError(r, 400, "origin_authorization_headers_conflict");
    }

    @Test
    void originAloneIsAllowed() {
      Reply r = wire.send(wire.request("/v1/environment").header("Origin", "https://example.com"));
      assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void everyAnswerToAClientCarriesItsToken() {
      String token = token();
      String sia = "/v1/client/sign_ins/sia_nope";
      List<Reply> answers = new ArrayList<>();
      answers.add(wire.get("/v1/client", token)); // 200
      answers.add(wire.get(sia, token)); // 404 from the fake
      answers.add(
          wire.post("/v1/client/sign_ins", token, "identifier=ada%40example.com&password=x"));
      answers.add(wire.get("/v1/nope", token)); // 404 from the router
      answers.add(
          wire.send(
              wire.request("/v1/client")
                  .header("Authorization", "Bearer " + token)
                  .DELETE())); // 405
      answers.add(wire.post(sia + "/attempt_second_factor", token, "code=1")); // 422
      answers.add(wire.post("/v1/client/sign_ins", token, "identifier=%zz")); // 400
      answers.add(wire.post("/v1/client/sign_ins", token, "x=" + "y".repeat(CAP))); // 413
      answers.add(wire.post("/v1/client?__clerk_api_version=1999-01-01", token, "")); // 400
      answers.add(
          wire.send(
              wire.request("/v1/client/sign_ins")
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "text/plain")
                  .POST(BodyPublishers.ofString("hello")))); // 415
      for (Reply r : answers) {
        assertThat(r.status()).as("%s", r).isNotEqualTo(500);
        assertIssuesToken(r);
      }
    }

    @Test
    void answerWithoutAClientCarriesNoToken() {
      Reply r = wire.get("/v1/client", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().firstValue("Authorization")).isEmpty();
    }
  }

  @Nested
  class Devices {
    @Test
    void knownDeviceSignsInWithThePasswordAloneAfterSignOut() {
      FapiWire.SignedIn ada = wire.signInAda(fake);
      Reply ended = wire.post("/v1/client/sessions/" + ada.sessionId() + "/end", ada.token(), "");
      assertThat(ended.status()).as("%s", ended).isEqualTo(200);
      Reply again = wire.createAdaSignIn(ended.token().orElseThrow());
      assertThat(again.json().path("response").path("status").asText()).isEqualTo("complete");
    }

    @Test
    void anotherDeviceIsNewAgain() {
      wire.signInAda(fake);
      Reply other = wire.createAdaSignIn(null);
      assertThat(other.json().path("response").path("status").asText())
          .isEqualTo("needs_client_trust");
    }
  }

  @Nested
  class Versions {
    @Test
    void versionAsQueryAndHeaderIs400() {
      Reply r =
          wire.send(
              wire.request("/v1/environment?__clerk_api_version=" + FakeFapiServer.API_VERSION)
                  .header("Clerk-API-Version", FakeFapiServer.API_VERSION));
      assertClerkError(r, 400, "api_version_conflict");
    }

    @Test
    void unsupportedVersionInQueryIs400() {
      assertClerkError(
          wire.get("/v1/environment?__clerk_api_version=2021-02-05", null),
          400,
          "api_version_invalid");
    }

    @Test
    void unsupportedVersionInHeaderIs400() {
      assertClerkError(
          wire.send(wire.request("/v1/environment").header("Clerk-API-Version", "2099-01-01")),
          400,
          "api_version_invalid");
    }

    @Test
    void supportedVersionEitherWayIsServed() {
      assertThat(
              wire.get("/v1/environment?__clerk_api_version=" + FakeFapiServer.API_VERSION, null)
                  .status())
          .isEqualTo(200);
      assertThat(
              wire.send(
                      wire.request("/v1/environment")
                          .header("Clerk-API-Version", FakeFapiServer.API_VERSION))
                  .status())
          .isEqualTo(200);
    }

    @Test
    void versionTwiceInTheQueryIs400() {
      String v = FakeFapiServer.API_VERSION;
      assertClerkError(
          wire.get("/v1/environment?__clerk_api_version=" + v + "&__clerk_api_version=" + v, null),
          400,
          "api_version_conflict");
    }
  }

  @Nested
  class RateLimits {
    @Test
    void forcedTooManyRequestsSaysRetryAfter() {
      String token = token();
      fake.injectFault(
          FapiOperation.CREATE_SIGN_IN,
          Fault.tooManyRequests(Duration.ofSeconds(7)),
          FaultTrigger.once());
      Reply r = wire.createAdaSignIn(token);
      assertClerkError(r, 429, "too_many_requests");
      assertThat(r.headers().firstValue("Retry-After")).contains("7");
      assertIssuesToken(r);
    }

    @Test
    void aForced429OnFirstContactMakesNoClient() {
      fake.injectFault(
          FapiOperation.CREATE_SIGN_IN,
          Fault.tooManyRequests(Duration.ofSeconds(7)),
          FaultTrigger.once());
      Reply r = wire.createAdaSignIn(null);
      assertClerkError(r, 429, "too_many_requests");
      assertThat(r.headers().firstValue("Retry-After")).contains("7");
      assertThat(r.headers().firstValue("Authorization")).isEmpty();
    }

    @Test
    void realCreateLimitSaysRetryAfter() {
      String token = token(); // the first of five creates in the window
      Reply r = null;
      for (int i = 0; i < 10; i++) {
        r = wire.post("/v1/client/sign_ins", token, "identifier=ada%40example.com&password=x");
        if (r.status() == 429) {
          break;
        }
      }
      assertClerkError(r, 429, "too_many_requests");
      assertThat(r.headers().firstValue("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 10));
    }

    @Test
    void resendCooldownSaysRetryAfter() {
      Reply created = wire.createAdaSignIn(null);
      String id = created.json().path("response").path("id").asText();
      String path = "/v1/client/sign_ins/" + id + "/prepare_second_factor";
      Reply first = wire.post(path, created.token().orElseThrow(), "strategy=email_code");
      assertThat(first.status()).as("%s", first).isEqualTo(200);
      Reply again = wire.post(path, first.token().orElseThrow(), "strategy=email_code");
      assertClerkError(again, 429, "verification_code_too_many_requests");
      assertThat(again.headers().firstValue("Retry-After")).contains("30");
    }
  }

  @Nested
  class Faults {
    @Test
    void serverErrorFaultIsClerkShaped() {
      fake.injectFault(FapiOperation.GET_CLIENT, Fault.serverError(502), FaultTrigger.once());
      assertClerkError(wire.get("/v1/client", null), 502, "internal_clerk_error");
      assertThat(wire.get("/v1/client", null).status()).isEqualTo(200);
    }
  }
}
