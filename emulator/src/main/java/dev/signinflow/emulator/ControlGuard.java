package dev.signinflow.emulator;

import dev.signinflow.transport.fake.FapiError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The door of the control plane under {@code /__fake/}: who may call it. The emulator listens on
 * 127.0.0.1 only, but a web page in a browser on the same machine can still reach it — through DNS
 * rebinding (its own host name resolving to 127.0.0.1) or with a cross-origin "simple" request —
 * and the control plane has no authentication: it hands out codes and resets, adds users, moves the
 * clock. So, before {@link ControlPlane} sees a request:
 *
 * <ul>
 *   <li>its {@code Host} must be a loopback name — {@code 127.0.0.1}, {@code localhost} or {@code
 *       [::1]}, any port — else 421 {@code host_not_allowed} (RFC 9110 §15.5.20: the request was
 *       directed at a server not configured to answer for that origin);
 *   <li>a request with an {@code Origin} header (a browser's cross-origin request) is refused, 403
 *       {@code origin_not_allowed}, unless its origin is one allowed by name ({@link
 *       FakeFapiServer.Builder#allowOrigin(String)}); for those it answers CORS: a preflight gets
 *       204 with the call's methods and {@code Content-Type} allowed, every answer {@code
 *       Access-Control-Allow-Origin};
 *   <li>then {@link ControlPlane} requires {@code application/json} on writes, which a browser
 *       sends only after a preflight.
 * </ul>
 *
 * <p>FAPI paths do not pass here: they keep Clerk's own rules.
 */
final class ControlGuard {
  private static final Pattern LOOPBACK_HOST =
      Pattern.compile("(?i)(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?");
  private static final Set<String> LOOPBACK_NAMES =
      Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final ControlPlane control;
  private final int maxBodyBytes;
  private final Set<String> allowedOrigins;

  /**
   * @param allowedOrigins origins as {@link #origin(String)} writes them
   */
  ControlGuard(ControlPlane control, int maxBodyBytes, Set<String> allowedOrigins) {
    this.control = control;
    this.maxBodyBytes = maxBodyBytes;
    this.allowedOrigins = Set.copyOf(allowedOrigins);
  }

  /** Whether this path is the control plane's. */
  static boolean owns(String path) {
    return path.startsWith("/__fake/") || path.equals("/__fake");
  }

  /**
   * An origin as a browser writes it in {@code Origin}: {@code scheme://host[:port]}, lower case,
   * without the scheme's default port.
   *
   * @throws IllegalArgumentException when this is not an http or https origin (a path, a query,
   *     user info, {@code null} or {@code *})
   */
  static String origin(String url) {
    URI u;
    try {
      u = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an origin: '" + url + "'", e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    boolean bare =
        (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))
            && u.getRawQuery() == null
            && u.getRawFragment() == null
            && u.getRawUserInfo() == null;
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || !bare) {
      throw new IllegalArgumentException(
          "not an origin: '"
              + url
              + "'; give scheme, host and port only, such as http://localhost:3000");
    }
    int port = u.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  /**
   * Serves a control-plane request.
   *
   * @throws Refusal for a request this door refuses, or a mistake found before the body is read
   */
  void serve(Exchange x, String path) throws Refusal {
    Request request = x.request;
    checkHost(request);
    Optional<String> origin = checkOrigin(request);
    String method = request.getMethod();
    if (origin.isPresent()) {
      x.header(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
      x.header(HttpHeader.VARY, "Origin");
      List<String> methods = ControlPlane.methodsAt(path);
      if (method.equals("OPTIONS")
          && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD)
          && !methods.isEmpty()) {
        x.header(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", methods));
        x.header(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
        x.header(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
        x.sendNoContent();
        return;
      }
    }
    String query = HttpEdge.rawQuery(request);
    Optional<String> contentType =
        Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    BodyReader.read(
        x,
        maxBodyBytes,
        bytes -> {
          ControlPlane.Answer a = control.handle(method, path, query, contentType, bytes);
          if (a.allow() != null) {
            x.header(HttpHeader.ALLOW, a.allow());
          }
          x.send(a.status(), a.body(), Optional.empty(), Optional.empty());
        });
  }

  /** 421 unless {@code Host} (and an absolute request target) names a loopback address. */
  private static void checkHost(Request request) throws Refusal {
    List<String> hosts = request.getHeaders().getValuesList(HttpHeader.HOST);
    String uriHost = request.getHttpURI().getHost();
    boolean loopback =
        hosts.size() == 1
            && LOOPBACK_HOST.matcher(hosts.get(0).strip()).matches()
            && (uriHost == null || LOOPBACK_NAMES.contains(uriHost.toLowerCase(Locale.ROOT)));
    if (!loopback) {
      String given = hosts.isEmpty() ? "no Host header" : "Host '" + hosts.get(0) + "'";
      throw new Refusal(
          421,
          new FapiError(
              "host_not_allowed",
              "Host not allowed",
              "The control plane answers requests for 127.0.0.1, localhost or [::1] only, not "
                  + Refusal.abbreviate(given)
                  + " (a guard against DNS rebinding).",
              Map.of()));
    }
  }

  /** The allowed origin of a cross-origin request, empty for a request without {@code Origin}. */
  private Optional<String> checkOrigin(Request request) throws Refusal {
    List<String> origins = request.getHeaders().getValuesList(HttpHeader.ORIGIN);
    if (origins.isEmpty()) {
      return Optional.empty();
    }
    String origin = origins.get(0).strip().toLowerCase(Locale.ROOT);
    if (origins.size() > 1 || !allowedOrigins.contains(origin)) {
      throw new Refusal(
          403,
          new FapiError(
              "origin_not_allowed",
              "Origin not allowed",
              "The control plane refuses cross-origin requests from "
                  + Refusal.abbreviate("'" + origins.get(0) + "'")
                  + "; allow an origin by name with FakeFapiServer.Builder.allowOrigin or signin"
                  + " emulator --allow-origin.",
              Map.of()));
    }
    return Optional.of(origin);
  }

  /** The origins, each as {@link #origin(String)} writes it, in order and once. */
  static Set<String> origins(List<String> urls) {
    Set<String> out = new LinkedHashSet<>();
    for (String url : urls) {
      out.add(origin(url));
    }
    return out;
  }
}
