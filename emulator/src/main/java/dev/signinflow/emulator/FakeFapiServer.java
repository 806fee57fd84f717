package dev.signinflow.emulator;

import static java.util.Objects.requireNonNull;

import dev.signinflow.transport.fake.FakeClerk;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 * oversized body — gets a Clerk-shaped error JSON, never a 500 and never a hang: bodies are read
 * without holding a worker thread, injected latency holds a response on a timer rather than on a
 * thread, a client that stalls mid-body is cut off after the idle timeout (408), one that takes
 * longer than the header timeout over its headers is disconnected, and {@link #close()} lets
 * requests in flight finish. Requests Jetty itself cannot parse (a garbage request line, a header
 * block over 16 KiB, a bad chunk) get the same error shape with Jetty's status.
 *
 * <p>The control plane answers only requests whose {@code Host} is a loopback name, refuses
 * cross-origin requests but from origins allowed by name ({@link Builder#allowOrigin(String)}), and
 * takes writes as {@code application/json} only: a web page open in a browser on the same machine
 * cannot read its codes or change it.
 *
 * <p>Session tokens are RS256 JWTs a backend verifies as it verifies Clerk's: the key set is at
 * {@link #jwksUrl()}, and once started the server is the fake's Frontend API URL ({@link
 * FakeClerk#frontendApiUrl(String)}), so the tokens' {@code iss} is {@link #baseUrl()}.
 *
 * <p>Binds to 127.0.0.1 only. Thread-safe.
 */
public final class FakeFapiServer implements AutoCloseable {
  /** The API version this server speaks. */
  public static final String API_VERSION = "2026-05-12";

  private static final long SHUTDOWN_IDLE_MILLIS = 100;

  private final FakeClerk fake;
  private final Server server;
  private final ServerConnector connector;
  private final FapiRoutes routes;
  private final ControlGuard control;
  private final AtomicLong traces = new AtomicLong();

  private FakeFapiServer(Builder b) {
    this.fake = b.fake;
    QueuedThreadPool pool = new QueuedThreadPool(b.maxThreads, Math.min(4, b.maxThreads));
    pool.setName("fake-fapi");
    pool.setDaemon(true);
    this.server = new Server(pool);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(true);
    config.setRequestHeaderSize(16 * 1024);
    HeaderDeadline deadline = new HeaderDeadline(b.headerTimeout);
    config.addCustomizer(deadline);
    this.connector = deadline.connector(server, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(b.port);
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    // On close, idle keep-alive connections go at once; requests in flight still finish.
    connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
    server.addConnector(connector);
    server.setStopTimeout(b.stopTimeout.toMillis());
    JettyErrors.Draining draining = new JettyErrors.Draining(new Router());
    draining.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
    server.setHandler(draining);
    server.setErrorHandler(new JettyErrors());
    this.routes = new FapiRoutes(fake, server.getScheduler(), b.maxBodyBytes);
    this.control = new ControlGuard(new ControlPlane(fake), b.maxBodyBytes, b.allowedOrigins);
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

  /**
   * Where a backend fetches the key set that verifies session tokens: {@link #baseUrl()} + {@code
   * /.well-known/jwks.json}, as Clerk serves it on its Frontend API.
   */
  public URI jwksUrl() {
    return URI.create(baseUrl() + FapiRoutes.JWKS_PATH);
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

  /**
   * Every request: the edge's rules first, then the control plane's paths to its guard, all others
   * to the Frontend API's routes.
   */
  private final class Router extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Exchange x = new Exchange(request, response, callback, FakeFapiServer.this::trace);
      try {
        try {
          HttpEdge.check(request);
        } catch (Refusal r) {
          // The body cannot be read as sent: nothing more on this connection.
          x.header(HttpHeader.CONNECTION, "close");
          throw r;
        }
        String path = request.getHttpURI().getPath();
        if (path == null || path.isEmpty()) {
          path = "/";
        }
        if (ControlGuard.owns(path)) {
          control.serve(x, path);
        } else {
          routes.serve(x, path);
        }
      } catch (Refusal r) {
        x.refuse(r);
      } catch (RuntimeException e) {
        x.fail(e);
      }
      return true;
    }
  }

  private String trace() {
    return "fake-" + Long.toHexString(traces.incrementAndGet());
  }

  /** Builds a {@link FakeFapiServer}. */
  public static final class Builder {
    private final FakeClerk fake;
    private int port;
    private int maxThreads = 16;
    private int maxBodyBytes = 64 * 1024;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration stopTimeout = Duration.ofSeconds(5);
    private Duration headerTimeout = Duration.ofSeconds(10);
    private final Set<String> allowedOrigins = new LinkedHashSet<>();

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

    /**
     * How long a client has from the first byte of a request to the end of its headers (default 10
     * s), however steadily it sends; past it, the connection is closed with no answer. A body is
     * not under it (see {@link #idleTimeout(Duration)}), nor is an idle keep-alive connection.
     */
    public Builder headerTimeout(Duration d) {
      requireNonNull(d, "headerTimeout");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("headerTimeout must be positive: " + d);
      }
      this.headerTimeout = d;
      return this;
    }

    /**
     * Allows cross-origin requests from this origin to the control plane, such as {@code
     * http://localhost:3000} for a browser-based test tool; call once for each. The control plane
     * answers such requests with CORS headers, preflights included. Without it, a request with an
     * {@code Origin} header gets 403. FAPI paths keep Clerk's rules either way.
     *
     * @param origin scheme, host and optional port, nothing else
     * @throws IllegalArgumentException when it is not an http or https origin
     */
    public Builder allowOrigin(String origin) {
      requireNonNull(origin, "origin");
      allowedOrigins.add(ControlGuard.origin(origin));
      return this;
    }

    /**
     * Sets the instance's secret key, which proxy requests must carry in {@code Clerk-Secret-Key}
     * (see {@link FakeClerk#secretKey(String)}); it takes effect on the fake at once. The control
     * plane can set it later ({@code PUT /__fake/secret_key}).
     *
     * @throws IllegalArgumentException when it is not {@code sk_test_...} or {@code sk_live_...};
     *     the message does not repeat it
     */
    public Builder secretKey(String key) {
      fake.secretKey(requireNonNull(key, "secretKey"));
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
      // Session tokens name their issuer: this server, as a backend reaches it for the JWKS.
      fake.frontendApiUrl(s.baseUrl().toString());
      return s;
    }
  }
}
