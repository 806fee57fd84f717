package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.StoredFlow;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Equality, hash codes and printed forms of the engine's value types: equal exactly when their
 * values are, spread over hash codes (a constant one turns every hash map into a list), printed as
 * documented, and their input limits exact to the character.
 */
class ValueSemanticsTest {

  /** Equal to an equal value (with the same hash code), and to nothing else. */
  private static <T> void equalExactlyByValue(T value, T equalValue, T otherValue) {
    assertThat(value).isEqualTo(equalValue);
    assertThat(value.hashCode()).isEqualTo(equalValue.hashCode());
    assertThat(value).isNotEqualTo(otherValue);
    assertThat(value.equals(null)).isFalse();
    assertThat(value.equals(value.toString() + "?")).isFalse();
  }

  /** Distinct values get distinct hash codes (for these few, chosen not to collide). */
  private static void spreadOverHashCodes(List<?> distinct) {
    assertThat(distinct.stream().map(Object::hashCode).distinct().count())
        .isEqualTo(distinct.size());
  }

  // ---- device ids and identifiers ----------------------------------------------------------

  @Test
  void deviceIdsAreEqualExactlyWhenTheirNamesAreAndPrintAsTheName() {
    equalExactlyByValue(DeviceId.of("browser-1"), DeviceId.of("browser-1"), DeviceId.of("app-2"));
    spreadOverHashCodes(List.of(DeviceId.of("a"), DeviceId.of("b"), DeviceId.of("c")));
    assertThat(DeviceId.of("browser-1")).hasToString("browser-1");
  }

  @Test
  void flowIdsAreEqualExactlyWhenTheirTextIsAndPrintOnlyItsStart() {
    FlowId id = FlowId.random(new Random(1));
    equalExactlyByValue(id, FlowId.of(id.value()), FlowId.random(new Random(2)));
    spreadOverHashCodes(
        List.of(
            FlowId.random(new Random(1)),
            FlowId.random(new Random(2)),
            FlowId.random(new Random(3))));
    assertThat(id).hasToString("FlowId[" + id.value().substring(0, 6) + "…]");
  }

