package dev.signinflow.emulator;

import org.eclipse.jetty.server.Request;

/**
 * The rules every request meets before it is routed, on a FAPI path and on the control plane alike.
 */
final class HttpEdge {
  private HttpEdge() {}

  /** The query string as it came, still percent-encoded; "" for none. */
  static String rawQuery(Request request) {
    String q = request.getHttpURI().getQuery();
    return q == null ? "" : q;
  }
}
