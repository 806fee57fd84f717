package dev.signinflow.emulator;

import dev.signinflow.transport.fake.FapiError;
import dev.signinflow.transport.fake.FapiRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * What a Frontend API request's line and headers say, read before its body and checked as Clerk
 * checks them (fapi-protocol.md §1): the {@code Authorization} header first (a refusal after it
 * hands the token back), then the query string, the {@code _method} override and the API version;
 * and, once the body is in, its form.
 *
 * @param method the method, after a {@code _method} override
 * @param token the client token of {@code Authorization: Bearer ...}, empty on first contact
 * @param ip the client's address
 * @param origin the {@code Origin} header, which a session token names as {@code azp}; only a
 *     request without {@code Authorization} may carry one
 * @param proxyUrl {@code Clerk-Proxy-Url}, which makes it a proxy request
 * @param secretKey {@code Clerk-Secret-Key}, a secret: never in a message or a log
 * @param forwardedFor {@code X-Forwarded-For}, its lines joined with commas
 */
record FapiHead(
    String method,
    String path,
    Map<String, List<String>> query,
    Optional<String> token,
    String ip,
    Optional<String> contentType,
    Optional<String> origin,
    Optional<String> proxyUrl,
    Optional<String> secretKey,
    Optional<String> forwardedFor) {
  /** The API version this server speaks. */
  static final String API_VERSION = FakeFapiServer.API_VERSION;

  private static final Pattern BEARER =
      Pattern.compile("Bearer ([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");

  /**
   * The verbs {@code _method} stands for, exactly as written: clerk-js sends the request's own
   * method name, in upper case ({@code fapiClient.ts} {@code buildQueryString}), and nothing shows
   * Clerk's edge folding case; {@code _method=delete} is refused.
   */
  private static final List<String> OVERRIDABLE = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private static final String FORM = "application/x-www-form-urlencoded";

  /**
   * The request as the fake sees it: its client token, address and {@code Origin}, whether it is a
   * native client's ({@code _is_native=1} or {@code true}, as Clerk reads it), and what a proxy
   * forwarded.
   */
  FapiRequest request() {
    FapiRequest r =
        FapiRequest.of(token, ip)
            .withNativeClient(isNative(query))
            .withProxyHeaders(proxyUrl, secretKey, forwardedFor);
    return origin.isEmpty() ? r : r.withOrigin(origin.get());
  }

  /** {@code _is_native=1} or {@code _is_native=true} (clerk-research.md §7; OAS). */
  private static boolean isNative(Map<String, List<String>> query) {
    List<String> values = query.get("_is_native");
    return values != null && values.stream().anyMatch(v -> v.equals("1") || v.equals("true"));
  }

  /**
   * Reads and checks the head of this exchange; the token it carries is kept for the answer.
   *
   * @throws Refusal for a bad {@code Authorization}, query string, {@code _method} or API version
   */
  static FapiHead read(Exchange x, String path) throws Refusal {
    Request request = x.request;
    Optional<String> token = token(request);
    x.echo = token;
    Map<String, List<String>> query = parse(HttpEdge.rawQuery(request), "query string");
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    List<String> override = query.get("_method");
    if (override != null) {
      if (override.size() > 1) {
        throw Refusal.malformed("Give _method once.");
      }
      String verb = override.get(0);
      if (!OVERRIDABLE.contains(verb)) {
        throw Refusal.malformed(
            "_method must be GET, POST, PUT, PATCH or DELETE, in upper case, not '"
                + Refusal.abbreviate(verb)
                + "'.");
      }
      if (!method.equals("POST")) {
        throw Refusal.malformed("_method overrides the method of a POST only.");
      }
      method = verb;
    }
    checkVersion(request, query);
    return new FapiHead(
        method,
        path,
        query,
        token,
        Request.getRemoteAddr(request),
        Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_TYPE)),
        Optional.ofNullable(request.getHeaders().get(HttpHeader.ORIGIN)),
        joined(request, "Clerk-Proxy-Url"),
        joined(request, "Clerk-Secret-Key"),
        joined(request, "X-Forwarded-For"));
  }

  /**
   * A header's lines joined with commas, as HTTP reads a repeated header: a repeated {@code
   * Clerk-Secret-Key} is then no key, and a repeated {@code X-Forwarded-For} keeps its first line
   * leftmost.
   */
  private static Optional<String> joined(Request request, String name) {
    List<String> values = request.getHeaders().getValuesList(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
  }

  /**
   * The form of a body: empty for no body; else it must be a UTF-8 form.
   *
   * @throws Refusal 415 for another media type or charset, 400 for bytes that are not UTF-8 or a
   *     malformed form
   */
  Map<String, List<String>> form(byte[] body) throws Refusal {
    if (body.length == 0) {
      return Map.of();
    }
    if (contentType.isEmpty() || !isForm(contentType.get())) {
      throw new Refusal(
          415,
          new FapiError(
              "unsupported_media_type",
              "Unsupported media type",
              "The Frontend API takes " + FORM + " bodies in UTF-8.",
              Map.of("content_type", contentType.map(Refusal::abbreviate).orElse(""))));
    }
    String text;
    try {
      // A fresh decoder REPORTs malformed input.
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw Refusal.malformed("The body is not UTF-8.");
    }
    return parse(text, "body");
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

  private static Map<String, List<String>> parse(String text, String where) throws Refusal {
    try {
      return FormCodec.parse(text);
    } catch (FormCodec.MalformedFormException e) {
      throw Refusal.malformed("The " + where + " is malformed: " + e.getMessage() + ".");
    }
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
}
