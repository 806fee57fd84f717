package dev.signinflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.signinflow.emulator.FapiWire.Reply;
import dev.signinflow.emulator.FapiWire.SignedIn;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend under test, as it verifies Clerk's session tokens: with a standard JWT library
 * (nimbus-jose-jwt), the key set fetched from the emulator's JWKS URL, RS256 only, the issuer, the
 * subject, the session and the token's times checked. Ada signs in over HTTP, the emulator mints
 * her token, and the backend accepts it — and refuses it on or after {@code exp}, before {@code
 * nbf}, with one byte of its signature flipped, with its payload changed, and against another
 * instance's keys.
 *
 * <p>Time is the emulator's: the backend's clock reads {@code GET /__fake/clock}, and the test
 * moves it with {@code POST /__fake/clock}; nothing sleeps. The clock skew allowed is 0, so {@code
 * exp} and {@code nbf} are checked to the second (nimbus allows 60 s by default,
 * {@code @clerk/backend} 5 s).
 */
class SessionTokenVerificationTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  private FakeClerk fake;
  private FakeFapiServer server;
  private FapiWire wire;
  private SignedIn ada;
  private String userId;

  @BeforeEach
  void signAdaIn() {
    fake = FakeClerk.builder().clock(FakeClock.at(T0)).build();
    DemoSeed.plant(fake);
    server = FakeFapiServer.start(fake, 0);
    wire = new FapiWire(server);
    ada = wire.signInAda(fake);
    userId = fake.userId(DemoSeed.ADA).orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- the backend ----------------------------------------------------------------------------

  /**
   * What a backend configures: the key set at the emulator's JWKS URL, RS256, {@code typ} JWT, the
   * emulator as the issuer, and the claims Clerk's tokens always carry; times against {@code now}.
   */
  private ConfigurableJWTProcessor<SecurityContext> backend(URI jwksUrl, Supplier<Date> now)
      throws Exception {
    // tag::verify[]
    URL url = jwksUrl.toURL(); // server.jwksUrl(): http://127.0.0.1:<port>/.well-known/jwks.json
    // Timeouts of 5 s, not nimbus's 500 ms: a shared CI machine may be slow to answer.
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(url, new DefaultResourceRetriever(5_000, 5_000, 64 * 1024))
            .retrying(false)
            .build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(server.baseUrl().toString()).build(),
            Set.of("sub", "sid", "iat", "nbf", "exp")) {
          @Override
          protected Date currentTime() {
            return now.get();
          }
        };
    claims.setMaxClockSkew(0);
    p.setJWTClaimsSetVerifier(claims);
    // end::verify[]
    return p;
  }

  /** The backend of this test: the emulator's keys, the emulator's clock. */
  private ConfigurableJWTProcessor<SecurityContext> backend() throws Exception {
    return backend(server.jwksUrl(), this::emulatorNow);
  }

  /** The emulator's time, as another process reads it: {@code GET /__fake/clock}. */
  private Date emulatorNow() {
    Reply r = wire.get("/__fake/clock", null);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return new Date(r.json().path("now_ms").asLong());
  }

  /** Moves the emulator's clock: {@code POST /__fake/clock}. */
  private void advance(long seconds) {
    Reply r =
        wire.send(
            wire.request("/__fake/clock")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"advance_seconds\":" + seconds + "}")));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  private String mint() {
    Reply r = wire.post("/v1/client/sessions/" + ada.sessionId() + "/tokens", ada.token(), "");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().path("jwt").asText();
  }

  // ---- accepted -------------------------------------------------------------------------------

  @Test
  void backendVerifiesTheTokenThroughTheJwksUrl() throws Exception {
    String jwt = mint();
    JWTClaimsSet claims = backend().process(jwt, null);

    assertThat(claims.getIssuer()).isEqualTo(server.baseUrl().toString());
    assertThat(claims.getSubject()).isEqualTo(userId);
    assertThat(claims.getStringClaim("sid")).isEqualTo(ada.sessionId());
    assertThat(claims.getStringClaim("sts")).isEqualTo("active");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(T0);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(T0.plusSeconds(60));
    assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(T0.minusSeconds(10));
    assertThat(claims.getClaim("azp")).as("no Origin, no azp").isNull();
    SignedJWT parsed = SignedJWT.parse(jwt);
    assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(parsed.getHeader().getKeyID()).isEqualTo(fake.instanceId());
  }

  @Test
  void acceptedUntilTheSecondBeforeExp() throws Exception {
    String jwt = mint();
    advance(59);
    assertThat(backend().process(jwt, null).getSubject()).isEqualTo(userId);
  }

  @Test
  void aSignedOutSessionsTokenStaysValidUntilExpAsClerksDoes() throws Exception {
    String jwt = mint();
    Reply out = wire.post("/v1/client/sessions/" + ada.sessionId() + "/end", ada.token(), "");
    assertThat(out.status()).as("%s", out).isEqualTo(200);
    // A JWT is not looked up: the backend accepts it until exp (60 s), but no new one is minted.
    assertThat(backend().process(jwt, null).getStringClaim("sid")).isEqualTo(ada.sessionId());
    Reply again =
        wire.post(
            "/v1/client/sessions/" + ada.sessionId() + "/tokens", out.token().orElseThrow(), "");
    FapiWire.assertClerkError(again, 404, "resource_not_found");
  }

  // ---- refused --------------------------------------------------------------------------------

  @Test
  void refusedOnceTheEmulatorsClockReachesExp() throws Exception {
    String jwt = mint();
    advance(60);
    assertThatThrownBy(() -> backend().process(jwt, null))
        .isInstanceOf(BadJWTException.class)
        .hasMessageContaining("Expired JWT");
    advance(3600);
    assertThatThrownBy(() -> backend().process(jwt, null))
        .isInstanceOf(BadJWTException.class)
        .hasMessageContaining("Expired JWT");
  }

  @Test
  void refusedBeforeNbf() throws Exception {
    String jwt = mint();
    Date beforeNbf = Date.from(T0.minusSeconds(11));
    assertThatThrownBy(() -> backend(server.jwksUrl(), () -> beforeNbf).process(jwt, null))
        .isInstanceOf(BadJWTException.class)
        .hasMessageContaining("before use time");
  }

  @Test
  void refusedWithOneByteOfItsSignatureFlipped() throws Exception {
    String[] parts = mint().split("\\.");
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    signature[signature.length / 2] ^= 0x01;
    String tampered =
        parts[0]
            + "."
            + parts[1]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    assertThatThrownBy(() -> backend().process(tampered, null))
        .isInstanceOf(BadJWSException.class)
        .hasMessageContaining("Invalid signature");
  }

  @Test
  void refusedWithItsPayloadChanged() throws Exception {
    String[] parts = mint().split("\\.");
    ObjectNode claims =
        (ObjectNode) FapiWire.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    String grace = fake.userId(DemoSeed.GRACE).orElseThrow();
    claims.put("sub", grace);
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(FapiWire.JSON.writeValueAsBytes(claims));
    String tampered = parts[0] + "." + payload + "." + parts[2];
    JsonNode check = FapiWire.JSON.readTree(Base64.getUrlDecoder().decode(payload));
    assertThat(check.path("sub").asText()).as("the payload now names Grace").isEqualTo(grace);
    assertThatThrownBy(() -> backend().process(tampered, null))
        .isInstanceOf(BadJWSException.class)
        .hasMessageContaining("Invalid signature");
  }

  @Test
  void refusedAgainstAnotherInstancesKeys() throws Exception {
    String jwt = mint();
    FakeClerk other = FakeClerk.builder().clock(FakeClock.at(T0)).signingKeySeed(99).build();
    try (FakeFapiServer otherServer = FakeFapiServer.start(other, 0)) {
      assertThat(other.instanceId()).isNotEqualTo(fake.instanceId());
      assertThatThrownBy(() -> backend(otherServer.jwksUrl(), this::emulatorNow).process(jwt, null))
          .isInstanceOf(BadJOSEException.class)
          .hasMessageContaining("no matching key");
    } finally {
      // Starting the other server named it the other fake's issuer; ours is unchanged.
      assertThat(fake.frontendApiUrl()).isEqualTo(server.baseUrl().toString());
    }
  }

  @Test
  void refusedWhenTheBackendExpectsAnotherIssuer() throws Exception {
    String jwt = mint();
    String issuer =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(issuer).contains("\"iss\":\"" + server.baseUrl() + "\"");
    DefaultJWTProcessor<SecurityContext> p = (DefaultJWTProcessor<SecurityContext>) backend();
    p.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer("https://clerk.example.com").build(), Set.of()) {
          @Override
          protected Date currentTime() {
            return emulatorNow();
          }
        });
    assertThatThrownBy(() -> p.process(jwt, null))
        .isInstanceOf(BadJWTException.class)
        .hasMessageContaining("iss");
  }
}
