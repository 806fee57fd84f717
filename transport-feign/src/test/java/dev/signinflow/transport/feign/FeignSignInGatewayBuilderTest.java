package dev.signinflow.transport.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builder: a publishable key names the Frontend API (fapi-protocol.md §1.1), a URL must be
 * HTTPS unless it is loopback, and mistakes fail at once with a message that says what is wrong.
 */
class FeignSignInGatewayBuilderTest {

  // ---- publishable keys -----------------------------------------------------------------------

  @Test
  void testKeyTargetsItsHostOverHttps() {
    FeignSignInGateway g =
        FeignSignInGateway.builder().publishableKey("pk_test_" + b64("clerk.example.com$")).build();

    assertThat(g.frontendApi()).isEqualTo(URI.create("https://clerk.example.com"));
  }

  @Test
  void liveKeyTargetsItsHostOverHttps() {
    FeignSignInGateway g =
        FeignSignInGateway.builder().publishableKey("pk_live_" + b64("clerk.example.com$")).build();

    assertThat(g.frontendApi()).isEqualTo(URI.create("https://clerk.example.com"));
  }

  @Test
  void developmentInstanceKeyTargetsTheAccountsDevHost() {
    FeignSignInGateway g =
        FeignSignInGateway.builder()
            .publishableKey("pk_test_" + b64("happy-otter-12.clerk.accounts.dev$"))
            .build();

    assertThat(g.frontendApi()).isEqualTo(URI.create("https://happy-otter-12.clerk.accounts.dev"));
  }

  @Test
  void keyWithoutBase64PaddingIsRead() {
    String padded = b64("clerk.abc.io$");
    assertThat(padded).endsWith("=");

    FeignSignInGateway g =
        FeignSignInGateway.builder().publishableKey("pk_test_" + padded.replace("=", "")).build();

    assertThat(g.frontendApi()).isEqualTo(URI.create("https://clerk.abc.io"));
  }

