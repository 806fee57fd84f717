package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@link JwtClaims}' limits, exact: the token's length and the range of its expiry. */
class JwtClaimsTest {
  private static String jwt(String exp, String signature) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(("{\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8))
        + "."
        + signature;
  }

  @Test
  void aTokenOfUpTo16KiBIsReadAndALongerOneRefused() {
    String head = jwt("1767225660", "");
    String at16KiB = head + "s".repeat(JwtClaims.MAX_LENGTH - head.length());
    assertThat(JwtClaims.read(at16KiB).expiresAt()).isEqualTo(Instant.ofEpochSecond(1767225660));
    assertThatThrownBy(() -> JwtClaims.read(at16KiB + "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 16384 characters");
  }

  @Test
  void anExpiryFromTheEpochToTheLastInstantIsReadAndOneBeyondRefused() {
    assertThat(JwtClaims.read(jwt("0", "sig")).expiresAt()).isEqualTo(Instant.EPOCH);
    long last = Instant.MAX.getEpochSecond();
    assertThat(JwtClaims.read(jwt(Long.toString(last), "sig")).expiresAt())
        .isEqualTo(Instant.ofEpochSecond(last));
    assertThatThrownBy(() -> JwtClaims.read(jwt("-1", "sig"))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> JwtClaims.read(jwt(Long.toString(last + 1), "sig")))
        .hasMessageContaining("out of range");
  }
}
