package dev.signinflow.emulator;

import dev.signinflow.transport.fake.ClerkErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its response, answered exactly once whichever thread gets there first — the
 * handler, a body reader, a latency timer. Every answer is JSON and never cached; a refusal hands
 * back the client token the request carried ({@link #echo}).
 */
final class Exchange {
  final Request request;
  final Response response;
  private final Callback callback;
  private final Supplier<String> traces;
  private final AtomicBoolean answered = new AtomicBoolean();

  /**
   * The token to hand back on a refusal: the one the request carried, unchanged. The server did not
   * look at the client, so the client keeps the token it has (§1.4: clients save the header of
   * every response, errors included).
   */
  volatile Optional<String> echo = Optional.empty();

  Exchange(Request request, Response response, Callback callback, Supplier<String> traces) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.traces = traces;
  }

  /** Sets a header of the answer to come (ignored once it is answered). */
  void header(HttpHeader name, String value) {
    if (!answered.get()) {
      response.getHeaders().put(name, value);
    }
  }

  /** Answers a client's mistake with its status and Clerk-shaped error. */
  void refuse(Refusal r) {
    if (r.allow != null) {
      header(HttpHeader.ALLOW, r.allow);
    }
    send(r.status, FapiJson.errors(List.of(r.error), traces.get()), echo, Optional.empty());
  }

  /** Answers a bug of the emulator: 500 {@code internal_clerk_error}, nothing more said. */
  void fail(RuntimeException e) {
    send(
        500,
        FapiJson.errors(List.of(ClerkErrors.internal()), traces.get()),
        echo,
        Optional.empty());
  }

  /** Answers with this status and JSON body, the client token and a {@code Retry-After}. */
  void send(int status, byte[] body, Optional<String> token, Optional<Duration> retryAfter) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    token.ifPresent(t -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t));
    retryAfter.ifPresent(d -> h.put(HttpHeader.RETRY_AFTER, Long.toString(d.toSeconds())));
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * Answers 200 with this public JSON document ({@code application/json}, no charset: RFC 8259
   * defines none) that caches may keep as {@code cacheControl} says; no client token.
   */
  void sendCacheable(byte[] body, String cacheControl) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    response.setStatus(200);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json");
    h.put(HttpHeader.CACHE_CONTROL, cacheControl);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Answers 204 with no body (a CORS preflight). */
  void sendNoContent() {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    response.setStatus(204);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.allocate(0), callback);
  }

  /** Closes the connection with no answer at all (an injected dropped connection). */
  void drop() {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    request.getConnectionMetaData().getConnection().getEndPoint().close();
    callback.failed(new IOException("fault injected: connection dropped"));
  }
}
