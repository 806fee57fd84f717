package dev.signinflow.examples.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The seed guide's sign-in page as a server-rendered Spring Boot MVC app: email or phone and
 * password, "Verify your device", MFA, "I need a new code", "Start over", the signed-in page. Works
 * without JavaScript.
 *
 * <p>Without {@code signinflow.clerk.*} it runs against an emulator it starts in-process with the
 * demo users ({@link EmulatorConfiguration}); with {@code signinflow.clerk.publishable-key} (or
 * {@code signinflow.clerk.frontend-api-url}) it signs in against that Clerk instance.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class WebApp {
  /** Runs the app: {@code ./signin web}. */
  public static void main(String[] args) {
    SpringApplication.run(WebApp.class, args);
  }
}
