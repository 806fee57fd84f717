package dev.signinflow.transport.fake;

import static dev.signinflow.transport.fake.Device.jwt;
import static dev.signinflow.transport.fake.Device.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fake's session tokens (clerk-research §1, §2): RS256 with a seedable per-fake key named by
 * the instance id, Clerk's header and v2 claims, and the public key as a JWK Set.
 */
class FakeClerkSessionTokenTest {
  private static final String JANE = "jane@example.com";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  private final FakeClerk fake = FakeClerk.create();
  private final Device device = Device.fresh(fake);

  private String signedInJane() {
    fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD).emailVerified(false));
    return signIn(device.signIn(JANE, PASSWORD)).createdSessionId();
  }

  private static String part(String jwt, int i) {
    return new String(B64.decode(jwt.split("\\.")[i]), StandardCharsets.UTF_8);
  }

  private static boolean verifies(String jwt, RSAPublicKey key) throws GeneralSecurityException {
    int lastDot = jwt.lastIndexOf('.');
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(key);
    rs256.update(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
    return rs256.verify(B64.decode(jwt.substring(lastDot + 1)));
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }

  @Test
  void aTokenIsSignedRs256WithTheInstanceKey() throws Exception {
    String token = jwt(device.sessionToken(signedInJane()));

    assertThat(verifies(token, fake.sessionTokenKey())).isTrue();
    assertThat(fake.sessionTokenKey().getModulus().bitLength()).isEqualTo(2048);
  }

  @Test
  void anAlteredTokenDoesNotVerify() throws Exception {
    String token = jwt(device.sessionToken(signedInJane()));
    String[] parts = token.split("\\.");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    part(token, 1).replace(JANE, "x").replace("\"v\":2", "\"v\":3").getBytes())
            + "."
            + parts[2];

    assertThat(verifies(forged, fake.sessionTokenKey())).isFalse();
  }

  @Test
  void theHeaderIsClerksWithTheInstanceIdAsKeyId() {
    String token = jwt(device.sessionToken(signedInJane()));

    assertThat(part(token, 0))
        .isEqualTo(
            "{\"alg\":\"RS256\",\"cat\":\"cl_B7d4PD111AAA\",\"kid\":\""
                + fake.instanceId()
                + "\",\"typ\":\"JWT\"}");
    assertThat(fake.instanceId()).matches("ins_[0-9A-Za-z]{27}");
  }

  @Test
  void theClaimsAreClerksV2WithSixtySecondsOfLife() {
    String session = signedInJane();
    long iat = fake.clock().instant().getEpochSecond();

    String claims = part(jwt(device.sessionToken(session)), 1);

    assertThat(claims)
        .isEqualTo(
            "{\"exp\":"
                + (iat + 60)
                + ",\"fva\":[0,-1],\"iat\":"
                + iat
                + ",\"iss\":\"https://clerk.fake.invalid\",\"nbf\":"
                + (iat - 10)
                + ",\"sid\":\""
                + session
                + "\",\"sts\":\"active\",\"sub\":\""
                + fake.userId(JANE).orElseThrow()
                + "\",\"v\":2}");
  }

  @Test
  void azpIsTheOriginOnlyWhenTheRequestHasOne() {
    String session = signedInJane();

    String withOrigin =
        part(
            jwt(
                fake.createSessionToken(
                    device.request().withOrigin("https://app.example.com"), session)),
            1);

    assertThat(withOrigin).startsWith("{\"azp\":\"https://app.example.com\",\"exp\":");
    assertThat(part(jwt(device.sessionToken(session)), 1)).doesNotContain("azp");
  }

  @Test
  void fvaCountsMinutesSinceEachFactor() {
    fake.addUser(FakeUser.withEmail(JANE).password(PASSWORD));
    String id = signIn(device.signIn(JANE, PASSWORD)).id();
    device.prepare(id, "email_code");
    String session =
        signIn(device.attempt(id, "email_code", fake.lastCodeSentTo(JANE).orElseThrow()))
            .createdSessionId();
    fake.clock().advance(Duration.ofMinutes(7));

    assertThat(part(jwt(device.sessionToken(session)), 1)).contains("\"fva\":[7,7]");
  }

  @Test
  void issIsTheFrontendApiUrlTheFakeIsGiven() {
    String session = signedInJane();
    fake.frontendApiUrl("http://127.0.0.1:8123");

    assertThat(field(part(jwt(device.sessionToken(session)), 1), "iss"))
        .isEqualTo("http://127.0.0.1:8123");
    assertThatThrownBy(() -> fake.frontendApiUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeClerk.builder().frontendApiUrl("relative/path"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSameSeedGivesTheSameKeyAndAnotherSeedAnother() {
    FakeClerk again = FakeClerk.builder().signingKeySeed(0).build();
    FakeClerk other = FakeClerk.builder().signingKeySeed(7).build();

    assertThat(again.sessionTokenKey()).isEqualTo(fake.sessionTokenKey());
    assertThat(again.instanceId()).isEqualTo(fake.instanceId());
    assertThat(other.sessionTokenKey().getModulus())
        .isNotEqualTo(fake.sessionTokenKey().getModulus());
    assertThat(other.instanceId()).isNotEqualTo(fake.instanceId());
  }

  @Test
  void jwksPublishesTheKeyAsClerkDoes() {
    String jwks = fake.jwks();

    assertThat(jwks).startsWith("{\"keys\":[{\"use\":\"sig\",\"kty\":\"RSA\",\"kid\":\"");
    assertThat(field(jwks, "kid")).isEqualTo(fake.instanceId());
    assertThat(field(jwks, "alg")).isEqualTo("RS256");
    assertThat(field(jwks, "e")).isEqualTo("AQAB");
    byte[] n = B64.decode(field(jwks, "n"));
    assertThat(n).hasSize(256).as("no sign byte");
    assertThat(new BigInteger(1, n)).isEqualTo(fake.sessionTokenKey().getModulus());
  }

  @Test
  void anOrganizationTheFakeDoesNotKeepIsNotFound() {
    String session = signedInJane();

    FapiResponse r = fake.createSessionToken(device.request(), session, Optional.of("org_1"));
    FapiResponse personal = fake.createSessionToken(device.request(), session, Optional.of(""));

    assertThat(r.status()).isEqualTo(404);
    assertThat(personal.status()).isEqualTo(200);
  }

  @Test
  void aPendingSessionsTokenSaysPending() {
    FakeClerk withTasks =
        FakeClerk.builder()
            .settings(
                FakeSettings.defaults().toBuilder()
                    .sessionTasks(java.util.List.of("setup-mfa"))
                    .build())
            .build();
    withTasks.addUser(FakeUser.withEmail(JANE).password(PASSWORD).emailVerified(false));
    Device d = Device.fresh(withTasks);
    String session = signIn(d.signIn(JANE, PASSWORD)).createdSessionId();

    assertThat(field(part(jwt(d.sessionToken(session)), 1), "sts")).isEqualTo("pending");
  }
}
