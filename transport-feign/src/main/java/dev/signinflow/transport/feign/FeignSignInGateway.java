package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import feign.Client;
import feign.Feign;
import feign.FeignException;
import feign.Logger;
import feign.Request;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Clerk's Frontend API over HTTP, with OpenFeign: the {@link SignInGateway} for production.
 *
 * <p>It speaks FAPI as Clerk's native SDKs do: {@code _is_native=true} and the API version pin
 * {@code __clerk_api_version=2026-05-12} on every request (never the version header too), the
 * client token as {@code Authorization: Bearer <token>} (empty on a device's first contact), never
 * an {@code Origin} header, form-urlencoded bodies with snake_case keys. It reads the token from
 * every response, errors included. JSON is read tolerantly: unknown fields are ignored and unknown
 * statuses and strategies kept as {@code UNKNOWN} with their raw value.
 *
 * <p>Failures are results, never exceptions: Clerk's error bodies become {@link
 * GatewayResult.Rejected}; a 429 becomes {@link GatewayResult.RateLimited} with the instant from
 * {@code Retry-After} (seconds or an HTTP date); timeouts, refused or dropped connections, 5xx and
 * bodies that are not Clerk's become {@link GatewayResult.Unavailable}. Requests are never retried,
 * except once after a 429 whose wait is at most {@link Builder#maxAutomaticRetryWait(Duration)}.
 *
 * <p>Defaults: connect timeout 5 s and read timeout 10 s — FAPI answers in well under a second, and
 * a person at a sign-in form is better told "try again" than kept waiting; sending an SMS (prepare)
 * is the slowest call and stays far below 10 s. The read timeout bounds the whole response, body
 * included, and bodies over 1 MiB are refused. The HTTP client is the JDK's {@link HttpClient} over
 * HTTP/1.1, which never retries a POST by itself (unlike {@code HttpURLConnection}, which may
 * resend one after a connection reset).
 *
 * <p>Feign does the work, each piece in its place: {@link FapiApi} declares the operations (the
 * form fields and the call's {@code Authorization} header as parameters), {@link FormEncoder}
 * writes the form bodies, {@link FapiDecoder} binds 2xx bodies with feign-jackson's {@code
 * JacksonDecoder} into an {@link Answer} that carries the response's client token, {@link
 * FapiErrorDecoder} turns every other answer into the port's failure, {@link RateLimitRetryer}
 * makes the one retry, {@link RedactingLogger} logs, {@link FapiTarget} adds what every request
 * carries, and {@link JdkHttpClient} sends. This class only maps the port to {@link FapiApi}.
 *
 * <p>Thread-safe; build one per Frontend API and share it.
 *
 * <p>Over 600 lines: the port's ten operations (a few lines each) and the builder, whose URL,
 * publishable-key and proxy-mode checks are security checks kept beside the options they guard. The
 * next option to add should move the builder's checks into their own class.
 */
public final class FeignSignInGateway implements SignInGateway {
  /** The FAPI version this transport speaks. */
  public static final String API_VERSION = "2026-05-12";

  private static final int MAX_BODY_BYTES = 1024 * 1024;

