package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import feign.Request;
import feign.RequestTemplate;
import feign.Target;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where {@link FapiApi}'s requests go: the Frontend API's origin, the path Feign resolved, and
 * {@link FapiApi#NATIVE}, the query every request carries.
 *
 * <p>It builds the {@link Request} from the resolved template itself, for two reasons. The query is
 * a constant: appended here, it is not expanded, re-parsed and re-encoded as a template on every
 * request, and neither is the origin, which Feign's default target parses anew each time. And a
 * device's first request must carry an empty {@code Authorization} header, which Feign drops
 * everywhere before this point (a {@code {authorization}} that expands to empty, and a literal
 * empty value set by an interceptor alike); put back here, it is logged as it is sent, and the
 * JDK's client writes it as its own {@code Authorization: } line.
 */
final class FapiTarget implements Target<FapiApi> {
  private final String origin;

  /**
   * @param origin scheme and authority, without a trailing slash
   */
  FapiTarget(String origin) {
    this.origin = requireNonNull(origin, "origin");
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
    Map<String, Collection<String>> headers = resolved.headers();
    if (!hasAuthorization(headers)) {
      Map<String, Collection<String>> with = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      with.putAll(headers);
      with.put("Authorization", List.of(""));
      headers = with;
    }
    return Request.create(
        Request.HttpMethod.valueOf(resolved.method()),
        origin + resolved.path() + FapiApi.NATIVE,
        headers,
        resolved.requestBody(),
        resolved);
  }

  private static boolean hasAuthorization(Map<String, Collection<String>> headers) {
    for (Map.Entry<String, Collection<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase("Authorization") && !e.getValue().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "FapiTarget[" + origin + "]";
  }
}
