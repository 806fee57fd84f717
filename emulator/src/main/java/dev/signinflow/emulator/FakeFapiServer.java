package dev.signinflow.emulator;

import static java.util.Objects.requireNonNull;

import dev.signinflow.transport.fake.ClerkErrors;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FapiError;
import dev.signinflow.transport.fake.FapiRequest;
import dev.signinflow.transport.fake.FapiResponse;
import dev.signinflow.transport.fake.Views;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@link FakeClerk} served over real HTTP in FAPI's wire format, for tests in other processes and
 * for the Feign transport's tests: the sign-in and session endpoints under {@code /v1/}, and a
 * control plane under {@code /__fake/} (outbox, users, settings, clock, faults, reset, email-link
 * visits), like the Firebase Auth emulator.
 *
 * <p>Native mode only: the client token travels in {@code Authorization: Bearer ...} both ways.
 * Every mistake of a client — a malformed body or header, an unknown path, a wrong method, an
 * oversized body — gets a Clerk-shaped error JSON, never a 500 and never a hang: bodies are read
 * without holding a worker thread, injected latency holds a response on a timer rather than on a
 * thread, a client that stalls mid-request is cut off after the idle timeout (408), and {@link
 * #close()} lets requests in flight finish. Requests Jetty itself cannot parse (a garbage request
 * line, a header block over 16 KiB, a bad chunk) get the same error shape with Jetty's status.
 *
 * <p>Binds to 127.0.0.1 only. Thread-safe.
 */
public final class FakeFapiServer implements AutoCloseable {
  /** The API version this server speaks. */
  public static final String API_VERSION = "2026-05-12";

  private static final Pattern BEARER =
      Pattern.compile("Bearer ([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");
  private static final Pattern SIGN_IN_PATH =
      Pattern.compile(
          "/v1/client/sign_ins/([^/]+)(/(prepare_second_factor|attempt_second_factor))?");
  private static final Pattern SESSION_PATH =
      Pattern.compile("/v1/client/sessions/([^/]+)(/(touch|tokens|end|remove))?");
  private static final List<String> OVERRIDABLE = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final long SHUTDOWN_IDLE_MILLIS = 100;

  private final FakeClerk fake;
  private final Server server;
  private final ServerConnector connector;
  private final int maxBodyBytes;
  private final ControlPlane control;
  private final AtomicLong traces = new AtomicLong();

  private FakeFapiServer(Builder b) {
    this.fake = b.fake;
    this.maxBodyBytes = b.maxBodyBytes;
    QueuedThreadPool pool = new QueuedThreadPool(b.maxThreads, Math.min(4, b.maxThreads));
    pool.setName("fake-fapi");
    pool.setDaemon(true);
    this.server = new Server(pool);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(true);
    config.setRequestHeaderSize(16 * 1024);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(b.port);
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    // On close, idle keep-alive connections go at once; requests in flight still finish.
    connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
    server.addConnector(connector);
    server.setStopTimeout(b.stopTimeout.toMillis());
    Draining draining = new Draining(new Router());
    draining.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
    server.setHandler(draining);
    server.setErrorHandler(new JsonErrors());
    this.control = new ControlPlane(fake);
  }

  /** A builder for a server of this fake. */
  public static Builder builder(FakeClerk fake) {
    return new Builder(requireNonNull(fake, "fake"));
  }

  /**
   * Starts a server of this fake on 127.0.0.1.
   *
   * @param port the port, 0 for an ephemeral one
   * @throws IllegalStateException when the port cannot be bound
   */
  public static FakeFapiServer start(FakeClerk fake, int port) {
    return builder(fake).port(port).start();
  }

