package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Json}'s limits and messages, exact to the character. */
class JsonEdgesTest {

  @Test
  void aNumberOf32CharactersIsReadAndOneOf33IsRefusedWithItsLength() {
    assertThat(Json.read("[" + "9".repeat(32) + "]"))
        .isEqualTo(List.of(new BigDecimal("9".repeat(32))));
    assertThatThrownBy(() -> Json.read("[" + "9".repeat(33) + "]"))
        .isInstanceOf(JsonException.class)
        .hasMessage("number longer than 32 characters (33) at offset 1");
  }

  @Test
  void aUnicodeEscapeTakesHexDigitsFromAToFInEitherCase() {
    assertThat(Json.read("\"\\u00af\\u00fa\"")).isEqualTo("\u00af\u00fa");
    assertThat(Json.read("\"\\u00AF\\u00FA\"")).isEqualTo("\u00af\u00fa");
  }

  @Test
  void anOffendingCharacterIsQuotedWhenVisibleAsciiAndGivenAsACodePointOtherwise() {
    assertThatThrownBy(() -> Json.read("[- 1]"))
        .hasMessage("expected a digit, found U+0020 at offset 2");
    assertThatThrownBy(() -> Json.read("[1,!]"))
        .hasMessage("expected a value, found '!' at offset 3");
    assertThatThrownBy(() -> Json.read("[1,~]"))
        .hasMessage("expected a value, found '~' at offset 3");
    assertThatThrownBy(() -> Json.read("[1,\u007f]"))
        .hasMessage("expected a value, found U+007F at offset 3");
  }

  @Test
  void aDuplicatedKeyIsQuotedUpTo24CharactersVisibleAsciiAsItIs() {
    String k24 = "k".repeat(24);
    assertThatThrownBy(() -> Json.read("{\"" + k24 + "\":1,\"" + k24 + "\":2}"))
        .hasMessageStartingWith("duplicate key \"" + k24 + "\" at offset");
    String k25 = "k".repeat(25);
    assertThatThrownBy(() -> Json.read("{\"" + k25 + "\":1,\"" + k25 + "\":2}"))
        .hasMessageStartingWith("duplicate key \"" + k24 + "...\" at offset");
    String odd = " ~\\u007f";
    assertThatThrownBy(() -> Json.read("{\"" + odd + "\":1,\"" + odd + "\":2}"))
        .hasMessageStartingWith("duplicate key \" ~U+007F\" at offset");
  }

  @Test
  void writingKeepsSpacesAsTheyAre() {
    assertThat(Json.write(" a b ")).isEqualTo("\" a b \"");
    assertThat(Json.write("\u001f")).isEqualTo("\"\\u001f\"");
  }
}
