package dev.signinflow.examples.web;

import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.SignInEngine;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The id of the browser's stored flow, in a cookie beside the device's: any node of the app can
 * then load the flow from the engine's flow store (Redis, for several nodes), with no HTTP session
 * and no sticky load balancer. {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} when the page
 * came over HTTPS, and no older than a flow lives. The id alone opens nothing: the controller
 * accepts a flow only for the device that started it.
 */
@Component
final class FlowCookie {
  static final String NAME = "flow";

  /** The flow id the request carries, when it has that form. */
  Optional<FlowId> of(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie c : cookies) {
      if (NAME.equals(c.getName())) {
        try {
          return Optional.of(FlowId.of(c.getValue()));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Keeps this flow's id in the browser for as long as the flow can live: a stored flow is kept
   * {@link SignInEngine#FLOW_LIFETIME} past its sign-in's end, which is itself at most that far
   * from the flow's last change.
   */
  void set(HttpServletRequest request, HttpServletResponse response, FlowId id) {
    write(request, response, id.value(), SignInEngine.FLOW_LIFETIME.multipliedBy(2));
  }

  /** Forgets the flow's id. */
  void clear(HttpServletRequest request, HttpServletResponse response) {
    write(request, response, "", Duration.ZERO);
  }

  private static void write(
      HttpServletRequest request, HttpServletResponse response, String value, Duration age) {
    ResponseCookie cookie =
        ResponseCookie.from(NAME, value)
            .path("/")
            .httpOnly(true)
            .secure(request.isSecure())
            .sameSite("Lax")
            .maxAge(age)
            .build();
    response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
  }
}
