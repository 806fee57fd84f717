package dev.signinflow.emulator;

import static dev.signinflow.emulator.FapiWire.assertClerkError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.emulator.FapiWire.Reply;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Proxy mode and the Native API switch over HTTP: the emulator reads {@code Clerk-Proxy-Url},
 * {@code Clerk-Secret-Key}, {@code X-Forwarded-For} and {@code _is_native}, takes the instance's
 * secret key from its builder or the control plane, and never shows the key.
 */
class ProxyModeTest {
  static final String KEY = "sk_live_Q7wE9rT2yU4iO6pA8sD1fG3hJ5kL0zX";
  private static final String WRONG_KEY = "sk_live_M1nB2vC3xZ4lK5jH6gF7dS8aP9oI0uY";
  private static final String PROXY_URL = "https://app.example.com/__clerk";
  private static final String CREATE = "/v1/client/sign_ins?_is_native=true";
  private static final String UNKNOWN_USER = "identifier=nobody%40example.com&password=x";

  private FakeClerk fake;
  private FakeFapiServer server;
  private FapiWire wire;

  @BeforeEach
  void start() {
    fake = FakeClerk.create();
    DemoSeed.plant(fake);
    server = FakeFapiServer.builder(fake).secretKey(KEY).start();
    wire = new FapiWire(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A sign-in creation for an unknown user, with these headers (name, value, name, value...). */
  private Reply create(String... headers) {
    HttpRequest.Builder r =
        wire.request(CREATE)
            .header("Content-Type", FapiWire.FORM)
            .POST(BodyPublishers.ofString(UNKNOWN_USER));
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return wire.send(r);
  }

  private Reply viaProxy(String endUserIp) {
    return create(
        "Clerk-Proxy-Url", PROXY_URL, "Clerk-Secret-Key", KEY, "X-Forwarded-For", endUserIp);
  }

  private List<Integer> statuses(int n, java.util.function.Supplier<Reply> call) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(call.get().status());
    }
    return out;
  }

