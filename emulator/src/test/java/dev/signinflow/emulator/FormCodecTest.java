package dev.signinflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.emulator.FormCodec.MalformedFormException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Forms read strictly: plain fields as they are, escapes and UTF-8 decoded, bad input refused. */
class FormCodecTest {
  @Test
  void readsEachNameWithItsValuesInOrder() throws MalformedFormException {
    Map<String, List<String>> form = FormCodec.parse("b=2&a=1&b=3&flag&&c=");

    assertThat(form)
        .containsExactly(
            Map.entry("b", List.of("2", "3")),
            Map.entry("a", List.of("1")),
            Map.entry("flag", List.of("")),
            Map.entry("c", List.of("")));
  }

  @Test
  void nothingIsAnEmptyForm() throws MalformedFormException {
    assertThat(FormCodec.parse("")).isEmpty();
    assertThat(FormCodec.parse(null)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ada@example.com|ada@example.com",
        "ada%40example.com|ada@example.com",
        "correct+horse+battery+staple|correct horse battery staple",
        "a%2Bb|a+b",
        "100%25|100%",
        "caf%C3%A9|caf\u00e9",
        "caf\u00e9|caf\u00e9",
        "%E2%82%AC+5|\u20ac 5",
        "%F0%9F%94%91|\uD83D\uDD11",
        "\uD83D\uDD11key|\uD83D\uDD11key",
        "%c3%a9|\u00e9"
      })
  void decodesPlusPercentEscapesAndUtf8(String raw, String decoded) throws MalformedFormException {
    assertThat(FormCodec.parse("v=" + raw).get("v")).containsExactly(decoded);
    assertThat(FormCodec.parse(raw + "=x")).containsOnlyKeys(decoded);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"v=%", "v=%4", "v=ab%"})
  void aTruncatedEscapeIsRefused(String text) {
    assertThatThrownBy(() -> FormCodec.parse(text))
        .isInstanceOf(MalformedFormException.class)
        .hasMessage("truncated percent escape in field 1");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a=1&v=%zz", "a=1&v=%4g", "a=1&%-1=x"})
  void aBadEscapeIsRefusedNamingTheField(String text) {
    assertThatThrownBy(() -> FormCodec.parse(text))
        .isInstanceOf(MalformedFormException.class)
        .hasMessage("bad percent escape in field 2");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"v=%C3%28", "v=%FF", "v=%C3", "v=%ED%A0%80", "%80=x"})
  void bytesThatAreNotUtf8AreRefused(String text) {
    assertThatThrownBy(() -> FormCodec.parse(text))
        .isInstanceOf(MalformedFormException.class)
        .hasMessage("field 1 is not UTF-8 after decoding");
  }

  @Test
  void emptyFieldsAreSkippedButCounted() throws MalformedFormException {
    assertThat(FormCodec.parse("&a=1&")).containsExactly(Map.entry("a", List.of("1")));
    assertThat(FormCodec.parse("&&&")).isEmpty();
    assertThatThrownBy(() -> FormCodec.parse("&a=1&&v=%zz"))
        .hasMessage("bad percent escape in field 4");
  }

  @Test
  void onlyTheFirstEqualsSignSplitsAField() throws MalformedFormException {
    assertThat(FormCodec.parse("a==b=&c"))
        .containsExactly(Map.entry("a", List.of("=b=")), Map.entry("c", List.of("")));
  }

  @Test
  void theMessageNeverQuotesTheValue() {
    assertThatThrownBy(() -> FormCodec.parse("password=s3cret%zz"))
        .hasMessageNotContaining("s3cret");
  }
}
