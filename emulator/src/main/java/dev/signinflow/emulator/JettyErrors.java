package dev.signinflow.emulator;

import dev.signinflow.transport.fake.ClerkErrors;
import dev.signinflow.transport.fake.FapiError;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors — a request it cannot parse: a garbage request line (400), a request line over
 * 16 KiB (414), a header block over 16 KiB (431), an unknown HTTP version (505), a bad chunk or
 * Content-Length (400) — as Clerk-shaped JSON instead of HTML; and {@link Draining}, which answers
 * 503 the same way while the server stops.
 */
final class JettyErrors implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status =
        request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer i && i >= 400 ? i : 500;
    send(response, callback, status, error(status));
    return true;
  }

  private static void send(Response response, Callback callback, int status, FapiError e) {
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(FapiJson.errors(List.of(e), "fake-http")), callback);
  }

  private static FapiError error(int status) {
    return switch (status) {
      case 408 ->
          new FapiError(
              "request_timeout",
              "Request timeout",
              "The request did not arrive in time.",
              Map.of());
      case 413 ->
          new FapiError(
              "request_body_too_large",
              "Request body too large",
              "The body is too large.",
              Map.of());
      case 414 ->
          new FapiError(
              "request_uri_too_long",
              "Request URI too long",
              "The request line is longer than the server reads.",
              Map.of());
      case 431 ->
          new FapiError(
              "request_header_fields_too_large",
              "Request headers too large",
              "The request headers are larger than 16 KiB.",
              Map.of());
      case 505 ->
          new FapiError(
              "http_version_not_supported",
              "HTTP version not supported",
              "The server speaks HTTP/1.1 (and HTTP/1.0).",
              Map.of());
      case 503 ->
          new FapiError(
              "service_unavailable",
              "Service unavailable",
              "The server is shutting down.",
              Map.of());
      default ->
          status >= 500
              ? ClerkErrors.internal()
              : Refusal.malformedError("The request could not be read (HTTP " + status + ").");
    };
  }

  /**
   * Counts requests in flight so that {@link FakeFapiServer#close()} waits for them; a request that
   * arrives on an open connection while stopping gets a Clerk-shaped 503.
   */
  static final class Draining extends GracefulHandler {
    Draining(Handler handler) {
      super(handler);
    }

    @Override
    protected void handleShutdownRejection(Request request, Response response, Callback callback) {
      send(response, callback, 503, error(503));
    }
  }
}
