package dev.signinflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.signinflow.emulator.ControlPlane.BadControlRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The control plane's bodies bound with Jackson: strict, and told in the input's terms. */
class ControlJsonTest {
  private static BadControlRequest refusal(String json, Class<?> type) {
    return catchThrowableOfType(BadControlRequest.class, () -> ControlJson.read(json, type));
  }

  @Test
  void bindsSnakeCaseFieldsToTheRecord() throws BadControlRequest {
    ControlBodies.NewUser u =
        ControlJson.read(
            "{\"email\":\"a@example.com\",\"email_verified\":false,\"password\":\"p\","
                + "\"backup_codes\":[\"abc123\"]}",
            ControlBodies.NewUser.class);
    assertThat(u.email()).isEqualTo("a@example.com");
    assertThat(u.emailVerified()).isFalse();
    assertThat(u.backupCodes()).containsExactly("abc123");
    assertThat(u.phone()).isNull();
  }

  @Test
  void anEmptyBodyIsAnEmptyObject() throws BadControlRequest {
    assertThat(ControlJson.read("", ControlBodies.ClockMove.class))
        .isEqualTo(new ControlBodies.ClockMove(null, null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"email_verified\":\"true\"}|email_verified must be true or false",
        "{\"email_verified\":1}|email_verified must be true or false",
        "{\"email\":42}|email must be a string",
        "{\"email\":true}|email must be a string",
        "{\"backup_codes\":\"abc\"}|backup_codes must be an array of strings",
        "{\"backup_codes\":[1]}|backup_codes must be an array of strings",
        "{\"backup_codes\":{}}|backup_codes must be an array of strings",
        "{\"email\":{\"a\":1}}|email must be a string"
      })
  void aValueOfTheWrongTypeNamesTheFieldAndTheType(String json, String message) {
    BadControlRequest e = refusal(json, ControlBodies.NewUser.class);
    assertThat(e.code).isEqualTo("form_param_format_invalid");
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"advance_seconds\":1.5}|advance_seconds must be a whole number",
        "{\"advance_seconds\":\"60\"}|advance_seconds must be a whole number",
        "{\"now_ms\":true}|now_ms must be a whole number"
      })
  void noCoercionToWholeNumbers(String json, String message) {
    BadControlRequest e = refusal(json, ControlBodies.ClockMove.class);
    assertThat(e.code).isEqualTo("form_param_format_invalid");
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @Test
  void anUnknownFieldIsNamedWithTheKnownOnes() {
    BadControlRequest e = refusal("{\"advance_secs\":1}", ControlBodies.ClockMove.class);
    assertThat(e.code).isEqualTo("form_param_unknown");
    assertThat(e.getMessage())
        .isEqualTo("unknown field 'advance_secs'; known: [advance_seconds, now_ms]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"now_ms\":1} {}|there is more text after the object",
        "{\"now_ms\":1} x|unexpected 'x'",
        "{\"now_ms\":1,\"now_ms\":2}|the field 'now_ms' is given twice",
        "{\"now_ms\":1|the text ends before the object does",
        "{\"now_ms\":123456789012345678901234567890}|a number is longer than 20 digits",
        "[1]|The body must be a JSON object",
        "null|The body must be a JSON object"
      })
  void aBodyThatIsNotOneObjectIsMalformed(String json, String message) {
    BadControlRequest e = refusal(json, ControlBodies.ClockMove.class);
    assertThat(e.code).isEqualTo("malformed_request");
    assertThat(e.getMessage()).contains(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"email_verified\":\"yes\"}",
        "{\"backup_codes\":[true]}",
        "{\"x\":1}",
        "{\"email\":1,}",
        "{'email':1}",
        "{\"email\":\"a\" \"b\"}",
        "{\"email\":NaN}",
        "{\"now_ms\":1e400}"
      })
  void noMessageSpeaksJacksonsLanguage(String json) {
    String message = refusal(json, ControlBodies.NewUser.class).getMessage();
    assertThat(message)
        .doesNotContainIgnoringCase("jackson")
        .doesNotContain("com.fasterxml")
        .doesNotContain("java.lang")
        .doesNotContain("Feature")
        .doesNotContain("ControlBodies")
        .doesNotContain("`");
  }
}