  @Test
  void keyWithAWrongPrefixIsRefusedWithoutEchoingIt() {
    String secret = "sk_test_" + b64("clerk.example.com$") + "SECRETPART";

    assertThatIllegalArgumentException()
        .isThrownBy(() -> FeignSignInGateway.builder().publishableKey(secret))
        .withMessageContaining("pk_test_ or pk_live_")
        .withMessageNotContaining("SECRETPART")
        .withMessageNotContaining(b64("clerk.example.com$"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pk_test_!!!not-base64!!!", "pk_test_a", "pk_live_@@@@"})
  void keyThatIsNotBase64IsRefused(String key) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FeignSignInGateway.builder().publishableKey(key))
        .withMessageContaining("base64");
  }

  @ParameterizedTest
  @ValueSource(strings = {"clerk.example.com", "", "clerk.example.com$x"})
  void keyWhoseHostDoesNotEndWithADollarIsRefused(String decoded) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FeignSignInGateway.builder().publishableKey("pk_test_" + b64(decoded)))
        .withMessageContaining("'$'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$",
        "clerk example.com$",
        "evil.com/path$",
        "user@evil.com$",
        ".example.com$",
        "evil.com?x=1$",
        "clerk.exämple.com$"
      })
  void keyThatNamesNoValidHostIsRefused(String decoded) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FeignSignInGateway.builder().publishableKey("pk_test_" + b64(decoded)))
        .withMessageContaining("no valid host");
  }

  // ---- URLs -----------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "https://clerk.example.com, https://clerk.example.com",
    "https://clerk.example.com/, https://clerk.example.com",
    "HTTPS://clerk.example.com:8443, https://clerk.example.com:8443",
    "http://127.0.0.1:4010, http://127.0.0.1:4010",
    "http://localhost:4010, http://localhost:4010",
    "http://[::1]:4010, http://[::1]:4010"
  })
  void httpsOrLoopbackHttpIsAccepted(String given, String expected) {
    FeignSignInGateway g = FeignSignInGateway.builder().frontendApi(given).build();

    assertThat(g.frontendApi()).isEqualTo(URI.create(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com",
        "http://clerk.example.com:80",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "http://10.0.0.1"
      })
  void plainHttpToAnotherHostIsRefused(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FeignSignInGateway.builder().frontendApi(url))
        .withMessageContaining("HTTPS");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://clerk.example.com/v1",
        "https://clerk.example.com/v1/",
        "https://clerk.example.com/?x=1",
        "https://clerk.example.com?x=1",
        "https://clerk.example.com#top"
      })
  void urlWithAPathQueryOrFragmentIsRefused(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FeignSignInGateway.builder().frontendApi(url))
        .withMessageMatching("(?s).*(path|query).*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"clerk.example.com", "not a url", "ftp://clerk.example.com", "https://"})
  void somethingThatIsNotAnHttpsUrlIsRefused(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FeignSignInGateway.builder().frontendApi(url));
  }

  @Test
  void urlWithCredentialsIsRefusedWithoutEchoingThem() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> FeignSignInGateway.builder().frontendApi("https://ada:s3cret@clerk.example.com"))
        .withMessageContaining("user info")
        .withMessageNotContaining("s3cret");
  }

  // ---- everything else ------------------------------------------------------------------------

  @Test
  void buildWithoutAFrontendApiSaysHowToGiveOne() {
    assertThatIllegalStateException()
        .isThrownBy(() -> FeignSignInGateway.builder().build())
        .withMessageContaining("frontendApi(url)")
        .withMessageContaining("publishableKey(key)");
  }

  @Test
  void timeoutsMustBePositiveAndTheRetryCeilingNotNegative() {
    FeignSignInGateway.Builder b = FeignSignInGateway.builder();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> b.readTimeout(Duration.ZERO))
        .withMessageContaining("readTimeout");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1)))
        .withMessageContaining("connectTimeout");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> b.maxAutomaticRetryWait(Duration.ofMillis(-1)))
        .withMessageContaining("maxAutomaticRetryWait");
  }

  @Test
  void forFrontendApiIsTheBuilderWithDefaults() {
    assertThat(FeignSignInGateway.forFrontendApi("https://clerk.example.com").frontendApi())
        .isEqualTo(URI.create("https://clerk.example.com"));
    assertThat(FeignSignInGateway.forFrontendApi("https://clerk.example.com"))
        .hasToString("FeignSignInGateway[https://clerk.example.com]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com/__clerk",
        "HTTPS://app.example.com/__clerk",
        "http://localhost:3000/__clerk",
        "http://127.0.0.1:3000/__clerk"
      })
  void proxyModeTakesAnHttpsProxyUrlOrPlainHttpToLoopback(String proxyUrl) {
    FeignSignInGateway g =
        FeignSignInGateway.builder()
            .publishableKey("pk_live_" + b64("clerk.example.com$"))
            .proxyMode(proxyUrl, "sk_live_abcdef0123456789")
            .build();

    assertThat(g.frontendApi()).isEqualTo(URI.create("https://clerk.example.com"));
    assertThat(g.proxyUrl()).contains(URI.create(proxyUrl));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://app.example.com/__clerk", "ws://127.0.0.1:3000/__clerk"})
  void aProxyUrlOfAnotherSchemeIsRefused(String proxyUrl) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> FeignSignInGateway.builder().proxyMode(proxyUrl, "sk_live_abcdef0123456789"))
        .withMessageContaining("HTTPS");
  }

  @Test
  void everySettingReturnsTheBuilderSoTheyChain() {
    FeignSignInGateway g =
        FeignSignInGateway.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .readTimeout(Duration.ofSeconds(2))
            .maxAutomaticRetryWait(Duration.ZERO)
            .clock(java.time.Clock.systemUTC())
            .logLevel(feign.Logger.Level.NONE)
            .frontendApi("https://clerk.example.com")
            .build();

    assertThat(g.frontendApi()).isEqualTo(URI.create("https://clerk.example.com"));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
