package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  // ---- reading --------------------------------------------------------------------------------

  @Test
  void readsEveryKindOfValue() {
    Object value = Json.read("{\"a\":[1,-2,\"s\",true,false,null,{}],\"b\":1.5e2}");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1L, -2L, "s", true, false, null, Map.of()));
    expected.put("b", new BigDecimal("1.5e2"));
    assertThat(value).isEqualTo(expected);
  }

  @Test
  void keepsKeysInTheTextsOrder() {
    Map<?, ?> value = (Map<?, ?>) Json.read("{\"z\":1,\"a\":2,\"m\":3}");

    assertThat(new ArrayList<Object>(value.keySet())).containsExactly("z", "a", "m");
  }

  @Test
  void acceptsTheFourWhitespaceCharactersAroundTokens() {
    assertThat(Json.read(" \t\n\r{ \"a\" :\t[ 1 , 2 ] }\r\n "))
        .isEqualTo(Map.of("a", List.of(1L, 2L)));
  }

  @Test
  void readsEveryEscape() {
    assertThat(Json.read("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00C9\\ud83d\\ude00\""))
        .isEqualTo("\"\\/\b\f\n\r\té\u00c9\ud83d\ude00");
  }

  @Test
  void passesNonAsciiCharactersThrough() {
    assertThat(Json.read("\"é€😀\u007f\"")).isEqualTo("é€😀\u007f");
  }

  @Test
  void readsAnEscapedLoneSurrogateAsItIs() {
    assertThat(Json.read("\"a\\ud800b\"")).isEqualTo("a\ud800b");
  }

  @Test
  void readsIntegersThatFitAsLongs() {
    assertThat(Json.read("[0,-0,9223372036854775807,-9223372036854775808]"))
        .isEqualTo(List.of(0L, 0L, Long.MAX_VALUE, Long.MIN_VALUE));
  }

  @Test
  void readsIntegersBeyondLongAsBigDecimals() {
    assertThat(Json.read("9223372036854775808")).isEqualTo(new BigDecimal("9223372036854775808"));
  }

  @Test
  void readsFractionsAndExponentsAsBigDecimals() {
    assertThat(Json.read("[-0.5,1E3,2e-2,3E+1]"))
        .isEqualTo(
            List.of(
                new BigDecimal("-0.5"),
                new BigDecimal("1E3"),
                new BigDecimal("2e-2"),
                new BigDecimal("3E+1")));
  }

  @Test
  void readsNestingUpToTheLimit() {
    String text = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);

    assertThat(Json.read(text)).isInstanceOf(List.class);
  }

  @Test
  void readsTextsUpToTheLengthLimit() {
    String text = "\"" + "a".repeat(Json.MAX_LENGTH - 2) + "\"";

    assertThat(Json.read(text)).isEqualTo("a".repeat(Json.MAX_LENGTH - 2));
  }

  /** Each malformed text, the message it gets (the offset is part of it). */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                       | expected a value, found end of input at offset 0",
        "`   `                    | expected a value, found end of input at offset 3",
        "{                        | expected a string key, found end of input at offset 1",
        "{\"a\":1                 | expected ',' or '}', found end of input at offset 6",
        "{\"a\":1,}               | expected a string key, found '}' at offset 7",
        "{\"a\" 1}                | expected ':' after a key, found '1' at offset 5",
        "{\"a\":}                 | expected a value, found '}' at offset 5",
        "{a:1}                    | expected a string key, found 'a' at offset 1",
        "{'a':1}                  | expected a string key, found ''' at offset 1",
        "[1,]                     | expected a value, found ']' at offset 3",
        "[1 2]                    | expected ',' or ']', found '2' at offset 3",
        "[                        | expected a value, found end of input at offset 1",
        "01                       | number with a leading zero at offset 0",
        "-01                      | number with a leading zero at offset 0",
        "[1,007]                  | number with a leading zero at offset 3",
        "1.                       | expected a digit after '.', found end of input at offset 2",
        "1.e5                     | expected a digit after '.', found 'e' at offset 2",
        ".5                       | expected a value, found '.' at offset 0",
        "1e                       | expected a digit in the exponent, found end of input at offset 2",
        "1e+                      | expected a digit in the exponent, found end of input at offset 3",
        "-                        | expected a digit, found end of input at offset 1",
        "-a                       | expected a digit, found 'a' at offset 1",
        "+1                       | expected a value, found '+' at offset 0",
        "1e99999999999            | number out of range at offset 0",
        "NaN                      | expected a value, found 'N' at offset 0",
        "Infinity                 | expected a value, found 'I' at offset 0",
        "tru                      | expected true, found 't' at offset 0",
        "True                     | expected a value, found 'T' at offset 0",
        "nul                      | expected null, found 'n' at offset 0",
        "{} x                     | unexpected 'x' after the value at offset 3",
        "1 2                      | unexpected '2' after the value at offset 2",
        "{}}                      | unexpected '}' after the value at offset 2",
        "\"abc                    | string starting at offset 0 is not closed at offset 4",
        "\"abc\\                  | string starting at offset 0 is not closed at offset 5",
        "\"\\x\"                  | invalid escape: backslash before 'x' at offset 1",
        "\"\\u12\"                | \\u must be followed by four hex digits at offset 1",
        "\"\\u12G4\"              | \\u must be followed by four hex digits at offset 1",
        "\"\\u12                  | \\u must be followed by four hex digits at offset 1",
        "/* c */ {}               | expected a value, found '/' at offset 0",
        "{\"a\":1,\"a\":2}        | duplicate key \"a\" at offset 7",
      })
  void rejectsMalformedText(String text, String message) {
    assertThatThrownBy(() -> Json.read(text)).isInstanceOf(JsonException.class).hasMessage(message);
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(ints = {0x00, 0x0a, 0x1f})
  void rejectsAnUnescapedControlCharacterInAString(int c) {
    String text = "\"a" + (char) c + "b\"";

    assertThatThrownBy(() -> Json.read(text))
        .isInstanceOf(JsonException.class)
        .hasMessage(
            "control character "
                + String.format("U+%04X", c)
                + " must be escaped in a string"
                + " at offset 2");
  }

  @Test
  void rejectsAByteOrderMark() {
    assertThatThrownBy(() -> Json.read("\uFEFF{}"))
        .isInstanceOf(JsonException.class)
        .hasMessage("expected a value, found U+FEFF at offset 0");
  }

  @Test
  void rejectsNonAsciiDigitsInAUnicodeEscape() {
    // Character.digit would take these Arabic-Indic digits for 1234.
    assertThatThrownBy(() -> Json.read("\"\\u\u0661\u0662\u0663\u0664\""))
        .isInstanceOf(JsonException.class)
        .hasMessageStartingWith("\\u must be followed by four hex digits");
  }

  @Test
  void rejectsNestingBeyondTheLimit() {
    String text = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);

    assertThatThrownBy(() -> Json.read(text))
        .isInstanceOf(JsonException.class)
        .hasMessage("nesting deeper than 32 levels at offset 32");
  }

  @Test
  void rejectsDeepNestingWithoutOverflowingTheStack() {
    String text = "{\"a\":".repeat(10_000) + "1";

    assertThatThrownBy(() -> Json.read(text))
        .isInstanceOf(JsonException.class)
        .hasMessageStartingWith("nesting deeper than 32 levels");
  }

  @Test
  void rejectsTextsBeyondTheLengthLimitBeforeReadingThem() {
    String text = "\"" + "a".repeat(Json.MAX_LENGTH - 1) + "\"";

    assertThatThrownBy(() -> Json.read(text))
        .isInstanceOf(JsonException.class)
        .hasMessage("text longer than 65536 characters (65537) at offset 65536");
  }

  @Test
  void reportsTheOffsetOfTheProblem() {
    JsonException e =
        catchThrowableOfType(JsonException.class, () -> Json.read("{\"ok\":[1,2,x]}"));

    assertThat(e.offset()).isEqualTo(11);
  }

  @Test
  void quotesOnlyTheOffendingCharacterOfAString() {
    String secretish = "sk_live_" + "q".repeat(200);

    assertThatThrownBy(() -> Json.read("\"" + secretish))
        .isInstanceOf(JsonException.class)
        .message()
        .doesNotContain("sk_live_")
        .doesNotContain("qq");
  }

  @Test
  void cutsALongDuplicateKeyShortInTheMessage() {
    String key = "k".repeat(500);

    assertThatThrownBy(() -> Json.read("{\"" + key + "\":1,\"" + key + "\":2}"))
        .isInstanceOf(JsonException.class)
        .message()
        .hasSizeLessThan(80)
        .startsWith("duplicate key \"kkkk");
  }

  // ---- writing --------------------------------------------------------------------------------

  @Test
  void writesCompactlyInTheMapsOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1L);
    m.put("a", List.of(true, false, 2, "x"));
    m.put("n", null);
    m.put("o", Map.of());
    m.put("d", new BigDecimal("1.50"));

    assertThat(Json.write(m))
        .isEqualTo("{\"z\":1,\"a\":[true,false,2,\"x\"],\"n\":null,\"o\":{},\"d\":1.50}");
  }

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    assertThat(Json.write("\"\\\n\r\t\b\f\u0000\u001f/"))
        .isEqualTo("\"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001f/\"");
  }

  @Test
  void passesNonAsciiCharactersAndSurrogatePairsThrough() {
    assertThat(Json.write("é€😀\u007f\u2028")).isEqualTo("\"é€😀\u007f\u2028\"");
  }

  @Test
  void escapesLoneSurrogates() {
    assertThat(Json.write("a\ud800b\udc00\ud83d")).isEqualTo("\"a\\ud800b\\udc00\\ud83d\"");
  }

  @Test
  void refusesTypesItDoesNotKnow() {
    assertThatThrownBy(() -> Json.write(List.of(1.5d)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Double");
  }

  @Test
  void refusesKeysThatAreNotStrings() {
    assertThatThrownBy(() -> Json.write(Map.of(1, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a string");
  }

  @Test
  void readsBackEveryUtf16CodeUnitItWrites() {
    List<String> chunks = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (int c = 0; c <= 0xffff; c++) {
      all.append((char) c);
      if (all.length() == 4096) {
        chunks.add(all.toString());
        all.setLength(0);
      }
    }

    for (String chunk : chunks) {
      assertThat(Json.read(Json.write(chunk))).isEqualTo(chunk);
    }
  }

  @Test
  void readsBackNestedValuesItWrites() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("list", Arrays.asList(Long.MIN_VALUE, null, "ü\"", Map.of("k", List.of())));
    m.put("flag", false);

    assertThat(Json.read(Json.write(m))).isEqualTo(m);
  }
}
