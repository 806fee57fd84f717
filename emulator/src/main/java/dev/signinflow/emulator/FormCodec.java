package dev.signinflow.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code application/x-www-form-urlencoded} text (request bodies and query strings) strictly:
 * a bad percent escape or bytes that are not UTF-8 are an error, not a silent guess.
 */
final class FormCodec {
  private FormCodec() {}

  /** A form that could not be read; the message says where, without quoting values. */
  static final class MalformedFormException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedFormException(String message) {
      super(message);
    }
  }

  /** Each name with its values, in order; a name without {@code =} has the value "". */
  static Map<String, List<String>> parse(String text) throws MalformedFormException {
    Map<String, List<String>> fields = new LinkedHashMap<>(8);
    if (text == null || text.isEmpty()) {
      return fields;
    }
    // Field by field without splitting the text first; a field starts after each '&' (at most
    // one more field than there are characters, so the loop is bounded by the text).
    int index = 0;
    for (int start = 0; start <= text.length(); index++) {
      int end = text.indexOf('&', start);
      if (end < 0) {
        end = text.length();
      }
      if (end > start) {
        int eq = text.indexOf('=', start);
        boolean hasValue = eq >= 0 && eq < end;
        String name = decode(text.substring(start, hasValue ? eq : end), index + 1);
        String value = hasValue ? decode(text.substring(eq + 1, end), index + 1) : "";
        fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    return fields;
  }

  /**
   * One name or value. Most are plain ASCII with nothing to decode: those are returned as they are,
   * and the rest decoded through one byte array, without a charset decoder unless a byte is
   * non-ASCII (this runs for every query and form field of every request; docs/performance.md §4b).
   */
  private static String decode(String s, int index) throws MalformedFormException {
    if (plain(s)) {
      return s;
    }
    byte[] bytes = new byte[s.length() * 3]; // a char is at most 3 bytes of UTF-8; a pair is 4
    int n = 0;
    boolean ascii = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes[n++] = ' ';
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new MalformedFormException("truncated percent escape in field " + index);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedFormException("bad percent escape in field " + index);
        }
        bytes[n++] = (byte) (hi * 16 + lo);
        ascii &= hi < 8;
        i += 2;
      } else if (c > 0x7f) {
        // A whole code point: a surrogate pair encoded half by half would turn into "??".
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, bytes, n, b.length);
        n += b.length;
        ascii = false;
        i += Character.charCount(cp) - 1;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    if (ascii) {
      return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedFormException("field " + index + " is not UTF-8 after decoding");
    }
  }

  /** ASCII with no {@code +} and no {@code %}: it reads as it is. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+' || c == '%' || c > 0x7f) {
        return false;
      }
    }
    return true;
  }
}
