package dev.signinflow.examples.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * Spring Security for what it does well here, and nothing else: CSRF tokens on every form
 * (Thymeleaf's {@code th:action} adds the hidden field, masked per page; a POST without the token
 * that matches the browser's {@code XSRF-TOKEN} cookie is refused with 403; no HTTP session, so
 * that every node of the app checks every form), and the security headers (no framing, no sniffing,
 * a content security policy that allows only this origin's script and style). It authenticates
 * nobody: signing in is signinflow's job, so every page is open, and there is no login form and no
 * generated user.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
        // The token in a cookie (HttpOnly: only the server-rendered forms carry it), not in an
        // HTTP session: any node of the app checks a form another node rendered.
        .csrf(c -> c.csrfTokenRepository(csrfCookie()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .headers(
            h ->
                h.contentSecurityPolicy(
                        csp ->
                            csp.policyDirectives(
                                "default-src 'self'; form-action 'self'; frame-ancestors 'none';"
                                    + " base-uri 'none'; object-src 'none'"))
                    .frameOptions(f -> f.deny()));
    return http.build();
  }

  private static CookieCsrfTokenRepository csrfCookie() {
    CookieCsrfTokenRepository csrf = new CookieCsrfTokenRepository();
    csrf.setCookieCustomizer(c -> c.sameSite("Lax"));
    return csrf;
  }
}
