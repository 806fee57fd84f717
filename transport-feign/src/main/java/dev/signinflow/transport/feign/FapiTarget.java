package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import feign.Request;
import feign.RequestTemplate;
import feign.Target;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Where {@link FapiApi}'s requests go, and what every one of them carries: the Frontend API's
 * origin, the path Feign resolved, {@link FapiApi#NATIVE} (the query), the form content type of a
 * POST, and the {@code Authorization} header of the call in progress ({@link #call}).
 *
 * <p>It builds the {@link Request} from the resolved template itself. What is the same on every
 * request is then not expanded, re-parsed and re-encoded as a template each time (nor the origin,
 * which Feign's default target parses anew for each request); profiling under load put Feign's
 * header templates at half of its request building. And a device's first request must carry an
 * empty {@code Authorization} header, which Feign drops everywhere before this point (a template
 * that expands to empty and a literal empty value set by an interceptor alike); set here, it is
 * logged as it is sent, and the JDK's client writes it as its own {@code Authorization: } line.
 *
 * <p>The header value reaches {@link #apply} from {@link #call} through a thread-local: Feign
 * resolves and sends a request on the calling thread, between the two.
 */
final class FapiTarget implements Target<FapiApi> {
  private static final List<String> FORM = List.of("application/x-www-form-urlencoded");

  private final String origin;
  private final ThreadLocal<String> authorization = new ThreadLocal<>();

  /**
   * @param origin scheme and authority, without a trailing slash
   */
  FapiTarget(String origin) {
    this.origin = requireNonNull(origin, "origin");
  }

  /**
   * Makes one call of the API whose requests carry this {@code Authorization} value ({@code Bearer
   * <token>}, or empty on a device's first contact).
   */
  <T> T call(String authorizationValue, Supplier<T> call) {
    requireNonNull(authorizationValue, "authorizationValue");
    String outer = authorization.get();
    authorization.set(authorizationValue);
    try {
      return call.get();
    } finally {
      if (outer == null) {
        authorization.remove();
      } else {
        authorization.set(outer);
      }
    }
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
    Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(resolved.headers());
    Request.HttpMethod method = Request.HttpMethod.valueOf(resolved.method());
    if (method == Request.HttpMethod.POST) {
      headers.put("Content-Type", FORM);
    }
    String value = authorization.get();
    headers.put("Authorization", List.of(value == null ? "" : value));
    return Request.create(
        method,
        origin + resolved.path() + FapiApi.NATIVE,
        headers,
        resolved.requestBody(),
        resolved);
  }

  @Override
  public String toString() {
    return "FapiTarget[" + origin + "]";
  }
}