  /** One mapper for every gateway: configured once, its bindings cached once. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  static final String USER_AGENT = "User-Agent";
  static final String FORWARDED_FOR = "X-Forwarded-For";

  private final URI baseUrl;
  private final Optional<URI> proxyUrl;
  private final FapiApi api;

  private FeignSignInGateway(Builder b, URI baseUrl) {
    this.baseUrl = baseUrl;
    this.proxyUrl = Optional.ofNullable(b.proxyUrl);
    Client http =
        b.client != null
            ? b.client
            : new JdkHttpClient(
                HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(b.connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build(),
                MAX_BODY_BYTES);
    this.api =
        Feign.builder()
            .client(http)
            .encoder(new FormEncoder())
            .decoder(new FapiDecoder(JSON, MAX_BODY_BYTES))
            .errorDecoder(new FapiErrorDecoder(JSON, b.clock, MAX_BODY_BYTES))
            .retryer(new RateLimitRetryer(b.clock, b.maxAutomaticRetryWait, b.pause))
            .options(
                new Request.Options(
                    b.connectTimeout.toMillis(),
                    TimeUnit.MILLISECONDS,
                    b.readTimeout.toMillis(),
                    TimeUnit.MILLISECONDS,
                    false))
            .logger(new RedactingLogger(MAX_BODY_BYTES))
            .logLevel(b.logLevel)
            .target(
                new FapiTarget(
                    baseUrl.toString(),
                    b.proxyUrl == null ? null : b.proxyUrl.toString(),
                    b.secretKey));
  }

  /** A builder; give it a Frontend API URL or a publishable key. */
  public static Builder builder() {
    return new Builder();
  }

  /** A gateway to this Frontend API URL, with the defaults. */
  public static FeignSignInGateway forFrontendApi(String url) {
    return builder().frontendApi(url).build();
  }

  /** The Frontend API URL requests go to. */
  public URI frontendApi() {
    return baseUrl;
  }

  /** The proxy URL requests name in proxy mode ({@code Clerk-Proxy-Url}); empty otherwise. */
  public Optional<URI> proxyUrl() {
    return proxyUrl;
  }

  /**
   * In proxy mode, the end user's address: Clerk counts a proxy request's rate limits by its {@code
   * X-Forwarded-For}. Otherwise empty: every call counts against this server's address.
   */
  @Override
  public Optional<String> rateLimitBucket(RequestContext context) {
    return proxyUrl.isPresent() ? context.clientIpText() : Optional.empty();
  }

  // ---- the port -------------------------------------------------------------------------------

