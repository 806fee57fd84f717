package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server on 127.0.0.1 that answers with a queue of scripted responses and records every
 * request it receives: for what {@code FakeFapiServer} does not do (malformed bodies, held or
 * dropped responses, any status and header a test wants).
 *
 * <p>Each request takes the next scripted response; a request with none left gets a 500 with an
 * {@code unscripted_request} body, so a surplus request shows up as a failure in the test. Requests
 * are served on their own threads, so a response held on a latch does not hold up other requests.
 * Every wait is bounded: a held response gives up after {@link #MAX_HOLD}.
 *
 * <p>Thread-safe. Close it after each test.
 */
final class ScriptedFapiServer implements AutoCloseable {
  /** The longest a held response waits for its latch before the handler gives up. */
  static final Duration MAX_HOLD = Duration.ofSeconds(20);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Deque<Scripted> script = new ArrayDeque<>();
  private final List<Recorded> received = new ArrayList<>();
  private final AtomicInteger handled = new AtomicInteger();

  private ScriptedFapiServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** A server on 127.0.0.1 and a free port, already listening. */
  static ScriptedFapiServer start() {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "scripted-fapi");
              t.setDaemon(true);
              return t;
            });
    ScriptedFapiServer s = new ScriptedFapiServer(http, executor);
    http.createContext("/", s::handle);
    http.setExecutor(executor);
    http.start();
    return s;
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}, for {@code FeignSignInGateway.builder().frontendApi(...)}. */
  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Queues responses, answered in this order. */
  ScriptedFapiServer enqueue(Scripted... responses) {
    synchronized (this) {
      for (Scripted r : responses) {
        script.addLast(requireNonNull(r, "response"));
      }
    }
    return this;
  }

  /** Every request received so far, in order of arrival. */
  synchronized List<Recorded> requests() {
    return List.copyOf(received);
  }

  /** The one request received; fails when there were none or several. */
  Recorded onlyRequest() {
    List<Recorded> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one request, received " + all.size() + ": " + all);
    }
    return all.get(0);
  }

  /** How many exchanges have finished (answered, dropped or given up). */
  int handled() {
    return handled.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- serving --------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      Recorded request =
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""),
              headers,
              new String(body, StandardCharsets.UTF_8));
      Scripted answer;
      synchronized (this) {
        received.add(request);
        answer = script.pollFirst();
      }
      if (answer == null) {
        answer =
            Scripted.status(500)
                .json(
                    "{\"errors\":[{\"code\":\"unscripted_request\",\"message\":\"no response"
                        + " scripted\",\"long_message\":\"no response scripted\"}]}");
      }
      answer.arrived.countDown();
      answer.play(exchange);
    } finally {
      handled.incrementAndGet();
    }
  }

  // ---- requests -------------------------------------------------------------------------------

  /**
   * One request as it arrived.
   *
   * @param method the HTTP method
   * @param rawPath the path exactly as sent, percent-encoding kept
   * @param rawQuery the query string exactly as sent, empty when none
   * @param headers every header, names lower-cased, every value kept in order
   * @param body the body as UTF-8, empty when none
   */
  record Recorded(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      String body) {

    /** All values of a header, in order; empty when it was not sent. */
    List<String> header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The query string's parameters, decoded, in order. */
    Map<String, List<String>> query() {
      return decodeForm(rawQuery);
    }

    /** The body's form fields, decoded, in order. */
    Map<String, List<String>> form() {
      return decodeForm(body);
    }

    @Override
    public String toString() {
      return method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }
  }

  static Map<String, List<String>> decodeForm(String text) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String pair : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.computeIfAbsent(
              java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
          .add(java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  // ---- responses ------------------------------------------------------------------------------

  /** How a scripted response ends. */
  enum Ending {
    /** The whole response is sent. */
    COMPLETE,
    /** The connection is closed before anything is sent. */
    DROP_BEFORE_RESPONSE,
    /** The status line, the headers and half the body are sent, then the connection is closed. */
    DROP_MID_BODY,
    /** The headers and half the body are sent, then the rest waits for {@link #hold} too. */
    STALL_MID_BODY
  }

  /** One scripted response: status, headers, body, and an optional hold before it is sent. */
  static final class Scripted {
    private final int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private CountDownLatch hold;
    private Ending ending = Ending.COMPLETE;
    private boolean chunked;
    private final CountDownLatch arrived = new CountDownLatch(1);

    private Scripted(int status) {
      this.status = status;
    }

    /** A response with this status and no body yet. */
    static Scripted status(int status) {
      return new Scripted(status);
    }

    /** Adds a header value (several calls with one name send several values). */
    Scripted header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Adds {@code Authorization: Bearer <token>}, as FAPI returns a client token. */
    Scripted token(String token) {
      return header("Authorization", "Bearer " + token);
    }

    /** A JSON body, with its content type. */
    Scripted json(String json) {
      header("Content-Type", "application/json; charset=utf-8");
      return body(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A body as given, without a content type. */
    Scripted body(byte[] bytes) {
      this.body = bytes.clone();
      return this;
    }

    /** Holds the response until the latch is released (at most {@link #MAX_HOLD}). */
    Scripted holdUntil(CountDownLatch latch) {
      this.hold = requireNonNull(latch, "latch");
      return this;
    }

    /** Ends the response this way instead of completing it. */
    Scripted ending(Ending e) {
      this.ending = requireNonNull(e, "ending");
      return this;
    }

    /** Sends the body chunked, without a {@code Content-Length}. */
    Scripted chunked() {
      this.chunked = true;
      return this;
    }

    /** Waits until a request has taken this response; false after the timeout. */
    boolean awaitArrival(Duration timeout) throws InterruptedException {
      return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void play(HttpExchange exchange) throws IOException {
      if (ending != Ending.STALL_MID_BODY) {
        awaitHold();
      }
      if (ending == Ending.DROP_BEFORE_RESPONSE) {
        // A handler that throws makes HttpServer close the connection: nothing is sent.
        throw new IOException("scripted: connection dropped before the response");
      }
      headers.forEach((k, v) -> exchange.getResponseHeaders().put(k, List.copyOf(v)));
      long length = body.length == 0 ? -1 : chunked ? 0 : body.length;
      exchange.sendResponseHeaders(status, length);
      OutputStream out = exchange.getResponseBody();
      if (ending == Ending.COMPLETE) {
        finish(exchange, out, 0);
        return;
      }
      out.write(body, 0, body.length / 2);
      out.flush();
      if (ending == Ending.DROP_MID_BODY) {
        // Closing the stream short of Content-Length would leave the connection open, waiting;
        // throwing makes HttpServer close it, so the client reads an early end of stream.
        throw new IOException("scripted: connection dropped mid-body");
      }
      awaitHold();
      finish(exchange, out, body.length / 2);
    }

    private void finish(HttpExchange exchange, OutputStream out, int from) {
      try {
        out.write(body, from, body.length - from);
        out.close();
      } catch (IOException e) {
        // The client went away (it timed out): nothing more to send.
      } finally {
        exchange.close();
      }
    }

    private void awaitHold() {
      if (hold == null) {
        return;
      }
      try {
        hold.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