  /** The base URL, such as {@code http://127.0.0.1:4010}; FAPI paths start with {@code /v1/}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  /** The control plane's URL: {@link #baseUrl()} + {@code /__fake}. */
  public URI controlUrl() {
    return URI.create(baseUrl() + "/__fake");
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The fake it serves. */
  public FakeClerk fake() {
    return fake;
  }

  /**
   * Stops accepting connections at once, lets requests in flight finish (up to the stop timeout,
   * injected latency included), and closes.
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the fake FAPI server did not stop cleanly", e);
    }
  }

  @Override
  public String toString() {
    return "FakeFapiServer[" + (server.isStarted() ? baseUrl() : "stopped") + "]";
  }

  // ---- routing --------------------------------------------------------------------------------

  /** What the request line and headers say, read before the body. */
  private record Head(
      String method,
      String path,
      Map<String, List<String>> query,
      Optional<String> token,
      String ip,
      Optional<String> contentType) {}

  /** One request as an endpoint sees it. */
  private record Call(Head head, Map<String, List<String>> form) {
    Optional<String> field(String name) {
      List<String> values = form.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    FapiRequest request() {
      return FapiRequest.of(head.token, head.ip);
    }
  }

  /** An endpoint of the Frontend API, found by method and path. */
  @FunctionalInterface
  private interface Endpoint {
    FapiResponse serve(Call call) throws Refusal;
  }

  /** A client mistake found before the fake is asked: answered as Clerk answers it. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient FapiError error;
    final String allow;

    Refusal(int status, FapiError error) {
      this(status, error, null);
    }

    Refusal(int status, FapiError error, String allow) {
      super(error.code(), null, false, false);
      this.status = status;
      this.error = error;
      this.allow = allow;
    }
  }

  /** One exchange: answers exactly once, whichever thread gets there. */
  private final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    final AtomicBoolean answered = new AtomicBoolean();

    /**
     * The token to hand back on a refusal: the one the request carried, unchanged. The server did
     * not look at the client, so the client keeps the token it has (§1.4: clients save the header
     * of every response, errors included).
     */
    Optional<String> echo = Optional.empty();

    Exchange(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    void refuse(Refusal r) {
      if (r.allow != null && !answered.get()) {
        response.getHeaders().put(HttpHeader.ALLOW, r.allow);
      }
      send(r.status, FapiJson.errors(List.of(r.error), trace()), echo, Optional.empty());
    }

    void fail(RuntimeException e) {
      send(500, FapiJson.errors(List.of(ClerkErrors.internal()), trace()), echo, Optional.empty());
    }

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

    void drop() {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      request.getConnectionMetaData().getConnection().getEndPoint().close();
      callback.failed(new IOException("fault injected: connection dropped"));
    }
  }

  private final class Router extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Exchange x = new Exchange(request, response, callback);
      try {
        String path = request.getHttpURI().getPath();
        if (path == null || path.isEmpty()) {
          path = "/";
        }
        if (path.startsWith("/__fake/") || path.equals("/__fake")) {
          String controlPath = path;
          String method = request.getMethod().toUpperCase(Locale.ROOT);
          readBody(
              x,
              bytes -> {
                ControlPlane.Answer a =
                    control.handle(
                        method,
                        controlPath,
                        rawQuery(request),
                        new String(bytes, StandardCharsets.UTF_8));
                if (a.allow() != null) {
                  response.getHeaders().put(HttpHeader.ALLOW, a.allow());
                }
                x.send(a.status(), a.body(), Optional.empty(), Optional.empty());
              });
          return true;
        }
        Head head = head(x, path);
        Endpoint endpoint = route(head);
        readBody(
            x,
            bytes -> {
              Call call = new Call(head, form(head, bytes));
              respond(x, call, endpoint.serve(call));
            });
      } catch (Refusal r) {
        x.refuse(r);
      } catch (RuntimeException e) {
        x.fail(e);
      }
      return true;
    }
  }

