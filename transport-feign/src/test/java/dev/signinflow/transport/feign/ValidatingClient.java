package dev.signinflow.transport.feign;

import com.atlassian.oai.validator.report.ValidationReport;
import dev.signinflow.emulator.OpenApiSpec;
import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Feign client that validates every request the transport sends against Clerk's OpenAPI
 * description of FAPI before sending it over the JDK client, and keeps every violation.
 */
final class ValidatingClient implements Client {
  private final Client delegate =
      new JdkHttpClient(
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), 1024 * 1024);
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private int validated;

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    URI uri = URI.create(request.url());
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request.headers().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
    String body =
        request.body() == null ? null : new String(request.body(), StandardCharsets.UTF_8);
    ValidationReport report =
        OpenApiSpec.validateRequest(
            request.httpMethod().name(), uri.getRawPath(), query, headers, body);
    synchronized (this) {
      validated++;
    }
    report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .forEach(
            m ->
                violations.add(
                    request.httpMethod()
                        + " "
                        + uri.getRawPath()
                        + ": "
                        + m.getKey()
                        + " "
                        + m.getMessage()));
    return delegate.execute(request, options);
  }

  /** Every violation seen so far. */
  List<String> violations() {
    return List.copyOf(violations);
  }

  /** How many requests were validated. */
  synchronized int validated() {
    return validated;
  }
}
