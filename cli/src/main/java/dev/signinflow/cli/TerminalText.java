package dev.signinflow.cli;

/**
 * Makes text that came from a server or a file safe to print on a terminal: every character a
 * terminal might act on instead of showing is replaced by a visible escape such as <code>&#92;u001b
 * </code>.
 *
 * <p>A hostile server's error message could otherwise retitle the window (ESC ] 0; … BEL), move the
 * cursor and draw a fake {@code Password:} prompt (ESC [, CR), or reorder what is shown (bidi
 * overrides). Escaped are the C0 controls (line feeds too: one server string stays on one line),
 * DEL, the C1 controls U+0080–U+009F (an 8-bit CSI among them), the bidi marks, embeddings,
 * overrides and isolates, and the Unicode line and paragraph separators. Everything else, accented
 * and non-Latin letters included, is printed as it is. Stateless and thread-safe.
 */
final class TerminalText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TerminalText() {}

  /** The text with every control character replaced by <code>&#92;uXXXX</code>. */
  static String safe(String text) {
    int i = 0;
    while (i < text.length() && !isControl(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c)) {
        sb.append("\\u")
            .append(HEX[(c >> 12) & 0xf])
            .append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf])
            .append(HEX[c & 0xf]);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * True for a character a terminal may act on: C0, DEL, C1, bidi controls, line and paragraph
   * separators.
   */
  static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u061c' // Arabic letter mark
        || c == '\u200e' // left-to-right mark
        || c == '\u200f' // right-to-left mark
        || (c >= '\u2028' && c <= '\u202e') // line, paragraph separators; embeddings, overrides
        || (c >= '\u2066' && c <= '\u2069'); // isolates
  }
}
