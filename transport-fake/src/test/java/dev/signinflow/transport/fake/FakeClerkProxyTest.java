package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.firstError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Proxy mode and the Native API switch (clerk-research.md §7): what a proxy forwards ({@code
 * Clerk-Proxy-Url}, {@code Clerk-Secret-Key}, {@code X-Forwarded-For}), Clerk's answers to a
 * missing or wrong secret key, the per-IP rate-limit bucket a request is counted in, and {@code
 * native_api_disabled}.
 */
class FakeClerkProxyTest {
  static final String KEY = "sk_test_Zq8Xw3Lk5Pn2Rt7Vb4Ny6Mc1Hd9Gf0Js";
  private static final String OTHER_KEY = "sk_test_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk";
  private static final String PROXY_URL = "https://app.example.com/__clerk";
  private static final String PROXY_IP = "192.0.2.10";
  private static final String PASSWORD = "correct horse battery staple";

  private final FakeClerk fake = FakeClerk.builder().secretKey(KEY).build();

  /** A request from the proxy's socket, carrying these proxy headers (null for absent). */
  private static FapiRequest viaProxy(String proxyUrl, String key, String forwardedFor) {
    return FapiRequest.of(Optional.empty(), PROXY_IP)
        .withProxyHeaders(
            Optional.ofNullable(proxyUrl),
            Optional.ofNullable(key),
            Optional.ofNullable(forwardedFor));
  }