  private void respond(Exchange x, Call call, FapiResponse answer) {
    if (answer.dropped()) {
      x.drop();
      return;
    }
    byte[] body = FapiJson.body(answer, envelope(call));
    Runnable write = () -> x.send(answer.status(), body, answer.clientToken(), answer.retryAfter());
    if (answer.latency().isZero()) {
      write.run();
    } else {
      // A timer, not a sleeping worker: a held response costs no thread (Jetty's scheduler).
      server.getScheduler().schedule(write, answer.latency().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static boolean envelope(Call call) {
    String p = call.head.path;
    return !(p.startsWith("/v1/client/sessions/") && p.endsWith("/tokens"));
  }

  /** The endpoint for the method and path: 404 for an unknown path, 405 for a wrong method. */
  private Endpoint route(Head h) throws Refusal {
    String p = h.path;
    switch (p) {
      case "/v1/environment":
        allow(h, "GET");
        return c -> environment();
      case "/v1/client":
        allow(h, "GET");
        return c -> fake.getClient(c.request());
      case "/v1/client/sign_ins":
        allow(h, "POST");
        return this::createSignIn;
      case "/v1/client/sessions":
        allow(h, "DELETE");
        return c -> fake.removeSessions(c.request());
      default:
        break;
    }
    Matcher m = SIGN_IN_PATH.matcher(p);
    if (m.matches()) {
      String id = m.group(1);
      String action = m.group(3);
      if (action == null) {
        allow(h, "GET");
        return c -> fake.getSignIn(c.request(), id);
      }
      allow(h, "POST");
      if (action.equals("prepare_second_factor")) {
        return c ->
            fake.prepareSecondFactor(
                c.request(),
                id,
                required(c, "strategy"),
                c.field("email_address_id").or(() -> c.field("phone_number_id")),
                c.field("redirect_url"));
      }
      return c ->
          fake.attemptSecondFactor(
              c.request(), id, required(c, "strategy"), c.field("code").orElse(""));
    }
    m = SESSION_PATH.matcher(p);
    if (m.matches()) {
      String id = m.group(1);
      String action = m.group(3);
      if (action == null) {
        allow(h, "GET");
        return c -> fake.getSession(c.request(), id);
      }
      allow(h, "POST");
      return switch (action) {
        case "touch" -> c -> touch(c, id);
        case "tokens" -> c -> fake.createSessionToken(c.request(), id);
        case "end" -> c -> fake.endSession(c.request(), id);
        default -> c -> fake.removeSession(c.request(), id);
      };
    }
    throw new Refusal(
        404,
        new FapiError(
            "resource_not_found",
            "not found",
            "There is no Frontend API endpoint at " + abbreviate(p) + ".",
            Map.of()));
  }

  private FapiResponse createSignIn(Call c) throws Refusal {
    Optional<String> strategy = c.field("strategy");
    if (strategy.isPresent() && !strategy.get().equals("password")) {
      throw new Refusal(422, ClerkErrors.strategyInvalid("strategy"));
    }
    return fake.createSignIn(
        c.request(), c.field("identifier").orElse(""), c.field("password").orElse(""));
  }

  private FapiResponse touch(Call c, String sessionId) throws Refusal {
    Optional<String> intent = c.field("intent");
    if (intent.isPresent()
        && !List.of("focus", "select_session", "select_org").contains(intent.get())) {
      throw new Refusal(
          422,
          ClerkErrors.param(
              "form_param_value_invalid",
              "is invalid",
              "intent must be one of focus, select_session, select_org.",
              "intent"));
    }
    return fake.touchSession(c.request(), sessionId);
  }

  private FapiResponse environment() {
    FakeSettings s = fake.settings();
    return new FapiResponse(
        200,
        Optional.of(new Views.EnvironmentView(s)),
        Optional.empty(),
        List.of(),
        "",
        Optional.empty(),
        Optional.empty(),
        Duration.ZERO);
  }

  private static void allow(Head h, String method) throws Refusal {
    if (!h.method.equals(method)) {
      throw new Refusal(
          405,
          new FapiError(
              "method_not_allowed",
              "Method not allowed",
              h.method + " is not allowed on " + abbreviate(h.path) + "; use " + method + ".",
              Map.of()),
          method);
    }
  }

  private static String required(Call c, String name) throws Refusal {
    Optional<String> v = c.field(name);
    if (v.isEmpty() || v.get().isBlank()) {
      throw new Refusal(422, ClerkErrors.missing(name));
    }
    return v.get();
  }

  // ---- reading a request ----------------------------------------------------------------------

  /**
   * The request line and headers, checked in the order a client most needs to hear about: the
   * {@code Authorization} header first (a refusal after it hands the token back), then the query
   * string, the {@code _method} override and the API version.
   */
  private Head head(Exchange x, String path) throws Refusal {
    Request request = x.request;
    Optional<String> token = token(request);
    x.echo = token;
    Map<String, List<String>> query = form(rawQuery(request), "query string");
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    List<String> override = query.get("_method");
    if (override != null) {
      if (override.size() > 1) {
        throw new Refusal(400, malformed("Give _method once."));
      }
      String verb = override.get(0).toUpperCase(Locale.ROOT);
      if (!OVERRIDABLE.contains(verb)) {
        throw new Refusal(400, malformed("_method must be GET, POST, PUT, PATCH or DELETE."));
      }
      if (!method.equals("POST")) {
        throw new Refusal(400, malformed("_method overrides the method of a POST only."));
      }
      method = verb;
    }
    checkVersion(request, query);
    return new Head(
        method,
        path,
        query,
        token,
        Request.getRemoteAddr(request),
        Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_TYPE)));
  }

  private static String rawQuery(Request request) {
    String q = request.getHttpURI().getQuery();
    return q == null ? "" : q;
  }

  /** The form of a body: empty for no body; else it must be a UTF-8 form. */
  private static Map<String, List<String>> form(Head h, byte[] body) throws Refusal {
    if (body.length == 0) {
      return Map.of();
    }
    if (h.contentType.isEmpty() || !isForm(h.contentType.get())) {
      throw new Refusal(
          415,
          new FapiError(
              "unsupported_media_type",
              "Unsupported media type",
              "The Frontend API takes " + FORM + " bodies in UTF-8.",
              Map.of("content_type", h.contentType.map(FakeFapiServer::abbreviate).orElse(""))));
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(body))
              .toString(); // a fresh decoder REPORTs malformed input
    } catch (CharacterCodingException e) {
      throw new Refusal(400, malformed("The body is not UTF-8."));
    }
    return form(text, "body");
  }

