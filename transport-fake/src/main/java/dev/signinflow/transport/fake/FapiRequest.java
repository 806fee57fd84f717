package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is asking: the client token the request carried (native mode's {@code Authorization: Bearer
 * ...}, without the prefix), the address of the socket it came from, the request's {@code Origin}
 * header, which a browser sends and a session token names as {@code azp}, whether it is a native
 * client's ({@code _is_native}), and what a proxy in front of the Frontend API forwards
 * (clerk-research.md §7): {@code Clerk-Proxy-Url}, {@code Clerk-Secret-Key} and {@code
 * X-Forwarded-For}.
 *
 * <p>A request is a <em>proxy request</em> when it carries {@code Clerk-Proxy-Url}. The fake then
 * wants the instance's secret key, and with the right key counts its rate limits by the end user's
 * address, the leftmost entry of {@code X-Forwarded-For} ({@link #forwardedIp()}); any other
 * request is counted by its socket address, whatever {@code X-Forwarded-For} it sends.
 *
 * <p>The secret key is a secret: {@link #toString()} says only whether there is one.
 *
 * @param clientToken the token, or empty on a device's first contact
 * @param clientIp the address of the socket the request came from
 * @param origin the {@code Origin} header, or empty (native clients and servers send none)
 * @param nativeClient whether the request says it is a native client's ({@code _is_native=1} or
 *     {@code true}), as this project's clients do
 * @param proxyUrl {@code Clerk-Proxy-Url}, or empty for a request that came straight
 * @param secretKey {@code Clerk-Secret-Key}, or empty
 * @param forwardedFor {@code X-Forwarded-For} as sent (entries separated by commas), or empty
 */
public record FapiRequest(
    Optional<String> clientToken,
    String clientIp,
    Optional<String> origin,
    boolean nativeClient,
    Optional<String> proxyUrl,
    Optional<String> secretKey,
    Optional<String> forwardedFor) {

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  /** The characters of an IPv6 literal; with them, the JDK parses and never looks a name up. */
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  public FapiRequest {
    requireNonNull(clientToken, "clientToken");
    requireNonNull(clientIp, "clientIp");
    requireNonNull(origin, "origin");
    requireNonNull(proxyUrl, "proxyUrl");
    requireNonNull(secretKey, "secretKey");
    requireNonNull(forwardedFor, "forwardedFor");
  }

  /**
   * A native client's request from this address with this token, or none, and no {@code Origin} or
   * proxy headers: what this project's clients send.
   */
  public static FapiRequest of(Optional<String> clientToken, String clientIp) {
    return new FapiRequest(
        clientToken,
        clientIp,
        Optional.empty(),
        true,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** This request with this {@code Origin} header, or none when it is blank. */
  public FapiRequest withOrigin(String origin) {
    requireNonNull(origin, "origin");
    return new FapiRequest(
        clientToken, clientIp, present(origin), nativeClient, proxyUrl, secretKey, forwardedFor);
  }

  /** This request, saying it is a native client's ({@code _is_native}) or not (a browser's). */
  public FapiRequest withNativeClient(boolean nativeClient) {
    return new FapiRequest(
        clientToken, clientIp, origin, nativeClient, proxyUrl, secretKey, forwardedFor);
  }

  /**
   * This request with the headers a proxy adds; a blank one counts as absent.
   *
   * @param proxyUrl {@code Clerk-Proxy-Url}
   * @param secretKey {@code Clerk-Secret-Key}
   * @param forwardedFor {@code X-Forwarded-For}
   */
  public FapiRequest withProxyHeaders(
      Optional<String> proxyUrl, Optional<String> secretKey, Optional<String> forwardedFor) {
    return new FapiRequest(
        clientToken,
        clientIp,
        origin,
        nativeClient,
        requireNonNull(proxyUrl, "proxyUrl").flatMap(FapiRequest::present),
        requireNonNull(secretKey, "secretKey").flatMap(FapiRequest::present),
        requireNonNull(forwardedFor, "forwardedFor").flatMap(FapiRequest::present));
  }

  /** True when the request came through a proxy: it carries {@code Clerk-Proxy-Url}. */
  public boolean proxied() {
    return proxyUrl.isPresent();
  }

  /**
   * The end user's address a proxy forwarded: the leftmost entry of {@code X-Forwarded-For}, when
   * it is an IPv4 or IPv6 literal (written canonically, so {@code 0:0::1} and {@code ::1} are one
   * address); empty when there is none or it is something else — a name, an address with a port,
   * {@code unknown}. Nothing is looked up.
   */
  public Optional<String> forwardedIp() {
    if (forwardedFor.isEmpty()) {
      return Optional.empty();
    }
    String first = forwardedFor.get().split(",", 2)[0].strip();
    if (first.startsWith("[") && first.endsWith("]")) {
      first = first.substring(1, first.length() - 1);
    }
    if (IPV4.matcher(first).matches()) {
      return Optional.of(first);
    }
    if (first.indexOf(':') >= 0 && IPV6_CHARS.matcher(first).matches()) {
      try {
        // Only hex digits, colons and dots: the JDK parses a literal and never resolves a name.
        return Optional.of(InetAddress.getByName(first).getHostAddress());
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<String> present(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  @Override
  public String toString() {
    return "FapiRequest["
        + (clientToken.isPresent() ? "token" : "no token")
        + ", "
        + clientIp
        + origin.map(o -> ", origin " + o).orElse("")
        + (nativeClient ? ", native" : "")
        + proxyUrl.map(u -> ", proxy " + u).orElse("")
        + (secretKey.isPresent() ? ", secret key [redacted]" : "")
        + forwardedFor.map(f -> ", forwarded for " + f).orElse("")
        + "]";
  }
}
