package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.SessionToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SessionToken}: claims read with the engine's own JSON, the token never printed. */
class SessionTokenTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static String jwt(String claims) {
    return B64.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".U0VDUkVUc2lnbmF0dXJl";
  }

  @Test
  void readsExpiryAndSessionFromTheClaims() {
    SessionToken t =
        SessionToken.of(jwt("{\"sid\":\"sess_1\",\"sub\":\"user_1\",\"exp\":1767225660,\"v\":2}"));

    assertThat(t.expiresAt()).isEqualTo(Instant.ofEpochSecond(1767225660));
    assertThat(t.sessionId()).contains("sess_1");
  }

  @Test
  void aTokenWithoutSidHasNoSession() {
    assertThat(SessionToken.of(jwt("{\"exp\":1}")).sessionId()).isEmpty();
  }

  @Test
  void toStringIsRedacted() {
    String text = jwt("{\"sid\":\"sess_1\",\"exp\":1767225660}");

    assertThat(SessionToken.of(text).toString()).isEqualTo("SessionToken[redacted]");
  }

  @Test
  void equalWhenTheTextIsEqual() {
    String text = jwt("{\"exp\":1767225660}");

    assertThat(SessionToken.of(text)).isEqualTo(SessionToken.of(text));
    assertThat(SessionToken.of(text)).isNotEqualTo(SessionToken.of(jwt("{\"exp\":1767225661}")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "SECRETnotajwt",
        "SECRET.two",
        "SECRET..sig",
        "SECRET.!!!.sig",
        "a.e30.sig", // {}: no exp
        "a.eyJleHAiOiIxIn0.sig", // {"exp":"1"}
        "a.eyJleHAiOjEuNX0.sig", // {"exp":1.5}
        "a.eyJleHAiOi0xfQ.sig", // {"exp":-1}
        "a.WzFd.sig", // [1]
        "a.e30.sig.extra"
      })
  void refusesWhatIsNoSessionJwtWithoutQuotingIt(String text) {
    assertThatThrownBy(() -> SessionToken.of(text))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET").doesNotContain("e30"));
  }

  @Test
  void refusesAnOverlongTokenUnread() {
    assertThatThrownBy(() -> SessionToken.of("a." + "A".repeat(20_000) + ".s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16384");
  }

  @Test
  void aClientSessionBelongsToItsUsersIdentifiersOnly() {
    ClientSession s =
        new ClientSession(
            Session.of("sess_1", "user_1", SessionStatus.ACTIVE, List.of()),
            List.of("Ada@Example.com", "+15550100123", "ada_l"));

    assertThat(s.belongsTo(Identifier.parse("Ada@example.com"))).isTrue();
    assertThat(s.belongsTo(Identifier.parse("ADA@EXAMPLE.COM"))).as("case").isTrue();
    assertThat(s.belongsTo(Identifier.parse("+1 (555) 010-0123"))).isTrue();
    assertThat(s.belongsTo(Identifier.parse("ADA_L"))).as("username case").isTrue();
    assertThat(s.belongsTo(Identifier.parse("grace@example.com"))).isFalse();
    assertThat(s.belongsTo(Identifier.parse("+15550100124"))).isFalse();
  }
}
