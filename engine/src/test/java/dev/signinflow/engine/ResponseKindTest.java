package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.spi.ResponseKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one status-to-result rule both adapters use. */
class ResponseKindTest {
  @ParameterizedTest(name = "{0} with errors={1} -> {2}")
  @CsvSource({
    "200, false, SUCCESS",
    "204, false, SUCCESS",
    "299, true, SUCCESS",
    "429, false, RATE_LIMITED",
    "429, true, RATE_LIMITED",
    "400, true, REJECTED",
    "401, true, REJECTED",
    "403, true, REJECTED",
    "404, true, REJECTED",
    "422, true, REJECTED",
    "499, true, REJECTED",
    "400, false, UNAVAILABLE",
    "404, false, UNAVAILABLE",
    "500, true, UNAVAILABLE",
    "503, false, UNAVAILABLE",
    "100, true, UNAVAILABLE",
    "199, false, UNAVAILABLE",
    "300, true, UNAVAILABLE",
    "302, false, UNAVAILABLE",
    "399, true, UNAVAILABLE",
    "600, true, UNAVAILABLE",
    "0, false, UNAVAILABLE",
    "-1, true, UNAVAILABLE"
  })
  void mapsTheStatus(int status, boolean errors, ResponseKind kind) {
    assertThat(ResponseKind.of(status, errors)).isEqualTo(kind);
  }
}
