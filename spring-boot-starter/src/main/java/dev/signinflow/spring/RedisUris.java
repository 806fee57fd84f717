package dev.signinflow.spring;

/** Redis URIs as they may be shown: without the password. */
final class RedisUris {
  static final String REDACTED = "[redacted]";

  private RedisUris() {}

  /**
   * The URI with the password of its user information replaced by {@code [redacted]} ({@code
   * redis://user:[redacted]@host:6379}); a URI whose user information is one word (Lettuce reads it
   * as the password) has it replaced whole. Works on the text alone, so it never fails and never
   * repeats a malformed URI's password.
   */
  static String redacted(String uri) {
    if (uri == null) {
      return "null";
    }
    int scheme = uri.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = uri.length();
    for (char c : new char[] {'?', '#'}) {
      int i = uri.indexOf(c, start);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    int at = uri.lastIndexOf('@', end - 1);
    if (at < start) {
      return uri;
    }
    String userInfo = uri.substring(start, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? "" : userInfo.substring(0, colon + 1);
    return uri.substring(0, start) + user + REDACTED + uri.substring(at);
  }
}