  /** The statuses of n sign-in creations for an unknown identifier (422 when served). */
  private List<Integer> creates(FapiRequest request, int n) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      statuses.add(fake.createSignIn(request, "nobody@example.com", PASSWORD).status());
    }
    return statuses;
  }

  @Nested
  class SecretKey {
    @Test
    void aProxyRequestWithoutASecretKeyIsRefusedAsMissing() {
      FapiResponse r = fake.createSignIn(viaProxy(PROXY_URL, null, "198.51.100.1"), "a", "b");

      assertThat(r.status()).isEqualTo(400);
      FapiError e = firstError(r);
      assertThat(e.code()).isEqualTo("proxy_request_missing_secret_key");
      assertThat(e.message()).isEqualTo("missing secret key");
      assertThat(e.longMessage())
          .isEqualTo(
              "When using a proxy, it's required to also pass the instance secret key in the"
                  + " Clerk-Secret-Key header.");
    }

    @Test
    void aProxyRequestWithAWrongSecretKeyIsRefusedAsInvalid() {
      FapiResponse r = fake.getClient(viaProxy(PROXY_URL, OTHER_KEY, "198.51.100.1"));

      assertThat(r.status()).isEqualTo(401);
      FapiError e = firstError(r);
      assertThat(e.code()).isEqualTo("proxy_request_invalid_secret_key");
      assertThat(e.message()).isEqualTo("invalid secret key");
      assertThat(e.longMessage())
          .isEqualTo("The secret key given with this proxy request is invalid.");
    }

    @Test
    void anInstanceWithoutASecretKeyRefusesEveryKeyAsInvalid() {
      FakeClerk keyless = FakeClerk.create();

      FapiResponse r = keyless.getClient(viaProxy(PROXY_URL, KEY, null));

      assertThat(r.status()).isEqualTo(401);
      assertThat(keyless.secretKeyRedacted()).isEmpty();
    }

    @Test
    void aRefusedRequestCreatesNoClientAndHandsItsTokenBack() {
      FapiResponse r =
          fake.createSignIn(
              new FapiRequest(
                  Optional.of("a.b.c"),
                  PROXY_IP,
                  Optional.empty(),
                  true,
                  Optional.of(PROXY_URL),
                  Optional.of(OTHER_KEY),
                  Optional.empty()),
              "nobody@example.com",
              PASSWORD);

      assertThat(r.status()).isEqualTo(401);
      assertThat(r.clientToken()).contains("a.b.c");
      assertThat(fake.stateDigest()).doesNotContain("client ");
    }

    @Test
    void theRightKeyIsServed() {
      FapiResponse r = fake.createSignIn(viaProxy(PROXY_URL, KEY, "198.51.100.1"), "x@y.z", "p");

      assertThat(r.status()).isEqualTo(422);
    }

    @Test
    void aSecretKeyWithoutAProxyUrlIsNotAProxyRequestAndIsIgnored() {
      FapiResponse r = fake.getClient(viaProxy(null, OTHER_KEY, null));

      assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void theKeyCanBeSetLaterAndIsShownOnlyRedacted() {
      FakeClerk later = FakeClerk.create();
      later.secretKey(OTHER_KEY);

      assertThat(later.secretKeyRedacted()).contains("sk_test_…j0Kk");
      assertThat(later.getClient(viaProxy(PROXY_URL, OTHER_KEY, null)).status()).isEqualTo(200);
      assertThat(later.getClient(viaProxy(PROXY_URL, KEY, null)).status()).isEqualTo(401);
    }

    @Test
    void theKeyStaysAcrossAReset() {
      fake.reset();

      assertThat(fake.getClient(viaProxy(PROXY_URL, KEY, null)).status()).isEqualTo(200);
    }

    @Test
    void aKeyNotInSecretKeyFormatIsRefusedWithoutRepeatingIt() {
      String bad = "pk_test_Zq8Xw3Lk5Pn2Rt7Vb4Ny6Mc1Hd9Gf0Js";

      assertThatThrownBy(() -> FakeClerk.builder().secretKey(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(bad)
          .hasMessageNotContaining("Zq8Xw3");
      assertThatThrownBy(() -> fake.secretKey("sk_live_short"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("short");
    }

    @Test
    void aShortKeyIsRedactedToItsPrefixAlone() {
      fake.secretKey("sk_live_abcd1234");

      assertThat(fake.secretKeyRedacted()).contains("sk_live_…");
    }
  }

  @Nested
  class RateLimitBuckets {
    @Test
    void twoUsersBehindOneProxyAreNotLimitedByEachOther() {
      FapiRequest ada = viaProxy(PROXY_URL, KEY, "198.51.100.1");
      FapiRequest bob = viaProxy(PROXY_URL, KEY, "198.51.100.2, 10.0.0.1");

      assertThat(creates(ada, 5)).containsOnly(422);
      assertThat(creates(bob, 5)).containsOnly(422);
      assertThat(creates(ada, 1)).containsExactly(429);
      assertThat(creates(bob, 1)).containsExactly(429);
      // The proxy's own address has a bucket of its own, untouched.
      assertThat(creates(FapiRequest.of(Optional.empty(), PROXY_IP), 5)).containsOnly(422);
    }

    @Test
    void aClientSendingXForwardedForWithoutTheKeyIsCountedByItsSocketAddress() {
      for (int i = 1; i <= 5; i++) {
        FapiRequest spoofing =
            FapiRequest.of(Optional.empty(), "203.0.113.50")
                .withProxyHeaders(
                    Optional.empty(), Optional.empty(), Optional.of("198.51.100." + i));
        assertThat(creates(spoofing, 1)).containsExactly(422);
      }

      FapiRequest fresh =
          FapiRequest.of(Optional.empty(), "203.0.113.50")
              .withProxyHeaders(Optional.empty(), Optional.empty(), Optional.of("198.51.100.99"));
      assertThat(creates(fresh, 1)).containsExactly(429);
    }

    @Test
    void aSecretKeyWithoutAProxyUrlDoesNotChooseTheBucketEither() {
      FapiRequest spoofing =
          FapiRequest.of(Optional.empty(), "203.0.113.50")
              .withProxyHeaders(Optional.empty(), Optional.of(KEY), Optional.of("198.51.100.1"));

      creates(spoofing, 5);

      assertThat(creates(FapiRequest.of(Optional.empty(), "203.0.113.50"), 1)).containsExactly(429);
    }

    @Test
    void attemptsAreCountedByTheForwardedAddressToo() {
      fake.addUser(FakeUser.withEmail("jane@example.com").password(PASSWORD));
      List<Integer> ada = wrongAttempts("198.51.100.1", 4);
      List<Integer> bob = wrongAttempts("198.51.100.2", 1);

      assertThat(ada).containsExactly(422, 422, 422, 429);
      assertThat(bob).containsExactly(422);
    }

    /** A device behind the proxy at this address: a sign-in, a code sent, n wrong attempts. */
    private List<Integer> wrongAttempts(String endUserIp, int n) {
      FapiRequest first = viaProxy(PROXY_URL, KEY, endUserIp);
      FapiResponse created = fake.createSignIn(first, "jane@example.com", PASSWORD);
      String id = Device.signIn(created).id();
      FapiRequest then =
          new FapiRequest(
              created.clientToken(),
              PROXY_IP,
              Optional.empty(),
              true,
              first.proxyUrl(),
              first.secretKey(),
              first.forwardedFor());
      FapiResponse prepared =
          fake.prepareSecondFactor(then, id, "email_code", Optional.empty(), Optional.empty());
      assertThat(prepared.status()).isEqualTo(200);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        statuses.add(fake.attemptSecondFactor(then, id, "email_code", "000000").status());
      }
      return statuses;
    }

    @Test
    void anInvalidForwardedAddressFallsBackToTheProxysSocketAddress() {
      for (String invalid : List.of("unknown", "host.example", "198.51.100.1:4711", "300.1.1.1")) {
        creates(viaProxy(PROXY_URL, KEY, invalid), 1);
      }
      creates(viaProxy(PROXY_URL, KEY, null), 1);

      assertThat(creates(FapiRequest.of(Optional.empty(), PROXY_IP), 1)).containsExactly(429);
    }

    @Test
    void ipv6AddressesAreOneBucketHoweverTheyAreWritten() {
      creates(viaProxy(PROXY_URL, KEY, "2001:db8::1"), 3);
      creates(viaProxy(PROXY_URL, KEY, "[2001:0db8:0:0::1]"), 2);

      assertThat(creates(viaProxy(PROXY_URL, KEY, "2001:DB8:0::1"), 1)).containsExactly(429);
    }
  }

  @Nested
  class ForwardedIp {
    private Optional<String> of(String header) {
      return viaProxy(PROXY_URL, KEY, header).forwardedIp();
    }

    @Test
    void theLeftmostEntryIsTheEndUser() {
      assertThat(of(" 198.51.100.1 , 10.0.0.1, 192.0.2.10")).contains("198.51.100.1");
    }

    @Test
    void onlyIpLiteralsCount() {
      assertThat(of("::ffff:198.51.100.1")).contains("198.51.100.1");
      assertThat(of("::1")).contains("0:0:0:0:0:0:0:1");
      for (String bad :
          List.of(
              "unknown", "localhost", "01.2.3.4", "1.2.3", "1.2.3.4.5", "fe80::1%eth0", ":::")) {
        assertThat(of(bad)).as(bad).isEmpty();
      }
      assertThat(of("   ")).isEmpty();
    }
  }

  @Nested
  class NativeApiSwitch {
    private final FakeClerk off =
        FakeClerk.builder()
            .settings(FakeSettings.defaults().toBuilder().nativeApiEnabled(false).build())
            .build();

    @Test
    void byDefaultTheNativeApiIsOn() {
      assertThat(FakeSettings.defaults().nativeApiEnabled()).isTrue();
      assertThat(fake.getClient(FapiRequest.of(Optional.empty(), PROXY_IP)).status())
          .isEqualTo(200);
    }

    @Test
    void offEveryNativeRequestIsRefused() {
      FapiRequest nativeRequest = FapiRequest.of(Optional.empty(), "203.0.113.7");
      List<FapiResponse> answers =
          List.of(
              off.getClient(nativeRequest),
              off.createSignIn(nativeRequest, "x@y.z", PASSWORD),
              off.getSignIn(nativeRequest, "sia_1"),
              off.createSessionToken(nativeRequest, "sess_1"),
              off.removeSessions(nativeRequest));

      for (FapiResponse r : answers) {
        assertThat(r.status()).isEqualTo(400);
        FapiError e = firstError(r);
        assertThat(e.code()).isEqualTo("native_api_disabled");
        assertThat(e.message()).isEqualTo("Native API disabled");
        assertThat(e.longMessage())
            .isEqualTo(
                "The Native API is disabled for this instance. Visit the Clerk Dashboard to"
                    + " enable it.");
      }
      assertThat(off.stateDigest()).doesNotContain("client ").doesNotContain("rate ");
    }

    @Test
    void offABrowsersRequestIsServed() {
      FapiRequest browser =
          FapiRequest.of(Optional.empty(), "203.0.113.7")
              .withNativeClient(false)
              .withOrigin("https://app.example.com");

      assertThat(off.getClient(browser).status()).isEqualTo(200);
    }

    @Test
    void turningItOnAgainServesNativeRequests() {
      off.settings(off.settings().toBuilder().nativeApiEnabled(true).build());

      assertThat(off.getClient(FapiRequest.of(Optional.empty(), PROXY_IP)).status()).isEqualTo(200);
    }
  }
}
