package dev.signinflow.transport.feign;

import feign.Logger;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Feign's {@link Logger}, writing to {@link System.Logger} at DEBUG, with secrets redacted at every
 * level: the form fields {@code password} and {@code code}, the headers {@code Authorization} (both
 * ways), {@code Cookie}, {@code Set-Cookie} and {@code Clerk-Secret-Key}, and any {@code jwt} in a
 * response body. Thread-safe.
 */
final class RedactingLogger extends Logger {
  private static final System.Logger LOG = System.getLogger(FeignSignInGateway.class.getName());
  private static final Pattern SECRET_FIELD =
      Pattern.compile("(?<=(?:^|&)(?:password|code)=)[^&]*");
  private static final Pattern JWT = Pattern.compile("(\"jwt\"\\s*:\\s*\")[^\"]*(\")");
  private static final Set<String> SECRET_HEADERS =
      Set.of("cookie", "set-cookie", "clerk-secret-key");

  private final int maxBodyBytes;

  /**
   * @param maxBodyBytes the largest body the decoders read; a FULL log reads one byte more at most
   */
  RedactingLogger(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void log(String configKey, String format, Object... args) {
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(
          System.Logger.Level.DEBUG,
          redact(String.format(Locale.ROOT, configKey + " " + format, args)));
    }
  }

  @Override
  protected void logRequest(String configKey, Level logLevel, Request request) {
    if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
      return;
    }
    StringBuilder sb =
        new StringBuilder("---> ").append(request.httpMethod()).append(' ').append(request.url());
    if (logLevel.ordinal() >= Level.HEADERS.ordinal()) {
      appendHeaders(sb, request.headers());
    }
    if (logLevel.ordinal() >= Level.FULL.ordinal() && request.body() != null) {
      sb.append("\n").append(redact(new String(request.body(), StandardCharsets.UTF_8)));
    }
    LOG.log(System.Logger.Level.DEBUG, configKey + " " + sb);
  }

  @Override
  protected Response logAndRebufferResponse(
      String configKey, Level logLevel, Response response, long elapsedTime) throws IOException {
    if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
      return response;
    }
    StringBuilder sb =
        new StringBuilder("<--- HTTP ")
            .append(response.status())
            .append(" (")
            .append(elapsedTime)
            .append(" ms)");
    if (logLevel.ordinal() >= Level.HEADERS.ordinal()) {
      appendHeaders(sb, response.headers());
    }
    Response result = response;
    if (logLevel.ordinal() >= Level.FULL.ordinal() && response.body() != null) {
      byte[] body = null;
      try (InputStream in = response.body().asInputStream()) {
        // One byte over the cap, so that the decoders still see a body that is too large.
        body = in.readNBytes(maxBodyBytes + 1);
      } catch (IOException e) {
        // The decoders meet the same failure and report it; the log only says so.
        sb.append("\n(the body could not be read: ")
            .append(e.getClass().getSimpleName())
            .append(')');
      }
      if (body != null) {
        sb.append("\n").append(redact(new String(body, StandardCharsets.UTF_8)));
        if (!response.body().isRepeatable()) {
          result = response.toBuilder().body(body).build();
        }
      }
    }
    LOG.log(System.Logger.Level.DEBUG, configKey + " " + sb);
    return result;
  }

  private static void appendHeaders(StringBuilder sb, Map<String, Collection<String>> headers) {
    headers.forEach((k, v) -> sb.append("\n").append(k).append(": ").append(redactHeader(k, v)));
  }

  private static String redactHeader(String name, Collection<String> values) {
    if (name.equalsIgnoreCase(ClientTokens.AUTHORIZATION)) {
      return values.stream().map(v -> v.isBlank() ? "(empty)" : "Bearer ***").toList().toString();
    }
    if (SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      return "***";
    }
    return String.join(", ", values);
  }

  /** The text with the values of password and code form fields and of JSON jwt fields masked. */
  static String redact(String text) {
    return JWT.matcher(SECRET_FIELD.matcher(text).replaceAll("***")).replaceAll("$1***$2");
  }
}
