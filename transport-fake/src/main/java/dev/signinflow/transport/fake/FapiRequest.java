package dev.signinflow.transport.fake;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who is asking: the client token the request carried (native mode's {@code Authorization: Bearer
 * ...}, without the prefix) and the client's IP address, which rate limits are counted by.
 *
 * @param clientToken the token, or empty on a device's first contact
 * @param clientIp the caller's address
 */
public record FapiRequest(Optional<String> clientToken, String clientIp) {
  public FapiRequest {
    requireNonNull(clientToken, "clientToken");
    requireNonNull(clientIp, "clientIp");
  }

  /** A request from this address with this token, or none. */
  public static FapiRequest of(Optional<String> clientToken, String clientIp) {
    return new FapiRequest(clientToken, clientIp);
  }

  @Override
  public String toString() {
    return "FapiRequest["
        + (clientToken.isPresent() ? "token" : "no token")
        + ", "
        + clientIp
        + "]";
  }
}
