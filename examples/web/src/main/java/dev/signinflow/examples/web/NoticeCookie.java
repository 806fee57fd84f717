package dev.signinflow.examples.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the last step said ({@link StepNotice}), carried from the form's POST to the page's GET in a
 * short-lived cookie rather than in an HTTP session's flash map, so that the GET may land on
 * another node of the app. Read once: the page that shows it clears it. It holds no password and no
 * code (a notice never does); a browser that changes it only changes what it is shown, escaped.
 */
@Component
final class NoticeCookie {
  static final String NAME = "step";
  private static final Duration LIFETIME = Duration.ofMinutes(1);

  /** Browsers keep cookies of about 4 KB: a notice larger than this drops its details. */
  private static final int MAX_VALUE = 3_000;

  private final JsonMapper json = JsonMapper.builder().build();

  /** Keeps the notice for the next page. */
  void put(HttpServletRequest request, HttpServletResponse response, StepNotice notice) {
    String value = encode(notice);
    if (value.length() > MAX_VALUE) {
      value =
          encode(
              new StepNotice(
                  notice.event(),
                  notice.outcome(),
                  notice.errors().stream()
                      .limit(1)
                      .map(e -> new StepNotice.Error(e.code(), e.message(), e.field(), null))
                      .toList(),
                  notice.retryAt(),
                  null));
    }
    write(request, response, value, LIFETIME);
  }

  /** The notice the last step left, clearing it; null when there is none, or it is unreadable. */
  StepNotice take(HttpServletRequest request, HttpServletResponse response) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (NAME.equals(c.getName()) && !c.getValue().isEmpty()) {
        write(request, response, "", Duration.ZERO);
        try {
          StepNotice n =
              json.readValue(Base64.getUrlDecoder().decode(c.getValue()), StepNotice.class);
          if (n.event() == null || n.outcome() == null) {
            return null;
          }
          StepNotice notice = withLists(n);
          // What the page will make of it must hold: names of events and outcomes, times.
          notice.eventKind();
          notice.outcomeKind();
          PageModel.Errors.of(notice, java.time.Instant.EPOCH);
          return notice;
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static StepNotice withLists(StepNotice n) {
    List<StepNotice.Error> errors =
        n.errors() == null
            ? List.of()
            : n.errors().stream()
                .map(
                    e ->
                        new StepNotice.Error(
                            e.code(),
                            e.message(),
                            e.field(),
                            e.meta() == null ? java.util.Map.of() : e.meta()))
                .toList();
    return new StepNotice(n.event(), n.outcome(), errors, n.retryAt(), n.identifier());
  }

  private String encode(StepNotice notice) {
    byte[] bytes = json.writeValueAsString(notice).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
