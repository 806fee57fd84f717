package dev.signinflow.transport.fake;

import java.util.Optional;

/**
 * What Clerk's edge decides before any endpoint (clerk-research.md §7): a proxy request ({@code
 * Clerk-Proxy-Url}) must carry the instance's secret key — none is a 400 {@code
 * proxy_request_missing_secret_key}, a wrong one a 401 {@code proxy_request_invalid_secret_key} —
 * and a native client's request needs the Native API on, else 400 {@code native_api_disabled}. The
 * proxy's key is checked first; Clerk's order is not documented.
 *
 * <p>It also names the bucket a request's rate limits are counted in: the forwarded end user's
 * address for a proxy request with the right key, when {@code X-Forwarded-For} starts with an IP
 * literal; the socket's address for every other request, so a client cannot choose its bucket by
 * sending {@code X-Forwarded-For}.
 *
 * <p>Not thread-safe: used under {@link FakeClerk}'s lock.
 */
final class ProxyRules {
  private SecretKey key;

  ProxyRules(SecretKey key) {
    this.key = key;
  }

  /** The instance's secret key, or null when it has none (every proxy request is refused). */
  SecretKey key() {
    return key;
  }

  void key(SecretKey key) {
    this.key = key;
  }

  /** The status and error the edge answers this request with, or empty to serve it. */
  Optional<Refused> refusal(FapiRequest request, FakeSettings settings) {
    if (request.proxied()) {
      if (request.secretKey().isEmpty()) {
        return Optional.of(new Refused(400, ClerkErrors.proxyMissingSecretKey()));
      }
      if (!rightKey(request)) {
        return Optional.of(new Refused(401, ClerkErrors.proxyInvalidSecretKey()));
      }
    }
    if (request.nativeClient() && !settings.nativeApiEnabled()) {
      return Optional.of(new Refused(400, ClerkErrors.nativeApiDisabled()));
    }
    return Optional.empty();
  }

  /** The address this request's rate limits are counted by. */
  String bucket(FapiRequest request) {
    if (request.proxied() && rightKey(request)) {
      return request.forwardedIp().orElse(request.clientIp());
    }
    return request.clientIp();
  }

  private boolean rightKey(FapiRequest request) {
    return key != null && request.secretKey().map(key::matches).orElse(false);
  }

  /** An edge's refusal: its status and Clerk's error. */
  record Refused(int status, FapiError error) {}
}