  @Test
  void aStoredFlowPrintsItsVersionAndExpiryNotItsSnapshot() {
    StoredFlow flow =
        new StoredFlow("{\"state\":\"IDENTIFYING\"}", 3, Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(flow).hasToString("StoredFlow[v3, expires 2026-01-02T00:00:00Z]");
  }

  @Test
  void identifiersAreEqualExactlyWhenKindAndNormalizedValueAre() {
    equalExactlyByValue(
        Identifier.parse("ada@EXAMPLE.com"),
        Identifier.parse(" ada@example.com "),
        Identifier.parse("bob@example.com"));
    assertThat(Identifier.parse("ada_l")).isNotEqualTo(Identifier.parse("ada_m"));
    spreadOverHashCodes(
        List.of(
            Identifier.parse("ada@example.com"),
            Identifier.parse("+15555550100"),
            Identifier.parse("ada_l")));
    assertThat(Identifier.parse("ada@EXAMPLE.com")).hasToString("ada@example.com");
  }

  @Test
  void anEmailAddressOfUpTo254CharactersIsAnIdentifier() {
    String at254 = "a".repeat(64) + "@" + "b".repeat(185) + ".com";
    assertThat(at254).hasSize(254);
    assertThat(Identifier.tryParse(at254)).map(Identifier::value).contains(at254);
    String at255 = "a".repeat(64) + "@" + "b".repeat(186) + ".com";
    assertThat(Identifier.tryParse(at255)).isEmpty();
  }

  @Test
  void aRefusedIdentifierOfUpTo64CharactersIsQuotedAndALongerOneOnlyCounted() {
    String at64 = "has space " + "x".repeat(54);
    assertThat(at64).hasSize(64);
    assertThatThrownBy(() -> Identifier.parse(at64)).hasMessageEndingWith("'" + at64 + "'");
    String at65 = at64 + "x";
    assertThatThrownBy(() -> Identifier.parse(at65)).hasMessageEndingWith("(65 characters)");
  }

  // ---- tokens -------------------------------------------------------------------------------

  @Test
  void clientTokensAreEqualExactlyWhenTheirTextIsAndNeverPrintIt() {
    equalExactlyByValue(ClientToken.of("tok_1"), ClientToken.of("tok_1"), ClientToken.of("tok_2"));
    spreadOverHashCodes(List.of(ClientToken.of("a"), ClientToken.of("b"), ClientToken.of("c")));
    assertThat(ClientToken.of("tok_SECRET")).hasToString("ClientToken[redacted]");
  }

  @Test
  void aClientTokenHoldsUpTo16KiBOfVisibleAscii() {
    assertThat(ClientToken.of("x".repeat(16 * 1024)).reveal()).hasSize(16 * 1024);
    assertThatThrownBy(() -> ClientToken.of("x".repeat(16 * 1024 + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    // '!' and '~' are the first and the last visible ASCII characters; space and DEL are not.
    assertThat(ClientToken.of("!~").reveal()).isEqualTo("!~");
    assertThatThrownBy(() -> ClientToken.of("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientToken.of("a\u007fb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String jwt(String sid) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(
            ("{\"sid\":\"" + sid + "\",\"exp\":1767225660}").getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }

  @Test
  void sessionTokensAreEqualExactlyWhenTheirTextIs() {
    equalExactlyByValue(
        SessionToken.of(jwt("sess_1")), SessionToken.of(jwt("sess_1")), SessionToken.of(jwt("s2")));
    spreadOverHashCodes(
        List.of(SessionToken.of(jwt("a")), SessionToken.of(jwt("b")), SessionToken.of(jwt("c"))));
  }

  // ---- errors -------------------------------------------------------------------------------

  private static ClerkError error(String code) {
    return ClerkError.of(code, "m", "l");
  }

  @Test
  void noErrorsAreEmptyHaveNoFirstAndPrintAsEmpty() {
    FlowErrors none = FlowErrors.none();
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.first()).isEmpty();
    assertThat(none.has("user_locked")).isFalse();
    assertThat(none).isEqualTo(FlowErrors.of(List.of())).hasToString("FlowErrors[]");
  }

  @Test
  void errorsKnowTheirFirstTheirCodesAndPrintOnlyTheCodes() {
    FlowErrors errors = FlowErrors.of(List.of(error("form_code_incorrect"), error("user_locked")));
    assertThat(errors.isEmpty()).isFalse();
    assertThat(errors.first()).map(ClerkError::code).contains("form_code_incorrect");
    assertThat(errors.has("user_locked")).isTrue();
    assertThat(errors.has("session_exists")).isFalse();
    assertThat(errors).hasToString("FlowErrors[form_code_incorrect, user_locked]");
    equalExactlyByValue(
        errors,
        FlowErrors.of(List.of(error("form_code_incorrect"), error("user_locked"))),
        FlowErrors.of(List.of(error("user_locked"))));
    spreadOverHashCodes(
        List.of(
            FlowErrors.none(),
            FlowErrors.of(List.of(error("a"))),
            FlowErrors.of(List.of(error("b")))));
  }

  // ---- snapshots and request contexts ---------------------------------------------------------

  /** A gateway no test here calls: a fresh flow's snapshot needs no server. */
  private static final SignInGateway UNUSED =
      (SignInGateway)
          Proxy.newProxyInstance(
              SignInGateway.class.getClassLoader(),
              new Class<?>[] {SignInGateway.class},
              (proxy, method, args) -> {
                if (method.getName().equals("rateLimitBucket")) {
                  return Optional.empty();
                }
                throw new AssertionError("no call expected: " + method.getName());
              });

  private static FlowSnapshot freshSnapshot(String device) {
    return SignInEngine.builder().gateway(UNUSED).build().newFlow(DeviceId.of(device)).snapshot();
  }

  @Test
  void snapshotsAreEqualExactlyWhenTheirFlowsAreAndPrintNoSecret() {
    FlowSnapshot snapshot = freshSnapshot("browser-1");
    equalExactlyByValue(snapshot, freshSnapshot("browser-1"), freshSnapshot("browser-2"));
    spreadOverHashCodes(List.of(snapshot, freshSnapshot("b"), freshSnapshot("c")));
    assertThat(snapshot.version()).isEqualTo(1);
    assertThat(snapshot.deviceId()).isEqualTo(DeviceId.of("browser-1"));
    assertThat(snapshot).hasToString("FlowSnapshot[v1, browser-1, IDENTIFYING]");
  }

  @Test
  void requestContextsAreEqualExactlyWhenEveryPartIs() {
    RequestContext ctx = RequestContext.builder().clientIp("203.0.113.7").userAgent("ua").build();
    equalExactlyByValue(
        ctx,
        RequestContext.builder().clientIp("203.0.113.7").userAgent("ua").build(),
        RequestContext.builder().clientIp("203.0.113.8").userAgent("ua").build());
    spreadOverHashCodes(
        List.of(
            ctx,
            RequestContext.builder().clientIp("203.0.113.8").build(),
            RequestContext.builder().languageTag("fr-CA").build()));
  }

  @Test
  void aResendPolicyPrintsItsCooldownAndLimit() {
    assertThat(ResendPolicy.defaults())
        .hasToString("ResendPolicy[cooldown=PT30S, maxSendsPerSignIn=5]");
  }
}
