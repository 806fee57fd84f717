package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * Who signs a fake instance's session tokens: its key, made from a seed ({@link SigningKey}), and
 * the Frontend API URL the tokens name as their issuer ({@code iss}).
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock (the key itself is immutable).
 */
final class TokenIssuer {
  private final long seed;
  private String url;

  TokenIssuer(long seed, String url) {
    this.seed = seed;
    this.url = checkedUrl(url);
  }

  /** The key; made on first use and kept per seed, so a fake that mints no token pays nothing. */
  SigningKey key() {
    return SigningKey.forSeed(seed);
  }

  String url() {
    return url;
  }

  void url(String newUrl) {
    this.url = checkedUrl(newUrl);
  }

  /**
   * The URL, when it is an absolute http(s) one.
   *
   * @throws IllegalArgumentException otherwise
   */
  static String checkedUrl(String url) {
    requireNonNull(url, "url");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
    if (!uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("the Frontend API URL must be absolute http(s): " + url);
    }
    return url;
  }
}