  private Reply control(String method, String path, String json) {
    return wire.send(
        wire.request("/__fake" + path)
            .header("Content-Type", "application/json")
            .method(
                method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json)));
  }

  @Nested
  class SecretKey {
    @Test
    void aProxyRequestWithoutTheKeyIs400Missing() {
      Reply r = create("Clerk-Proxy-Url", PROXY_URL, "X-Forwarded-For", "198.51.100.1");

      assertClerkError(r, 400, "proxy_request_missing_secret_key");
      assertThat(r.json().at("/errors/0/message").asText()).isEqualTo("missing secret key");
    }

    @Test
    void aProxyRequestWithAWrongKeyIs401Invalid() {
      Reply r = create("Clerk-Proxy-Url", PROXY_URL, "Clerk-Secret-Key", WRONG_KEY);

      assertClerkError(r, 401, "proxy_request_invalid_secret_key");
      assertThat(r.json().at("/errors/0/long_message").asText())
          .isEqualTo("The secret key given with this proxy request is invalid.");
    }

    @Test
    void theKeyTwiceIsNoKey() {
      Reply r =
          create("Clerk-Proxy-Url", PROXY_URL, "Clerk-Secret-Key", KEY, "Clerk-Secret-Key", KEY);

      assertClerkError(r, 401, "proxy_request_invalid_secret_key");
    }

    @Test
    void theRightKeyIsServed() {
      assertThat(viaProxy("198.51.100.1").status()).isEqualTo(422);
    }

    @Test
    void theEnvironmentIsBehindTheSameEdge() {
      Reply r =
          wire.send(
              wire.request("/v1/environment?_is_native=true")
                  .header("Clerk-Proxy-Url", PROXY_URL)
                  .GET());

      assertClerkError(r, 400, "proxy_request_missing_secret_key");
    }

    @Test
    void theControlPlaneSetsTheKeyAndShowsItOnlyRedacted() {
      Reply before = control("GET", "/secret_key", null);
      assertThat(before.json().path("secret_key").asText()).isEqualTo("sk_live_…L0zX");

      Reply set = control("PUT", "/secret_key", "{\"secret_key\":\"" + WRONG_KEY + "\"}");

      assertThat(set.status()).as("%s", set).isEqualTo(200);
      assertThat(set.json().path("secret_key").asText()).isEqualTo("sk_live_…I0uY");
      assertThat(create("Clerk-Proxy-Url", PROXY_URL, "Clerk-Secret-Key", WRONG_KEY).status())
          .isEqualTo(422);
      assertThat(viaProxy("198.51.100.1").status()).isEqualTo(401);
    }

    @Test
    void aServerWithoutAKeyAnswersNull() {
      try (FakeFapiServer keyless = FakeFapiServer.start(FakeClerk.create(), 0)) {
        Reply r =
            new FapiWire(keyless).send(new FapiWire(keyless).request("/__fake/secret_key").GET());
        assertThat(r.json().path("secret_key").isNull()).as("%s", r).isTrue();
      }
    }

    @Test
    void theControlPlaneRefusesABadKeyOrBody() {
      assertClerkError(
          control("PUT", "/secret_key", "{\"secret_key\":\"pk_live_abcdefghijkl\"}"),
          400,
          "form_param_format_invalid");
      assertClerkError(control("PUT", "/secret_key", "{}"), 400, "form_param_nil");
      assertClerkError(control("PUT", "/secret_key", "{\"key\":\"x\"}"), 400, "form_param_unknown");
      assertClerkError(control("POST", "/secret_key", "{}"), 405, "method_not_allowed");
      assertThat(control("GET", "/secret_key", null).json().path("secret_key").asText())
          .isEqualTo("sk_live_…L0zX");
    }
  }

  @Nested
  class RateLimitBuckets {
    @Test
    void twoUsersBehindOneProxyAreNotLimitedByEachOther() {
      assertThat(statuses(5, () -> viaProxy("198.51.100.1"))).containsOnly(422);
      assertThat(statuses(5, () -> viaProxy("198.51.100.2"))).containsOnly(422);

      assertClerkError(viaProxy("198.51.100.1"), 429, "too_many_requests");
      assertClerkError(viaProxy("198.51.100.2"), 429, "too_many_requests");
      // The proxy's own socket address (127.0.0.1) was never counted.
      assertThat(create().status()).isEqualTo(422);
    }

    @Test
    void aClientSendingXForwardedForWithoutTheKeyIsLimitedByItsSocketAddress() {
      for (int i = 1; i <= 5; i++) {
        assertThat(create("X-Forwarded-For", "198.51.100." + i).status()).isEqualTo(422);
      }

      Reply sixth = create("X-Forwarded-For", "198.51.100.99");

      assertClerkError(sixth, 429, "too_many_requests");
      assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void repeatedXForwardedForLinesKeepTheFirstLeftmost() {
      for (int i = 0; i < 5; i++) {
        create(
            "Clerk-Proxy-Url",
            PROXY_URL,
            "Clerk-Secret-Key",
            KEY,
            "X-Forwarded-For",
            "198.51.100.7",
            "X-Forwarded-For",
            "10.0.0." + i);
      }

      assertThat(viaProxy("198.51.100.7").status()).isEqualTo(429);
    }
  }

  @Nested
  class NativeApiSwitch {
    @Test
    void theSettingIsOnByDefaultAndCanBeTurnedOff() {
      assertThat(control("GET", "/settings", null).json().path("native_api_enabled").asBoolean())
          .isTrue();

      Reply r = control("PUT", "/settings", "{\"native_api_enabled\":false}");

      assertThat(r.json().path("native_api_enabled").asBoolean()).isFalse();
      assertThat(fake.settings().nativeApiEnabled()).isFalse();
    }

    @Test
    void theSettingIsBoundStrictly() {
      for (String bad : List.of("\"no\"", "0", "null")) {
        Reply r = control("PUT", "/settings", "{\"native_api_enabled\":" + bad + "}");
        if (bad.equals("null")) {
          // null is "not given", as for every other setting.
          assertThat(r.status()).as("%s", r).isEqualTo(200);
        } else {
          assertClerkError(r, 400, "form_param_format_invalid");
        }
      }
      assertThat(fake.settings().nativeApiEnabled()).isTrue();
    }

    @Test
    void offEveryNativeRequestIs400NativeApiDisabled() {
      fake.settings(FakeSettings.defaults().toBuilder().nativeApiEnabled(false).build());

      for (String pathAndQuery :
          List.of(
              "/v1/environment?_is_native=true",
              "/v1/client?_is_native=1",
              "/v1/client/sign_ins/sia_x?_is_native=true")) {
        Reply r = wire.get(pathAndQuery, null);
        assertClerkError(r, 400, "native_api_disabled");
        assertThat(r.json().at("/errors/0/message").asText()).isEqualTo("Native API disabled");
        assertThat(r.json().at("/errors/0/long_message").asText())
            .isEqualTo(
                "The Native API is disabled for this instance. Visit the Clerk Dashboard to"
                    + " enable it.");
      }
      assertClerkError(create(), 400, "native_api_disabled");
    }

    @Test
    void offARequestWithoutIsNativeIsServed() {
      fake.settings(FakeSettings.defaults().toBuilder().nativeApiEnabled(false).build());

      assertThat(wire.get("/v1/client", null).status()).isEqualTo(200);
      assertThat(wire.get("/v1/client?_is_native=false", null).status()).isEqualTo(200);
    }
  }

  /**
   * The secret key in nothing the emulator says or keeps: response bodies and headers of FAPI and
   * the control plane (right key, wrong key, malformed bodies holding it), what it writes to
   * standard output and error meanwhile, {@code toString}s, exception messages and the state
   * digest.
   */
  @Test
  void theSecretKeyAppearsNowhere() {
    String secretPart = KEY.substring("sk_live_".length(), KEY.length() - 4);
    String wrongPart = WRONG_KEY.substring("sk_live_".length(), WRONG_KEY.length() - 4);
    List<String> seen = new ArrayList<>();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      for (Reply r :
          List.of(
              viaProxy("198.51.100.1"),
              viaProxy("not an ip"),
              create("Clerk-Proxy-Url", PROXY_URL, "Clerk-Secret-Key", WRONG_KEY),
              create("Clerk-Secret-Key", KEY),
              create("Clerk-Proxy-Url", PROXY_URL, "Clerk-Secret-Key", KEY + "x"),
              control("GET", "/secret_key", null),
              control("PUT", "/secret_key", "{\"secret_key\": " + KEY + "}"),
              control("PUT", "/secret_key", "{\"secret_key\": [\"" + KEY + "\"]}"),
              control("PUT", "/secret_key", "{\"secret_key\":\"" + KEY + "\", \"x\": 1}"),
              control("PUT", "/secret_key", "{\"secret_key\":\"" + KEY + "!\"}"),
              control("PUT", "/secret_key", "{\"secret_key\":\"" + KEY + "\"}"),
              control("GET", "/settings", null),
              control("POST", "/reset", "{}"))) {
        seen.add(r.toString());
      }
      for (String bad : List.of(KEY + "!", "sk_live_" + secretPart + "-")) {
        assertThatThrownBy(() -> fake.secretKey(bad))
            .satisfies(e -> seen.add(String.valueOf(e.getMessage())));
        assertThatThrownBy(() -> FakeFapiServer.builder(fake).secretKey(bad))
            .satisfies(e -> seen.add(String.valueOf(e.getMessage())));
      }
      seen.add(
          dev.signinflow.transport.fake.FapiRequest.of(java.util.Optional.empty(), "127.0.0.1")
              .withProxyHeaders(
                  java.util.Optional.of(PROXY_URL),
                  java.util.Optional.of(KEY),
                  java.util.Optional.of("198.51.100.1"))
              .toString());
      seen.add(fake.stateDigest());
      seen.add(fake.toString());
      seen.add(server.toString());
      seen.add(fake.secretKeyRedacted().orElseThrow());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    seen.add(captured.toString(StandardCharsets.UTF_8));

    assertThat(seen).hasSizeGreaterThan(15);
    for (String text : seen) {
      assertThat(text).doesNotContain(secretPart).doesNotContain(wrongPart);
    }
    // The key is still the right one: the malformed bodies changed nothing.
    assertThat(viaProxy("198.51.100.3").status()).isEqualTo(422);
  }
}
