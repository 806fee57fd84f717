package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
  private static final byte[] RFC_SECRET =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 Appendix B, SHA-1 column (8 digits). */
  @ParameterizedTest
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void matchesTheRfc6238TestVectors(long epochSecond, String expected) {
    assertThat(Totp.forStep(RFC_SECRET, epochSecond / Totp.STEP_SECONDS, 8)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"59, 287082", "1111111109, 081804", "2000000000, 279037"})
  void sixDigitCodesAreTheLastSixDigits(long epochSecond, String expected) {
    assertThat(Totp.at(RFC_SECRET, Instant.ofEpochSecond(epochSecond))).isEqualTo(expected);
  }
}
