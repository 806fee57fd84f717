package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.ResponseKind;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import feign.Client;
import feign.Feign;
import feign.FeignException;
import feign.Logger;
import feign.Request;
import feign.Response;
import feign.Retryer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

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
 * <p>Thread-safe; build one per Frontend API and share it.
 */
public final class FeignSignInGateway implements SignInGateway {
  /** The FAPI version this transport speaks. */
  public static final String API_VERSION = "2026-05-12";

  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  private final URI baseUrl;
  private final FapiTarget target;
  private final FapiApi api;
  private final Clock clock;
  private final Duration maxAutomaticRetryWait;
  private final Pause pause;

  /** Waits before the one retry after a short 429; tests replace it. */
  @FunctionalInterface
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private FeignSignInGateway(Builder b, URI baseUrl) {
    this.baseUrl = baseUrl;
    this.clock = b.clock;
    this.maxAutomaticRetryWait = b.maxAutomaticRetryWait;
    this.pause = b.pause;
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
    this.target = new FapiTarget(baseUrl.toString());
    this.api =
        Feign.builder()
            .client(http)
            .retryer(Retryer.NEVER_RETRY)
            .options(
                new Request.Options(
                    b.connectTimeout.toMillis(),
                    TimeUnit.MILLISECONDS,
                    b.readTimeout.toMillis(),
                    TimeUnit.MILLISECONDS,
                    false))
            .logger(new RedactingLogger())
            .logLevel(b.logLevel)
            .target(target);
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

  // ---- the port -------------------------------------------------------------------------------

  @Override
  public GatewayResult<SignIn> createSignIn(
      Optional<ClientToken> clientToken, Identifier identifier, Password password) {
    requireNonNull(identifier, "identifier");
    requireNonNull(password, "password");
    String form =
        Form.of()
            .put("strategy", "password")
            .put("identifier", identifier.value())
            .put("password", password.reveal())
            .encode();
    return call(null, clientToken, () -> api.createSignIn(form), FeignSignInGateway::signIn);
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    requireNonNull(signInId, "signInId");
    requireNonNull(factor, "factor");
    requireNonNull(redirectUrl, "redirectUrl");
    Form form = Form.of().put("strategy", factor.rawStrategy());
    if (factor.id().isPresent()) {
      form.put(
          factor.strategy() == Strategy.PHONE_CODE ? "phone_number_id" : "email_address_id",
          factor.id().get());
    }
    if (factor.strategy() == Strategy.EMAIL_LINK) {
      form.put("redirect_url", redirectUrl.orElse(null));
    }
    String body = form.encode();
    String id = Form.segment(signInId);
    return call(
        signInId, clientToken, () -> api.prepareSecondFactor(id, body), FeignSignInGateway::signIn);
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    requireNonNull(signInId, "signInId");
    requireNonNull(strategy, "strategy");
    requireNonNull(code, "code");
    String body =
        Form.of().put("strategy", strategy.wireName()).put("code", code.reveal()).encode();
    String id = Form.segment(signInId);
    return call(
        signInId, clientToken, () -> api.attemptSecondFactor(id, body), FeignSignInGateway::signIn);
  }

  @Override
  public GatewayResult<SignIn> getSignIn(Optional<ClientToken> clientToken, String signInId) {
    requireNonNull(signInId, "signInId");
    String id = Form.segment(signInId);
    return call(signInId, clientToken, () -> api.getSignIn(id), FeignSignInGateway::signIn);
  }

  @Override
  public GatewayResult<Session> activateSession(
      Optional<ClientToken> clientToken, String sessionId) {
    requireNonNull(sessionId, "sessionId");
    String body =
        Form.of().put("active_organization_id", "").put("intent", "select_session").encode();
    String id = Form.segment(sessionId);
    return call(
        sessionId, clientToken, () -> api.touchSession(id, body), FeignSignInGateway::session);
  }

  // ---- one call -------------------------------------------------------------------------------

  private static SignIn signIn(byte[] body) throws IOException {
    Wire.SignInEnvelope e = JSON.readValue(body, Wire.SignInEnvelope.class);
    return e == null || e.response() == null ? null : e.response().toSignIn();
  }

  private static Session session(byte[] body) throws IOException {
    Wire.SessionEnvelope e = JSON.readValue(body, Wire.SessionEnvelope.class);
    return e == null || e.response() == null ? null : e.response().toSession();
  }

  /** Binds a 2xx body straight to the value (no tree), or null when it has no response. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(byte[] body) throws IOException;
  }

  /** One request, and at most one retry after a 429 that asks for a short wait. */
  private <T> GatewayResult<T> call(
      String id, Optional<ClientToken> token, Supplier<Response> request, Reader<T> reader) {
    requireNonNull(token, "clientToken");
    if (id != null && id.isBlank()) {
      return unavailable("not sent: the id in the path is empty", null, Optional.empty());
    }
    GatewayResult<T> first = once(token, request, reader);
    if (first instanceof GatewayResult.RateLimited<T> limited) {
      Duration wait = Duration.between(clock.instant(), limited.retryAt());
      // Zero turns retries off: a Retry-After of 0 must not sneak under a ceiling of 0.
      if (!maxAutomaticRetryWait.isZero() && wait.compareTo(maxAutomaticRetryWait) <= 0) {
        try {
          if (!wait.isNegative()) {
            pause.pause(wait);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return first;
        }
        Optional<ClientToken> latest = limited.clientToken().or(() -> token);
        GatewayResult<T> again = once(latest, request, reader);
        return again.clientToken().isPresent() ? again : withToken(again, latest);
      }
    }
    return first;
  }

  private <T> GatewayResult<T> once(
      Optional<ClientToken> token, Supplier<Response> request, Reader<T> reader) {
    String authorization = token.map(t -> "Bearer " + t.reveal()).orElse("");
    Response response;
    try {
      response = target.call(authorization, request);
    } catch (FeignException e) {
      return unavailable(describe(e), e, Optional.empty());
    } catch (RuntimeException e) {
      return unavailable(
          "the request failed: " + e.getClass().getSimpleName(), e, Optional.empty());
    }
    try (response) {
      Optional<ClientToken> returned = tokenOf(response.headers());
      int status = response.status();
      byte[] body;
      try {
        body = readBody(response);
      } catch (IOException e) {
        return unavailable("the response body could not be read: " + e.getMessage(), e, returned);
      }
      return interpret(status, response.headers(), body, returned, reader);
    }
  }

  private <T> GatewayResult<T> interpret(
      int status,
      Map<String, Collection<String>> headers,
      byte[] body,
      Optional<ClientToken> token,
      Reader<T> reader) {
    Optional<JsonNode> json = Optional.empty();
    List<ClerkError> errors = List.of();
    if (status < 200 || status >= 300) {
      json = parse(body);
      errors = json.map(FeignSignInGateway::errors).orElse(List.of());
    }
    ResponseKind kind = ResponseKind.of(status, !errors.isEmpty());
    if (kind == ResponseKind.SUCCESS) {
      T value;
      Exception failure;
      try {
        value = reader.read(body);
        failure = null;
      } catch (IOException | IllegalArgumentException e) {
        value = null;
        failure = e;
      }
      if (value != null) {
        return new GatewayResult.Success<>(value, token);
      }
      // Not a body this client can read: the tree tells the caller why.
      json = parse(body);
      JsonNode response = json.map(j -> j.get("response")).orElse(null);
      if (response == null || !response.isObject()) {
        return unavailable(
            "HTTP "
                + status
                + (json.isEmpty() ? " with a body that is not JSON" : " without a response object"),
            null,
            token);
      }
      return unavailable(
          "HTTP " + status + " with a response this client cannot read", failure, token);
    }
    if (kind == ResponseKind.RATE_LIMITED) {
      return new GatewayResult.RateLimited<>(retryAt(headers), errors, token);
    }
    if (kind == ResponseKind.REJECTED) {
      return new GatewayResult.Rejected<>(status, errors, token);
    }
    return unavailable(
        "HTTP " + status + (errors.isEmpty() ? "" : " " + errors.get(0).code()), null, token);
  }

  private static Optional<JsonNode> parse(byte[] body) {
    if (body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null || !node.isObject() ? Optional.empty() : Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<ClerkError> errors(JsonNode body) {
    try {
      Wire.ErrorsJson e = JSON.treeToValue(body, Wire.ErrorsJson.class);
      if (e.errors() == null) {
        return List.of();
      }
      Optional<String> trace = Optional.ofNullable(e.clerkTraceId()).filter(t -> !t.isBlank());
      List<ClerkError> list = new ArrayList<>();
      for (Wire.ErrorJson x : e.errors()) {
        if (x != null && x.code() != null) {
          list.add(x.toError(trace));
        }
      }
      return list;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return List.of();
    }
  }

  /** When a 429 lifts: {@code Retry-After} in seconds or as an HTTP date; else in a second. */
  private Instant retryAt(Map<String, Collection<String>> headers) {
    Instant now = clock.instant();
    Optional<String> value = header(headers, "Retry-After");
    if (value.isPresent()) {
      String v = value.get().strip();
      if (v.matches("[0-9]{1,9}")) {
        return now.plusSeconds(Long.parseLong(v));
      }
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isBefore(now) ? now : at;
      } catch (DateTimeParseException e) {
        // Not a form Retry-After allows: fall through to the default wait.
      }
    }
    return now.plusSeconds(1);
  }

  /** The client token of the {@code Authorization} response header, if it holds one. */
  private static Optional<ClientToken> tokenOf(Map<String, Collection<String>> headers) {
    Optional<String> value = header(headers, "Authorization");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get().strip();
    if (v.regionMatches(true, 0, "Bearer", 0, 6)) {
      v = v.substring(6).strip();
    }
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ClientToken.of(v));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> header(Map<String, Collection<String>> headers, String name) {
    for (Map.Entry<String, Collection<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return Optional.of(e.getValue().iterator().next());
      }
    }
    return Optional.empty();
  }

  private static byte[] readBody(Response response) throws IOException {
    if (response.body() == null) {
      return new byte[0];
    }
    try (InputStream in = response.body().asInputStream()) {
      // What is already buffered (all of it, for this transport's own client) sizes the first read,
      // so a small body is not read through a buffer sized for the cap.
      int hint = Math.min(Math.max(in.available(), 0), MAX_BODY_BYTES);
      byte[] bytes = in.readNBytes(hint + 1);
      if (bytes.length == hint + 1) {
        byte[] rest = in.readNBytes(MAX_BODY_BYTES + 1 - bytes.length);
        byte[] all = Arrays.copyOf(bytes, bytes.length + rest.length);
        System.arraycopy(rest, 0, all, bytes.length, rest.length);
        bytes = all;
      }
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IOException("the response body is larger than " + MAX_BODY_BYTES + " bytes");
      }
      return bytes;
    }
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

  private static <T> GatewayResult<T> withToken(GatewayResult<T> r, Optional<ClientToken> token) {
    if (r instanceof GatewayResult.Success<T> s) {
      return new GatewayResult.Success<>(s.value(), token);
    }
    if (r instanceof GatewayResult.Rejected<T> x) {
      return new GatewayResult.Rejected<>(x.httpStatus(), x.errors(), token);
    }
    if (r instanceof GatewayResult.RateLimited<T> x) {
      return new GatewayResult.RateLimited<>(x.retryAt(), x.errors(), token);
    }
    GatewayResult.Unavailable<T> u = (GatewayResult.Unavailable<T>) r;
    return new GatewayResult.Unavailable<>(u.reason(), u.cause(), token);
  }

  @Override
  public String toString() {
    return "FeignSignInGateway[" + baseUrl + "]";
  }

  // ---- request decoration and logging ----------------------------------------------------------

  /**
   * Feign's logger, writing to {@link System.Logger} at DEBUG, with passwords, codes and tokens
   * redacted at every level: form fields {@code password} and {@code code}, the {@code
   * Authorization} header both ways, and any {@code jwt} in a response body.
   */
  static final class RedactingLogger extends Logger {
    private static final System.Logger LOG = System.getLogger(FeignSignInGateway.class.getName());
    private static final Pattern SECRET_FIELD =
        Pattern.compile("(?<=(?:^|&)(?:password|code)=)[^&]*");
    private static final Pattern JWT = Pattern.compile("(\"jwt\"\\s*:\\s*\")[^\"]*(\")");

    @Override
    protected void log(String configKey, String format, Object... args) {
      if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
        LOG.log(
            System.Logger.Level.DEBUG,
            redact(String.format(Locale.ROOT, configKey + " " + format, args)));
      }
    }

    @Override
    protected void logRequest(String configKey, Level logLevel, Request request) {
      if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
        return;
      }
      StringBuilder sb =
          new StringBuilder("---> ").append(request.httpMethod()).append(' ').append(request.url());
      if (logLevel.ordinal() >= Level.HEADERS.ordinal()) {
        request
            .headers()
            .forEach(
                (k, v) ->
                    sb.append("\n")
                        .append(k)
                        .append(": ")
                        .append(
                            k.equalsIgnoreCase("Authorization")
                                ? redactAuthorization(v)
                                : String.join(", ", v)));
      }
      if (logLevel.ordinal() >= Level.FULL.ordinal() && request.body() != null) {
        sb.append("\n").append(redact(new String(request.body(), StandardCharsets.UTF_8)));
      }
      LOG.log(System.Logger.Level.DEBUG, configKey + " " + sb);
    }

    @Override
    protected Response logAndRebufferResponse(
        String configKey, Level logLevel, Response response, long elapsedTime) throws IOException {
      if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
        return response;
      }
      StringBuilder sb =
          new StringBuilder("<--- HTTP ")
              .append(response.status())
              .append(" (")
              .append(elapsedTime)
              .append(" ms)");
      if (logLevel.ordinal() >= Level.HEADERS.ordinal()) {
        response
            .headers()
            .forEach(
                (k, v) ->
                    sb.append("\n")
                        .append(k)
                        .append(": ")
                        .append(
                            "authorization".equalsIgnoreCase(k)
                                ? redactAuthorization(v)
                                : String.join(", ", v)));
      }
      Response result = response;
      if (logLevel.ordinal() >= Level.FULL.ordinal() && response.body() != null) {
        byte[] body = readBody(response);
        sb.append("\n").append(redact(new String(body, StandardCharsets.UTF_8)));
        result = response.toBuilder().body(body).build();
      }
      LOG.log(System.Logger.Level.DEBUG, configKey + " " + sb);
      return result;
    }

    static String redact(String text) {
      return JWT.matcher(SECRET_FIELD.matcher(text).replaceAll("***")).replaceAll("$1***$2");
    }

    private static String redactAuthorization(Collection<String> values) {
      return values.stream().map(v -> v.isBlank() ? "(empty)" : "Bearer ***").toList().toString();
    }
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
    private Pause pause = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

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

    Builder pause(Pause p) {
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
