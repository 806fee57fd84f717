package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who is asking: the client token the request carried (native mode's {@code Authorization: Bearer
 * ...}, without the prefix), the client's IP address, which rate limits are counted by, and the
 * request's {@code Origin} header, which a browser sends and a session token names as {@code azp}.
 *
 * @param clientToken the token, or empty on a device's first contact
 * @param clientIp the caller's address
 * @param origin the {@code Origin} header, or empty (native clients and servers send none)
 */
public record FapiRequest(Optional<String> clientToken, String clientIp, Optional<String> origin) {
  public FapiRequest {
    requireNonNull(clientToken, "clientToken");
    requireNonNull(clientIp, "clientIp");
    requireNonNull(origin, "origin");
  }

  /** A request from this address with this token, or none, and no {@code Origin}. */
  public static FapiRequest of(Optional<String> clientToken, String clientIp) {
    return new FapiRequest(clientToken, clientIp, Optional.empty());
  }

  /** This request with this {@code Origin} header, or none when it is blank. */
  public FapiRequest withOrigin(String origin) {
    requireNonNull(origin, "origin");
    return new FapiRequest(
        clientToken, clientIp, origin.isBlank() ? Optional.empty() : Optional.of(origin));
  }

  @Override
  public String toString() {
    return "FapiRequest["
        + (clientToken.isPresent() ? "token" : "no token")
        + ", "
        + clientIp
        + origin.map(o -> ", origin " + o).orElse("")
        + "]";
  }
}
