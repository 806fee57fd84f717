package dev.signinflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one function that makes a server's or a file's text safe for a terminal. */
class TerminalTextTest {
  @Test
  void leavesOrdinaryTextAsItIs() {
    String text = "Zoë's code was sent to +1 ***-***-0199 — 日本語 ✓ \\u001b";

    assertThat(TerminalText.safe(text)).isSameAs(text);
  }

  @Test
  void escapesTheProbesWindowTitleAndFakePrompt() {
    assertThat(TerminalText.safe("x\u001b]0;owned\u0007\u001b[2K\rPassword: "))
        .isEqualTo("x\\u001b]0;owned\\u0007\\u001b[2K\\u000dPassword: ");
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {
        "0000", "0007", "0009", "000a", "000d", "001b", "007f", "0080", "009b", "009f", "061c",
        "200e", "200f", "2028", "2029", "202a", "202e", "2066", "2069"
      })
  void escapesEveryCharacterATerminalMayActOn(String hex) {
    String c = String.valueOf((char) Integer.parseInt(hex, 16));

    assertThat(TerminalText.safe("a" + c + "b")).isEqualTo("a\\u" + hex + "b");
  }
}