  @Override
  public GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password) {
    requireNonNull(identifier, "identifier");
    requireNonNull(password, "password");
    return call(
        null,
        context,
        clientToken,
        headers ->
            api.createSignIn(
                headers,
                "password",
                identifier.value(),
                password,
                context.languageTag().orElse(null)));
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    requireNonNull(signInId, "signInId");
    requireNonNull(factor, "factor");
    requireNonNull(redirectUrl, "redirectUrl");
    String factorId = factor.id().orElse(null);
    boolean phone = factor.strategy() == Strategy.PHONE_CODE;
    String redirect = factor.strategy() == Strategy.EMAIL_LINK ? redirectUrl.orElse(null) : null;
    return call(
        signInId,
        context,
        clientToken,
        headers ->
            api.prepareSecondFactor(
                headers,
                FapiApi.segment(signInId),
                factor.rawStrategy(),
                phone ? null : factorId,
                phone ? factorId : null,
                redirect));
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    requireNonNull(signInId, "signInId");
    requireNonNull(strategy, "strategy");
    requireNonNull(code, "code");
    return call(
        signInId,
        context,
        clientToken,
        headers ->
            api.attemptSecondFactor(headers, FapiApi.segment(signInId), strategy.wireName(), code));
  }

  @Override
  public GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    requireNonNull(signInId, "signInId");
    return call(
        signInId,
        context,
        clientToken,
        headers -> api.getSignIn(headers, FapiApi.segment(signInId)));
  }

  @Override
  public GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    requireNonNull(sessionId, "sessionId");
    return call(
        sessionId,
        context,
        clientToken,
        headers -> api.touchSession(headers, FapiApi.segment(sessionId), "", "select_session"));
  }

  @Override
  public GatewayResult<dev.signinflow.engine.spi.Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    return call(null, context, clientToken, api::getClient);
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    requireNonNull(sessionId, "sessionId");
    requireNonNull(organizationId, "organizationId");
    return call(
        sessionId,
        context,
        clientToken,
        headers ->
            api.createSessionToken(
                headers, FapiApi.segment(sessionId), organizationId.orElse(null)));
  }

  @Override
  public GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    requireNonNull(sessionId, "sessionId");
    return call(
        sessionId,
        context,
        clientToken,
        headers -> api.endSession(headers, FapiApi.segment(sessionId)));
  }

  @Override
  public GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    requireNonNull(sessionId, "sessionId");
    return call(
        sessionId,
        context,
        clientToken,
        headers -> api.removeSession(headers, FapiApi.segment(sessionId)));
  }

  @Override
  public GatewayResult<dev.signinflow.engine.spi.Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    return call(null, context, clientToken, api::removeAllSessions);
  }

  // ---- one call -------------------------------------------------------------------------------

  /**
   * One call of the API with the headers of this token: its answer, or the failure Feign threw.
   * Feign's retryer has made the one retry after a short 429 by then, if there was one.
   */
  private <T> GatewayResult<T> call(
      String id,
      RequestContext context,
      Optional<ClientToken> token,
      Function<Map<String, String>, Answer<T>> call) {
    requireNonNull(context, "context");
    requireNonNull(token, "clientToken");
    if (id != null && id.isBlank()) {
      return unavailable("not sent: the id in the path is empty", null, Optional.empty());
    }
    try {
      Answer<T> answer = call.apply(headers(context, token));
      return new GatewayResult.Success<>(answer.value(), answer.clientToken());
    } catch (FapiFailure e) {
      return e.result();
    } catch (FapiRateLimit e) {
      return e.result();
    } catch (FeignException e) {
      // The request failed on the network, before any response (or the retry's did).
      return unavailable(describe(e), e, ClientTokens.ofRetry(e.request()));
    } catch (RuntimeException e) {
      return unavailable(
          "the request failed: " + e.getClass().getSimpleName(), e, Optional.empty());
    }
  }

  /**
   * The call's own headers: the client token's {@code Authorization}, the end user's {@code
   * User-Agent}, and in proxy mode their address as {@code X-Forwarded-For}. Feign expands header
   * values as templates, so braces in a user agent are replaced by parentheses.
   */
  private Map<String, String> headers(RequestContext context, Optional<ClientToken> token) {
    Map<String, String> auth = ClientTokens.headers(token);
    if (context.isEmpty()) {
      return auth;
    }
    Map<String, String> headers = new HashMap<>(auth);
    context
        .userAgent()
        .ifPresent(ua -> headers.put(USER_AGENT, ua.replace('{', '(').replace('}', ')')));
    if (proxyUrl.isPresent()) {
      context.clientIpText().ifPresent(ip -> headers.put(FORWARDED_FOR, ip));
    }
    return headers;
  }

  private static String describe(FeignException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String kind = cause.getClass().getSimpleName();
    if (kind.contains("Timeout") || cause instanceof java.net.http.HttpTimeoutException) {
      return "the request timed out (" + kind + ")";
    }
    if (cause instanceof java.net.ConnectException) {
      return "the connection was refused (" + kind + ")";
    }
    return "the request failed (" + kind + ")";
  }

  private static <T> GatewayResult<T> unavailable(
      String reason, Throwable cause, Optional<ClientToken> token) {
    return new GatewayResult.Unavailable<>(reason, Optional.ofNullable(cause), token);
  }

  @Override
  public String toString() {
    return "FeignSignInGateway["
        + baseUrl
        + proxyUrl.map(u -> ", proxy mode " + u + ", secret key [redacted]").orElse("")
        + "]";
  }

  // ---- building -------------------------------------------------------------------------------

  /** Builds a {@link FeignSignInGateway}. Not thread-safe; use once. */
  public static final class Builder {
    private URI baseUrl;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration maxAutomaticRetryWait = Duration.ofSeconds(2);
    private Clock clock = Clock.systemUTC();
    private Client client;
    private Logger.Level logLevel = Logger.Level.NONE;
    private RateLimitRetryer.Pause pause = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());
    private URI proxyUrl;
    private String secretKey;

    private Builder() {}

    /**
     * The Frontend API URL, such as {@code https://clerk.example.com} or the emulator's {@code
     * http://127.0.0.1:4010}.
     *
     * @throws IllegalArgumentException when it is not an absolute URL, or is plain HTTP to a host
     *     other than loopback
     */
    public Builder frontendApi(String url) {
      requireNonNull(url, "url");
      this.baseUrl = checkUrl(url);
      return this;
    }

    /**
     * The Frontend API of the instance a publishable key names ({@code pk_test_...} or {@code
     * pk_live_...}, the host base64-encoded and ended by {@code $}).
     *
     * @throws IllegalArgumentException when the key is malformed; the message says how
     */
    public Builder publishableKey(String key) {
      requireNonNull(key, "key");
      this.baseUrl = checkUrl("https://" + hostOf(key));
      return this;
    }

    /** How long to wait for a connection (default 5 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** How long to wait for a whole response, headers and body (default 10 s). */
    public Builder readTimeout(Duration d) {
      this.readTimeout = positive(d, "readTimeout");
      return this;
    }

    /**
     * The longest {@code Retry-After} of a 429 that is waited out and retried once (default 2 s);
     * zero never retries. Longer waits are returned as {@link GatewayResult.RateLimited}.
     */
    public Builder maxAutomaticRetryWait(Duration d) {
      requireNonNull(d, "maxAutomaticRetryWait");
      if (d.isNegative()) {
        throw new IllegalArgumentException("maxAutomaticRetryWait must not be negative: " + d);
      }
      this.maxAutomaticRetryWait = d;
      return this;
    }

    /** The clock {@code Retry-After} is read against (default: the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The HTTP client (default: the JDK's {@link HttpClient} over HTTP/1.1, with the read timeout
     * covering the body too). It must not retry POSTs by itself, and it should bound the time a
     * body may take: {@link #readTimeout(Duration)} reaches it only through {@link
     * Request.Options}.
     */
    public Builder client(Client client) {
      this.client = requireNonNull(client, "client");
      return this;
    }

    /**
     * How much Feign logs, through {@link System.Logger} at DEBUG (default {@code NONE}).
     * Passwords, codes and tokens are redacted at every level.
     */
    public Builder logLevel(Logger.Level level) {
      this.logLevel = requireNonNull(level, "level");
      return this;
    }

    /**
     * Proxy mode (Clerk's "Proxying the Clerk Frontend API", production instances only): this
     * server stands between its users and the Frontend API, and every request carries {@code
     * Clerk-Proxy-Url} (this URL), {@code Clerk-Secret-Key} (the instance's secret key) and, from
     * each call's {@link RequestContext}, {@code X-Forwarded-For} (the end user's address), so that
     * Clerk counts rate limits and runs its checks per end user, not per server.
     *
     * <p>The secret key is a secret: it is sent only in its header, never logged (at any {@link
     * #logLevel(Logger.Level)}), and never in a {@code toString()} or an exception message. It is
     * refused, when the gateway is built, for a Frontend API over plain HTTP to a host other than
     * loopback.
     *
     * @param proxyUrl the proxy's public URL, such as {@code https://app.example.com/__clerk}: an
     *     absolute https URL (http only for loopback), without user info, query or fragment
     * @param secretKey the instance's secret key, {@code sk_live_...} (or {@code sk_test_...} for
     *     the emulator; Clerk's development instances do not support proxying)
     * @throws IllegalArgumentException when either is malformed; the message never holds the key
     */
    public Builder proxyMode(String proxyUrl, String secretKey) {
      requireNonNull(proxyUrl, "proxyUrl");
      requireNonNull(secretKey, "secretKey");
      this.proxyUrl = checkProxyUrl(proxyUrl);
      if (!SECRET_KEY.matcher(secretKey).matches()) {
        throw new IllegalArgumentException(
            "a secret key is sk_live_ or sk_test_ followed by letters and digits");
      }
      this.secretKey = secretKey;
      return this;
    }

    Builder pause(RateLimitRetryer.Pause p) {
      this.pause = requireNonNull(p, "pause");
      return this;
    }

    /**
     * The gateway.
     *
     * @throws IllegalStateException when neither a Frontend API URL nor a publishable key was given
     */
    public FeignSignInGateway build() {
      if (baseUrl == null) {
        throw new IllegalStateException(
            "give the Frontend API: builder().frontendApi(url) or .publishableKey(key)");
      }
      if (secretKey != null
          && baseUrl.getScheme().equals("http")
          && !isLoopback(baseUrl.getHost())) {
        // checkUrl refuses this already; the key must never travel in the clear, whatever changes.
        throw new IllegalStateException(
            "proxy mode sends the secret key: the Frontend API needs HTTPS");
      }
      return new FeignSignInGateway(this, baseUrl);
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    static String hostOf(String key) {
      String prefix;
      if (key.startsWith("pk_test_")) {
        prefix = "pk_test_";
      } else if (key.startsWith("pk_live_")) {
        prefix = "pk_live_";
      } else {
        throw new IllegalArgumentException(
            "a publishable key starts with pk_test_ or pk_live_ (got "
                + (key.length() > 8 ? key.substring(0, 8) + "…" : key)
                + ")");
      }
      String encoded = key.substring(prefix.length()).strip();
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(padded(encoded)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the publishable key's host part is not base64: " + e.getMessage());
      }
      if (!decoded.endsWith("$")) {
        throw new IllegalArgumentException(
            "the publishable key's host part must end with '$' once decoded");
      }
      String host = decoded.substring(0, decoded.length() - 1);
      if (!host.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?") || host.startsWith(".")) {
        throw new IllegalArgumentException(
            "the publishable key names no valid host: '"
                + host.replaceAll("[^\\x20-\\x7e]", "?")
                + "'");
      }
      return host;
    }

    private static String padded(String b64) {
      int rest = b64.length() % 4;
      return rest == 0 ? b64 : b64 + "=".repeat(4 - rest);
    }

    private static final java.util.regex.Pattern SECRET_KEY =
        java.util.regex.Pattern.compile("sk_(live|test)_[A-Za-z0-9]{8,200}");

    static URI checkProxyUrl(String url) {
      URI uri;
      try {
        uri = URI.create(url.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the proxy URL is not a URL");
      }
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new IllegalArgumentException("the proxy URL must be an absolute URL");
      }
      if (uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "the proxy URL takes no user info, query or fragment: " + uri.getHost());
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
        throw new IllegalArgumentException(
            "the proxy URL needs HTTPS; plain HTTP is only for loopback hosts: " + uri.getHost());
      }
      return uri;
    }

    static URI checkUrl(String url) {
      URI uri;
      try {
        uri = URI.create(url.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a URL: " + url);
      }
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new IllegalArgumentException("the Frontend API must be an absolute URL: " + url);
      }
      if (uri.getRawUserInfo() != null) {
        // Not echoed: user info may hold a password.
        throw new IllegalArgumentException(
            "the Frontend API URL takes no user info (name:password@): " + uri.getHost());
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("the Frontend API URL takes no query or fragment");
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      if (!path.isEmpty() && !path.equals("/")) {
        throw new IllegalArgumentException(
            "the Frontend API URL is a host, without a path (the /v1/ paths are added): " + url);
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("http") && !isLoopback(uri.getHost())) {
        throw new IllegalArgumentException(
            "the Frontend API needs HTTPS; plain HTTP is only for loopback hosts: " + url);
      }
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("the Frontend API needs HTTPS: " + url);
      }
      return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    private static boolean isLoopback(String host) {
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (h.equalsIgnoreCase("localhost")) {
        return true;
      }
      if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
        return false;
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