  /** {@code application/x-www-form-urlencoded}, with no charset or with UTF-8. */
  private static boolean isForm(String contentType) {
    String[] parts = contentType.split(";");
    if (!parts[0].strip().equalsIgnoreCase(FORM)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].strip().split("=", 2);
      if (param[0].strip().equalsIgnoreCase("charset")
          && (param.length < 2 || !param[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, List<String>> form(String text, String where) throws Refusal {
    try {
      return FormCodec.parse(text);
    } catch (FormCodec.MalformedFormException e) {
      throw new Refusal(400, malformed("The " + where + " is malformed: " + e.getMessage() + "."));
    }
  }

  private static FapiError malformed(String longMessage) {
    return new FapiError("malformed_request", "is malformed", longMessage, Map.of());
  }

  private static void checkVersion(Request request, Map<String, List<String>> query)
      throws Refusal {
    List<String> inQuery = query.get("__clerk_api_version");
    List<String> inHeader = request.getHeaders().getValuesList("Clerk-API-Version");
    if ((inQuery != null && !inHeader.isEmpty())
        || (inQuery != null && inQuery.size() > 1)
        || inHeader.size() > 1) {
      throw new Refusal(
          400,
          new FapiError(
              "api_version_conflict",
              "Conflicting API versions",
              "Send the API version once, either as __clerk_api_version or as the"
                  + " Clerk-API-Version header, not both.",
              Map.of()));
    }
    String version = inQuery != null ? inQuery.get(0) : inHeader.isEmpty() ? null : inHeader.get(0);
    if (version != null && !version.strip().equals(API_VERSION)) {
      throw new Refusal(
          400,
          new FapiError(
              "api_version_invalid",
              "Unsupported API version",
              "This server speaks API version " + API_VERSION + ".",
              Map.of("supported", API_VERSION)));
    }
  }

  /**
   * The client token of {@code Authorization}: empty on first contact, else {@code Bearer <jwt>}.
   */
  private static Optional<String> token(Request request) throws Refusal {
    List<String> values = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
    if (values.size() > 1) {
      throw new Refusal(
          400,
          new FapiError(
              "multiple_authorization_header_values_forbidden",
              "Multiple Authorization header values",
              "Send a single Authorization header value.",
              Map.of()));
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (request.getHeaders().get(HttpHeader.ORIGIN) != null) {
      throw new Refusal(
          400,
          new FapiError(
              "origin_authorization_headers_conflict",
              "Origin and Authorization headers conflict",
              "A request may carry an Origin header or an Authorization header, not both.",
              Map.of()));
    }
    String value = values.get(0).strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = BEARER.matcher(value);
    if (!m.matches()) {
      throw new Refusal(
          401,
          new FapiError(
              "authorization_header_format_invalid",
              "Invalid Authorization header format",
              "The Authorization header must be 'Bearer <client token>', or empty on the first"
                  + " request.",
              Map.of()));
    }
    return Optional.of(m.group(1));
  }

  /** What to do with a body read in full. */
  @FunctionalInterface
  private interface BodyUse {
    void accept(byte[] body) throws Refusal;
  }

  /**
   * Reads the body without blocking a thread, at most {@link Builder#maxBodyBytes} bytes, then uses
   * it; a body over the cap is refused as soon as it is known to be (413), a client that stops
   * sending mid-body gets 408 at the idle timeout, an unreadable one 400.
   */
  private void readBody(Exchange x, BodyUse use) throws Refusal {
    if (x.request.getLength() > maxBodyBytes) {
      throw tooLarge();
    }
    new BodyReader(x, use).run();
  }

  private final class BodyReader implements Runnable {
    private final Exchange x;
    private final BodyUse use;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    BodyReader(Exchange x, BodyUse use) {
      this.x = x;
      this.use = use;
    }

    @Override
    public void run() {
      try {
        for (int i = 0; i < 1_000_000; i++) {
          Content.Chunk chunk = x.request.read();
          if (chunk == null) {
            x.request.demand(this);
            return;
          }
          if (Content.Chunk.isFailure(chunk)) {
            throw chunk.getFailure() instanceof TimeoutException
                ? new Refusal(
                    408,
                    new FapiError(
                        "request_timeout",
                        "Request timeout",
                        "The request body did not arrive in time.",
                        Map.of()))
                : new Refusal(400, malformed("The body could not be read."));
          }
          ByteBuffer b = chunk.getByteBuffer();
          boolean last = chunk.isLast();
          if (bytes.size() + b.remaining() > maxBodyBytes) {
            chunk.release();
            throw tooLarge();
          }
          byte[] part = new byte[b.remaining()];
          b.get(part);
          bytes.write(part, 0, part.length);
          chunk.release();
          if (last) {
            use.accept(bytes.toByteArray());
            return;
          }
        }
        throw new Refusal(400, malformed("The body came in too many pieces."));
      } catch (Refusal r) {
        x.refuse(r);
      } catch (RuntimeException e) {
        x.fail(e);
      }
    }
  }

  private Refusal tooLarge() {
    return new Refusal(
        413,
        new FapiError(
            "request_body_too_large",
            "Request body too large",
            "The request body is larger than " + maxBodyBytes + " bytes.",
            Map.of("max_bytes", maxBodyBytes)));
  }

  private String trace() {
    return "fake-" + Long.toHexString(traces.incrementAndGet());
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  // ---- Jetty's own answers ----------------------------------------------------------------------

  private static void sendJetty(Response response, Callback callback, int status, FapiError e) {
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(FapiJson.errors(List.of(e), "fake-http")), callback);
  }

  /**
   * Jetty's own errors — a request it cannot parse: a garbage request line (400), a request line
   * over 16 KiB (414), a header block over 16 KiB (431), an unknown HTTP version (505), a bad chunk
   * or Content-Length (400) — as Clerk-shaped JSON instead of HTML.
   */
  private static final class JsonErrors implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status =
          request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer i && i >= 400
              ? i
              : 500;
      sendJetty(response, callback, status, jettyError(status));
      return true;
    }

    private static FapiError jettyError(int status) {
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
                : malformed("The request could not be read (HTTP " + status + ").");
      };
    }
  }

  /**
   * Counts requests in flight so that {@link #close()} waits for them; a request that arrives on an
   * open connection while stopping gets a Clerk-shaped 503.
   */
  private static final class Draining extends GracefulHandler {
    Draining(Handler handler) {
      super(handler);
    }

    @Override
    protected void handleShutdownRejection(Request request, Response response, Callback callback) {
      sendJetty(response, callback, 503, JsonErrors.jettyError(503));
    }
  }

  /** Builds a {@link FakeFapiServer}. */
  public static final class Builder {
    private final FakeClerk fake;
    private int port;
    private int maxThreads = 16;
    private int maxBodyBytes = 64 * 1024;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration stopTimeout = Duration.ofSeconds(5);

    private Builder(FakeClerk fake) {
      this.fake = fake;
    }

    /** The port; 0 (the default) for an ephemeral one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** The most worker threads (default 16); requests beyond them wait in Jetty's queue. */
    public Builder maxThreads(int n) {
      if (n < 4) {
        throw new IllegalArgumentException("maxThreads must be at least 4: " + n);
      }
      this.maxThreads = n;
      return this;
    }

    /** The largest request body accepted (default 64 KiB); larger ones get 413. */
    public Builder maxBodyBytes(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive: " + n);
      }
      this.maxBodyBytes = n;
      return this;
    }

    /**
     * How long a connection may sit idle, mid-request included (default 30 s); a client that stops
     * sending its body gets 408 after it, one that stops mid-headers is disconnected.
     */
    public Builder idleTimeout(Duration d) {
      requireNonNull(d, "idleTimeout");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive: " + d);
      }
      this.idleTimeout = d;
      return this;
    }

    /** How long {@link FakeFapiServer#close()} waits for requests in flight (default 5 s). */
    public Builder stopTimeout(Duration d) {
      requireNonNull(d, "stopTimeout");
      if (d.isNegative()) {
        throw new IllegalArgumentException("stopTimeout must not be negative: " + d);
      }
      this.stopTimeout = d;
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws IllegalStateException when it cannot start (the port is taken, say)
     */
    public FakeFapiServer start() {
      FakeFapiServer s = new FakeFapiServer(this);
      try {
        s.server.start();
      } catch (Exception e) {
        try {
          s.server.stop();
        } catch (Exception ignored) {
          // Already failing; the start failure is what matters.
        }
        throw new IllegalStateException("the fake FAPI server could not start on port " + port, e);
      }
      return s;
    }
  }
}
