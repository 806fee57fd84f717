package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
 * oversized body — gets a Clerk-shaped error JSON, never a 500 and never a hang: workers are
 * bounded, idle connections time out, and {@link #close()} stops gracefully.
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

  private final FakeClerk fake;
  private final Server server;
  private final ServerConnector connector;
  private final int maxBodyBytes;
  private final ControlPlane control;

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
    server.addConnector(connector);
    server.setStopTimeout(b.stopTimeout.toMillis());
    server.setHandler(new Router());
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

  /** Stops accepting, lets requests in flight finish (up to the stop timeout), and closes. */
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

  /** One request as the router sees it. */
  private record Call(
      String method,
      String path,
      Map<String, List<String>> query,
      Map<String, List<String>> form,
      Optional<String> token,
      String ip) {

    Optional<String> field(String name) {
      List<String> values = form.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    FapiRequest request() {
      return FapiRequest.of(token, ip);
    }
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

  private final class Router extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      try {
        String path = request.getHttpURI().getPath();
        if (path == null) {
          path = "/";
        }
        if (path.startsWith("/__fake/") || path.equals("/__fake")) {
          ControlPlane.Answer a =
              control.handle(request.getMethod(), path, rawQuery(request), body(request));
          send(response, callback, a.status(), a.body(), Optional.empty(), Optional.empty());
          return true;
        }
        Call call = read(request, path);
        FapiResponse answer = dispatch(call);
        if (answer.dropped()) {
          request.getConnectionMetaData().getConnection().getEndPoint().close();
          callback.failed(new IOException("fault injected: connection dropped"));
          return true;
        }
        byte[] body = FapiJson.body(answer, envelope(call));
        Runnable write =
            () ->
                send(
                    response,
                    callback,
                    answer.status(),
                    body,
                    answer.clientToken(),
                    answer.retryAfter());
        if (answer.latency().isZero()) {
          write.run();
        } else {
          server.getScheduler().schedule(write, answer.latency().toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (Refusal r) {
        org.eclipse.jetty.http.HttpFields.Mutable h = response.getHeaders();
        if (r.allow != null) {
          h.put(HttpHeader.ALLOW, r.allow);
        }
        send(
            response,
            callback,
            r.status,
            FapiJson.errors(
                List.of(r.error), "fake-" + Long.toHexString(System.identityHashCode(r))),
            Optional.empty(),
            Optional.empty());
      } catch (RuntimeException e) {
        send(
            response,
            callback,
            500,
            FapiJson.errors(List.of(ClerkErrors.internal()), "fake-internal"),
            Optional.empty(),
            Optional.empty());
      }
      return true;
    }
  }

  private static boolean envelope(Call call) {
    return !(call.path.startsWith("/v1/client/sessions/") && call.path.endsWith("/tokens"));
  }

  private FapiResponse dispatch(Call c) throws Refusal {
    String p = c.path;
    if (p.equals("/v1/environment")) {
      allow(c, "GET");
      return environment(c);
    }
    if (p.equals("/v1/client")) {
      allow(c, "GET");
      return fake.getClient(c.request());
    }
    if (p.equals("/v1/client/sign_ins")) {
      allow(c, "POST");
      Optional<String> strategy = c.field("strategy");
      if (strategy.isPresent() && !strategy.get().equals("password")) {
        throw new Refusal(422, ClerkErrors.strategyInvalid("strategy"));
      }
      return fake.createSignIn(
          c.request(), c.field("identifier").orElse(""), c.field("password").orElse(""));
    }
    if (p.equals("/v1/client/sessions")) {
      allow(c, "DELETE");
      return fake.removeSessions(c.request());
    }
    Matcher m = SIGN_IN_PATH.matcher(p);
    if (m.matches()) {
      String id = m.group(1);
      String action = m.group(3);
      if (action == null) {
        allow(c, "GET");
        return fake.getSignIn(c.request(), id);
      }
      allow(c, "POST");
      String strategy = required(c, "strategy");
      if (action.equals("prepare_second_factor")) {
        Optional<String> destination =
            c.field("email_address_id").or(() -> c.field("phone_number_id"));
        return fake.prepareSecondFactor(
            c.request(), id, strategy, destination, c.field("redirect_url"));
      }
      return fake.attemptSecondFactor(c.request(), id, strategy, c.field("code").orElse(""));
    }
    m = SESSION_PATH.matcher(p);
    if (m.matches()) {
      String id = m.group(1);
      String action = m.group(3);
      if (action == null) {
        allow(c, "GET");
        return fake.getSession(c.request(), id);
      }
      allow(c, "POST");
      switch (action) {
        case "touch":
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
          return fake.touchSession(c.request(), id);
        case "tokens":
          return fake.createSessionToken(c.request(), id);
        case "end":
          return fake.endSession(c.request(), id);
        default:
          return fake.removeSession(c.request(), id);
      }
    }
    throw new Refusal(404, ClerkErrors.notFound("resource at " + abbreviate(p)));
  }

  private FapiResponse environment(Call c) {
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

  private static void allow(Call c, String method) throws Refusal {
    if (!c.method.equals(method)) {
      throw new Refusal(
          405,
          new FapiError(
              "method_not_allowed",
              "Method not allowed",
              c.method + " is not allowed on " + abbreviate(c.path) + "; use " + method + ".",
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

  private Call read(Request request, String path) throws Refusal {
    Map<String, List<String>> query = form(rawQuery(request), "query string");
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    List<String> override = query.get("_method");
    if (override != null && method.equals("POST")) {
      method = override.get(0).toUpperCase(Locale.ROOT);
      if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
        throw new Refusal(400, malformed("_method must be GET, POST, PUT, PATCH or DELETE."));
      }
    }
    checkVersion(request, query);
    Optional<String> token = token(request);
    Map<String, List<String>> form = Map.of();
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String text = body(request);
    if (!text.isEmpty()) {
      if (contentType == null
          || !contentType
              .toLowerCase(Locale.ROOT)
              .startsWith("application/x-www-form-urlencoded")) {
        throw new Refusal(
            415,
            new FapiError(
                "unsupported_media_type",
                "Unsupported media type",
                "The Frontend API takes application/x-www-form-urlencoded bodies.",
                Map.of()));
      }
      form = form(text, "body");
    }
    return new Call(method, path, query, form, token, Request.getRemoteAddr(request));
  }

  private static String rawQuery(Request request) {
    String q = request.getHttpURI().getQuery();
    return q == null ? "" : q;
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
    String inHeader = request.getHeaders().get("Clerk-API-Version");
    if (inQuery != null && inHeader != null) {
      throw new Refusal(
          400,
          new FapiError(
              "api_version_conflict",
              "Conflicting API versions",
              "Send the API version either as __clerk_api_version or as the Clerk-API-Version"
                  + " header, not both.",
              Map.of()));
    }
    String version = inQuery != null ? inQuery.get(0) : inHeader;
    if (version != null && !version.equals(API_VERSION)) {
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

  /** The request body as UTF-8, at most {@link Builder#maxBodyBytes} bytes. */
  private String body(Request request) throws Refusal {
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] buffer = new byte[maxBodyBytes + 1];
    int n = 0;
    try (InputStream in = Request.asInputStream(request)) {
      int r;
      while (n <= maxBodyBytes && (r = in.read(buffer, n, buffer.length - n)) > 0) {
        n += r;
      }
    } catch (IOException e) {
      throw new Refusal(400, malformed("The body could not be read."));
    }
    if (n > maxBodyBytes) {
      throw tooLarge();
    }
    return new String(buffer, 0, n, StandardCharsets.UTF_8);
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

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  // ---- writing --------------------------------------------------------------------------------

  private static void send(
      Response response,
      Callback callback,
      int status,
      byte[] body,
      Optional<String> token,
      Optional<Duration> retryAfter) {
    response.setStatus(status);
    org.eclipse.jetty.http.HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    token.ifPresent(t -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t));
    retryAfter.ifPresent(d -> h.put(HttpHeader.RETRY_AFTER, Long.toString(d.toSeconds())));
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Jetty's own errors (a request it cannot parse) as Clerk-shaped JSON instead of HTML. */
  private static final class JsonErrors implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Object code =
          request.getAttribute(org.eclipse.jetty.server.handler.ErrorHandler.ERROR_STATUS);
      int status = code instanceof Integer i ? i : 500;
      FapiError error =
          status >= 500
              ? ClerkErrors.internal()
              : malformed("The request could not be read (HTTP " + status + ").");
      send(
          response,
          callback,
          status,
          FapiJson.errors(List.of(error), "fake-http"),
          Optional.empty(),
          Optional.empty());
      return true;
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

    /** How long a connection may sit idle, mid-request included (default 30 s). */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = requireNonNull(d, "idleTimeout");
      return this;
    }

    /** How long {@link FakeFapiServer#close()} waits for requests in flight (default 5 s). */
    public Builder stopTimeout(Duration d) {
      this.stopTimeout = requireNonNull(d, "stopTimeout");
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
