package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259), just enough for snapshots, so the engine needs
 * no JSON library.
 *
 * <p>The reader maps objects to {@link Map} (keys in the text's order), arrays to {@link List},
 * strings to {@link String}, numbers to {@link Long} when they are integers that fit, else to
 * {@link BigDecimal}, {@code true}/{@code false} to {@link Boolean} and {@code null} to {@code
 * null}. It rejects anything RFC 8259 does not allow (trailing text, leading zeros, unescaped
 * control characters, single quotes, comments, a byte order mark), duplicate keys (whose meaning
 * RFC 8259 leaves open) and, to bound its work, texts longer than {@link #MAX_LENGTH} characters
 * and nesting deeper than {@link #MAX_DEPTH}. Escaped lone surrogates are read as they are. Every
 * rejection is a {@link JsonException} with the offset of the problem.
 *
 * <p>The writer writes compact JSON from the same types (and {@link Integer}): it escapes quotes,
 * backslashes, control characters and lone surrogates, and passes every other character through.
 *
 * <p>Stateless and thread-safe.
 */
final class Json {
  /** The longest text read, in characters. */
  static final int MAX_LENGTH = 64 * 1024;

  /** The deepest nesting of objects and arrays read; the outermost one counts as 1. */
  static final int MAX_DEPTH = 32;

  /**
   * The longest number read, sign, fraction and exponent included: longer ones are refused before
   * they are converted, which takes time that grows faster than their length.
   */
  static final int MAX_NUMBER_LENGTH = 32;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String text;
  private int pos;
  private int depth;

  private Json(String text) {
    this.text = text;
  }

  /**
   * The value the text holds.
   *
   * @throws JsonException when the text is not one JSON value, or is beyond the limits
   */
  static Object read(String text) {
    requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new JsonException(
          "text longer than " + MAX_LENGTH + " characters (" + text.length() + ")", MAX_LENGTH);
    }
    Json reader = new Json(text);
    reader.skipWhitespace();
    Object value = reader.value();
    reader.skipWhitespace();
    if (reader.pos < text.length()) {
      throw reader.error("unexpected " + reader.found() + " after the value");
    }
    return value;
  }

  /**
   * The value as compact JSON.
   *
   * @throws IllegalArgumentException when the value holds a type this writer does not know, or a
   *     map key that is not a string
   */
  static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  // ---- reading --------------------------------------------------------------------------------

  private Object value() {
    if (pos >= text.length()) {
      throw error("expected a value, found end of input");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || isDigit(c)) {
          return number();
        }
        throw error("expected a value, found " + found());
    }
  }

  private Map<String, Object> object() {
    enter();
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (at('}')) {
      return leave(map);
    }
    while (true) {
      if (pos >= text.length() || text.charAt(pos) != '"') {
        throw error("expected a string key, found " + found());
      }
      int keyAt = pos;
      String key = string();
      if (map.containsKey(key)) {
        throw new JsonException("duplicate key " + clip(key), keyAt);
      }
      skipWhitespace();
      if (!at(':')) {
        throw error("expected ':' after a key, found " + found());
      }
      skipWhitespace();
      map.put(key, value());
      skipWhitespace();
      if (at('}')) {
        return leave(map);
      }
      if (!at(',')) {
        throw error("expected ',' or '}', found " + found());
      }
      skipWhitespace();
    }
  }

  private List<Object> array() {
    enter();
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (at(']')) {
      return leave(list);
    }
    while (true) {
      list.add(value());
      skipWhitespace();
      if (at(']')) {
        return leave(list);
      }
      if (!at(',')) {
        throw error("expected ',' or ']', found " + found());
      }
      skipWhitespace();
    }
  }

  /** Steps over the opening bracket, one level deeper. */
  private void enter() {
    if (depth == MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
    depth++;
    pos++;
  }

  private <T> T leave(T container) {
    depth--;
    return container;
  }

  private String string() {
    int start = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new JsonException("string starting at offset " + start + " is not closed", pos);
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character " + describe(c) + " must be escaped in a string");
      }
      if (c != '\\') {
        out.append(c);
        pos++;
        continue;
      }
      if (pos + 1 >= text.length()) {
        throw new JsonException("string starting at offset " + start + " is not closed", pos + 1);
      }
      char e = text.charAt(pos + 1);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.append(e);
          break;
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          out.append(unicodeEscape());
          pos += 4;
          break;
        default:
          throw error("invalid escape: backslash before " + describe(e));
      }
      pos += 2;
    }
  }

  /** The character of the {@code \}{@code uXXXX} escape at {@link #pos}. */
  private char unicodeEscape() {
    int value = 0;
    for (int i = pos + 2; i < pos + 6; i++) {
      int digit = i < text.length() ? hexDigit(text.charAt(i)) : -1;
      if (digit < 0) {
        throw error("\\u must be followed by four hex digits");
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private Object number() {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '0') {
      pos++;
      if (pos < text.length() && isDigit(text.charAt(pos))) {
        throw new JsonException("number with a leading zero", start);
      }
    } else {
      digits("a digit");
    }
    boolean integer = true;
    if (pos < text.length() && text.charAt(pos) == '.') {
      integer = false;
      pos++;
      digits("a digit after '.'");
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      integer = false;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      digits("a digit in the exponent");
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      throw new JsonException(
          "number longer than " + MAX_NUMBER_LENGTH + " characters (" + (pos - start) + ")", start);
    }
    String literal = text.substring(start, pos);
    if (integer) {
      BigInteger n = new BigInteger(literal);
      return n.bitLength() < Long.SIZE ? (Object) n.longValue() : new BigDecimal(n);
    }
    try {
      return new BigDecimal(literal);
    } catch (NumberFormatException | ArithmeticException e) {
      // Only an exponent beyond the range of an int gets here.
      throw new JsonException("number out of range", start);
    }
  }

  private void digits(String expected) {
    if (pos >= text.length() || !isDigit(text.charAt(pos))) {
      throw error("expected " + expected + ", found " + found());
    }
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word + ", found " + found());
    }
    pos += word.length();
    return value;
  }

  /** Steps over the character at {@link #pos} if it is this one. */
  private boolean at(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private String found() {
    return pos < text.length() ? describe(text.charAt(pos)) : "end of input";
  }

  private JsonException error(String problem) {
    return new JsonException(problem, pos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** One character for a message: itself in quotes if visible ASCII, else its code point. */
  private static String describe(char c) {
    if (c > 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }

  private static String clip(String key) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < key.length() && i < 24; i++) {
      char c = key.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : describe(c));
    }
    return out.append(key.length() > 24 ? "...\"" : "\"").toString();
  }

  // ---- writing --------------------------------------------------------------------------------

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      writeString(s, out);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Boolean
        || value instanceof BigDecimal) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("a JSON object key must be a string: " + e.getKey());
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(key, out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName());
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20) {
            unicodeEscape(c, out);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            // A lone surrogate cannot be encoded in UTF-8; escaped, it survives any encoding.
            unicodeEscape(c, out);
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(char c, StringBuilder out) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
