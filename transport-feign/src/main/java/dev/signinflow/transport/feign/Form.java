package dev.signinflow.transport.feign;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body with snake_case keys, as clerk-js writes it:
 * absent values left out, everything else percent-encoded as UTF-8.
 */
final class Form {
  private final Map<String, String> fields = new LinkedHashMap<>();

  static Form of() {
    return new Form();
  }

  Form put(String key, String value) {
    if (value != null) {
      fields.put(key, value);
    }
    return this;
  }

  /** The encoded body. Holds secrets (password, code): never log it as is. */
  String encode() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** A path segment, percent-encoded (a sign-in or session id). */
  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "Form" + fields.keySet();
  }
}
