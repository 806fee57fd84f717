package dev.signinflow.examples.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for what it does well here, and nothing else: CSRF tokens on every form
 * (Thymeleaf's {@code th:action} adds the hidden field; a POST without the session's token is
 * refused with 403), and the security headers (no framing, no sniffing, a content security policy
 * that allows only this origin's script and style). It authenticates nobody: signing in is
 * signinflow's job, so every page is open, and there is no login form and no generated user.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(Customizer.withDefaults())
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
}
