package dev.signinflow.transport.feign;

import dev.signinflow.engine.spi.ClientToken;
import feign.Request;
import feign.RequestTemplate;
import feign.Response;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The client token in the {@code Authorization} header: as a call sends it ({@code Bearer <token>},
 * absent on a device's first contact), as a response returns it, and the one rule of the retry
 * after a 429 ({@link RateLimitRetryer}): an answer to that retry that returns no token carries the
 * token the retry was sent with — the one the 429 returned, or else the one sent before it.
 */
final class ClientTokens {
  static final String AUTHORIZATION = "Authorization";

  /**
   * A header of the request template that says the request is the retry after a 429; {@link
   * FapiTarget} never sends it.
   */
  static final String RETRY_MARK = "X-Signinflow-Retry-After-429";

  private ClientTokens() {}

  /** The call's own headers, for {@link FapiApi}'s header map. */
  static Map<String, String> headers(Optional<ClientToken> token) {
    return token.isEmpty() ? Map.of() : Map.of(AUTHORIZATION, "Bearer " + token.get().reveal());
  }

  /** Marks the request template as the retry after a 429, to be sent with this token. */
  static void markRetry(RequestTemplate template, Optional<ClientToken> token) {
    template.removeHeader(AUTHORIZATION);
    token.ifPresent(t -> template.headerLiteral(AUTHORIZATION, "Bearer " + t.reveal()));
    template.headerLiteral(RETRY_MARK, "true");
  }

  /** The token an answer carries: the one its response returned, or the retry's (see above). */
  static Optional<ClientToken> of(Response response) {
    Optional<ClientToken> returned = parse(first(response.headers(), AUTHORIZATION));
    return returned.isPresent() ? returned : ofRetry(response.request());
  }

  /** The token a request carried, if it is the retry after a 429; else empty. */
  static Optional<ClientToken> ofRetry(Request request) {
    if (request == null
        || request.requestTemplate() == null
        || !request.requestTemplate().headers().containsKey(RETRY_MARK)) {
      return Optional.empty();
    }
    return sent(request);
  }

  /** The token a request carried in its {@code Authorization} header. */
  static Optional<ClientToken> sent(Request request) {
    return parse(first(request.headers(), AUTHORIZATION));
  }

  /** The token of an {@code Authorization} value, if it holds one. */
  private static Optional<ClientToken> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int start = skipBlanks(value, 0);
    if (value.regionMatches(true, start, "Bearer", 0, 6)) {
      start = skipBlanks(value, start + 6);
    }
    int end = value.length();
    while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return Optional.empty();
    }
    try {
      return Optional.of(ClientToken.of(value.substring(start, end)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int skipBlanks(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The first value of a header, by its name in any case. */
  static String first(Map<String, Collection<String>> headers, String name) {
    Collection<String> values = headers.get(name);
    if (values == null) {
      // Feign's maps ignore case already; another client's may not.
      for (Map.Entry<String, Collection<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          values = e.getValue();
          break;
        }
      }
    }
    return values == null || values.isEmpty() ? null : values.iterator().next();
  }
}
