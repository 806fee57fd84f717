package dev.signinflow.examples.web;

import dev.signinflow.engine.DeviceId;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The browser's device id (docs/embedding.md: one per browser, never derived from the user): 128
 * random bits in a long-lived cookie that scripts cannot read ({@code HttpOnly}), sent only over
 * HTTPS when the page came over HTTPS ({@code Secure}), and not on cross-site posts ({@code
 * SameSite=Lax}). A missing or malformed cookie gets a new id.
 */
@Component
final class DeviceCookie {
  static final String NAME = "device";
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final Duration LIFETIME = Duration.ofDays(400); // browsers' cap on cookie age

  private final SecureRandom random = new SecureRandom();

  /** The request's device, issuing a cookie for a new one. */
  DeviceId of(HttpServletRequest request, HttpServletResponse response) {
    Object known = request.getAttribute(NAME);
    if (known instanceof DeviceId d) {
      return d;
    }
    String value = null;
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (NAME.equals(c.getName()) && FORM.matcher(c.getValue()).matches()) {
          value = c.getValue();
        }
      }
    }
    if (value == null) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      ResponseCookie cookie =
          ResponseCookie.from(NAME, value)
              .path("/")
              .httpOnly(true)
              .secure(request.isSecure())
              .sameSite("Lax")
              .maxAge(LIFETIME)
              .build();
      response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }
    DeviceId device = DeviceId.of(value);
    request.setAttribute(NAME, device);
    return device;
  }
}
