package dev.signinflow.examples.web;

import dev.signinflow.engine.RequestContext;
import jakarta.servlet.http.HttpServletRequest;

/** The end user's request as the engine takes it. */
final class Requests {
  private Requests() {}

  /**
   * The user's address (as the servlet container saw it: behind a reverse proxy, configure {@code
   * server.forward-headers-strategy} so that it is the user's, not the proxy's), user agent and
   * preferred language.
   */
  static RequestContext context(HttpServletRequest request) {
    RequestContext.Builder b =
        RequestContext.builder()
            .userAgent(request.getHeader("User-Agent"))
            .acceptLanguage(request.getHeader("Accept-Language"));
    try {
      b.clientIp(request.getRemoteAddr());
    } catch (IllegalArgumentException e) {
      // Not an IP literal (a Unix socket, say): the context goes without an address.
    }
    return b.build();
  }
}
