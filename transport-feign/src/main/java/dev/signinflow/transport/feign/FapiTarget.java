package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import feign.Request;
import feign.RequestTemplate;
import feign.Target;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where {@link FapiApi}'s requests go, and what every one of them carries: the Frontend API's
 * origin, the path Feign resolved, {@link FapiApi#NATIVE} (the query), the form content type of a
 * POST, the length of a body, in proxy mode {@code Clerk-Proxy-Url} and {@code Clerk-Secret-Key},
 * and an {@code Authorization} header — the call's own ({@link FapiApi}'s header map), or an empty
 * one on a device's first contact.
 *
 * <p>It builds the {@link Request} from the resolved template itself. What is the same on every
 * request is then not expanded, re-parsed and re-encoded as a template each time (nor the origin,
 * which Feign's default target parses anew for each request); profiling under load put Feign's
 * header templates at half of its request building. And a device's first request must carry an
 * empty {@code Authorization} header, which Feign drops everywhere before this point (a template
 * that expands to empty and a literal empty value alike); set here, it is logged as it is sent, and
 * the JDK's client writes it as its own {@code Authorization: } line. The template's {@link
 * ClientTokens#RETRY_MARK} is not sent. Immutable and thread-safe.
 */
final class FapiTarget implements Target<FapiApi> {
  static final String CONTENT_LENGTH = "Content-Length";
  static final String PROXY_URL = "Clerk-Proxy-Url";
  static final String SECRET_KEY = "Clerk-Secret-Key";
  private static final List<String> FORM = List.of("application/x-www-form-urlencoded");
  private static final List<String> FIRST_CONTACT = List.of("");

  private final String origin;
  private final List<String> proxyUrl;
  private final List<String> secretKey;

  /**
   * @param origin scheme and authority, without a trailing slash
   */
  FapiTarget(String origin) {
    this(origin, null, null);
  }

  /**
   * @param origin scheme and authority, without a trailing slash
   * @param proxyUrl {@code Clerk-Proxy-Url} on every request, or null outside proxy mode
   * @param secretKey {@code Clerk-Secret-Key} on every request, or null outside proxy mode
   */
  FapiTarget(String origin, String proxyUrl, String secretKey) {
    this.origin = requireNonNull(origin, "origin");
    if ((proxyUrl == null) != (secretKey == null)) {
      throw new IllegalArgumentException("proxy mode needs both the proxy URL and the secret key");
    }
    this.proxyUrl = proxyUrl == null ? null : List.of(proxyUrl);
    this.secretKey = secretKey == null ? null : List.of(secretKey);
  }

  @Override
  public Class<FapiApi> type() {
    return FapiApi.class;
  }

  @Override
  public String name() {
    return origin;
  }

  @Override
  public String url() {
    return origin;
  }

  @Override
  public Request apply(RequestTemplate resolved) {
    // A fresh map that ignores case, which Feign's Request keeps as it is.
    Map<String, Collection<String>> headers = resolved.headers();
    headers.remove(ClientTokens.RETRY_MARK);
    Request.HttpMethod method = Request.HttpMethod.valueOf(resolved.method());
    byte[] body = resolved.body();
    if (method == Request.HttpMethod.POST) {
      headers.put("Content-Type", FORM);
    }
    if (body != null && body.length > 0) {
      headers.put(CONTENT_LENGTH, List.of(Integer.toString(body.length)));
    }
    headers.putIfAbsent(ClientTokens.AUTHORIZATION, FIRST_CONTACT);
    if (proxyUrl != null) {
      headers.put(PROXY_URL, proxyUrl);
      headers.put(SECRET_KEY, secretKey);
    }
    return Request.create(
        method,
        origin + resolved.path() + FapiApi.NATIVE,
        headers,
        resolved.requestBody(),
        resolved);
  }

  @Override
  public String toString() {
    return "FapiTarget["
        + origin
        + (proxyUrl == null ? "" : ", proxy mode " + proxyUrl.get(0) + ", secret key [redacted]")
        + "]";
  }
}
