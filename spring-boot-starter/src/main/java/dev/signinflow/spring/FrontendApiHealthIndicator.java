package dev.signinflow.spring;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether Clerk's Frontend API answers: {@code GET /.well-known/jwks.json} (the key set a backend
 * verifies session tokens with; no client, no token, no secret), within a bounded timeout. UP on a
 * 200 with a key set; DOWN on another status, a timeout or a connection failure; UNKNOWN when the
 * application's gateway is not one whose Frontend API URL is known.
 *
 * <p>Its details hold the Frontend API's URL (public: a publishable key names it), the HTTP status
 * and the failure's type, never a response body or a secret.
 */
public final class FrontendApiHealthIndicator extends AbstractHealthIndicator {
  private final Supplier<Optional<URI>> frontendApi;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param frontendApi the Frontend API's base URL, when known
   * @param timeout how long to wait for a connection, and then for the answer
   */
  public FrontendApiHealthIndicator(Supplier<Optional<URI>> frontendApi, Duration timeout) {
    super("Clerk's Frontend API health check failed");
    this.frontendApi = requireNonNull(frontendApi, "frontendApi");
    this.timeout = requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("signinflow.health.timeout must be positive: " + timeout);
    }
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws InterruptedException {
    Optional<URI> base = frontendApi.get();
    if (base.isEmpty()) {
      builder.unknown().withDetail("reason", "the SignInGateway has no known Frontend API URL");
      return;
    }
    URI jwks = base.get().resolve("/.well-known/jwks.json");
    builder.withDetail("frontendApi", base.get().toString());
    HttpRequest request =
        HttpRequest.newBuilder(jwks).timeout(timeout).header("Accept", "application/json").build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      builder.withDetail("status", r.statusCode());
      if (r.statusCode() == 200 && r.body().contains("\"keys\"")) {
        builder.up();
      } else {
        builder.down();
      }
    } catch (HttpTimeoutException e) {
      builder.down().withDetail("error", "no answer within " + timeout);
    } catch (IOException e) {
      builder.down().withDetail("error", e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "FrontendApiHealthIndicator[timeout " + timeout + "]";
  }
}
