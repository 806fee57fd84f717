package dev.signinflow.emulator;

import dev.signinflow.transport.fake.ClerkErrors;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FapiError;
import dev.signinflow.transport.fake.FapiRequest;
import dev.signinflow.transport.fake.FapiResponse;
import dev.signinflow.transport.fake.Views;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The Frontend API's endpoints (fapi-protocol.md §2, E1–E14): a request's method and path to a call
 * of the fake — 404 for an unknown path, 405 for a wrong method — and the fake's answer written as
 * FAPI writes it, held on a timer for injected latency, or dropped for an injected dropped
 * connection.
 */
final class FapiRoutes {
  private static final Pattern SIGN_IN_PATH =
      Pattern.compile(
          "/v1/client/sign_ins/([^/]+)(/(prepare_second_factor|attempt_second_factor))?");
  private static final Pattern SESSION_PATH =
      Pattern.compile("/v1/client/sessions/([^/]+)(/(touch|tokens|end|remove))?");

  /** Where FAPI serves the instance's public key, with no authentication (spec {@code getJWKS}). */
  static final String JWKS_PATH = "/.well-known/jwks.json";

  /**
   * How long a backend may keep the key set: 5 minutes, as long as {@code @clerk/backend} keeps
   * Clerk's ({@code MAX_CACHE_LAST_UPDATED_AT_SECONDS}). The key never changes while a fake lives.
   */
  static final String JWKS_CACHE_CONTROL = "public, max-age=300";

  private final FakeClerk fake;
  private final Scheduler scheduler;
  private final int maxBodyBytes;

  FapiRoutes(FakeClerk fake, Scheduler scheduler, int maxBodyBytes) {
    this.fake = fake;
    this.scheduler = scheduler;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** One request as an endpoint sees it: its head and its form. */
  private record Call(FapiHead head, Map<String, List<String>> form) {
    Optional<String> field(String name) {
      List<String> values = form.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    FapiRequest request() {
      return head.request();
    }
  }

  /** An endpoint of the Frontend API, found by method and path. */
  @FunctionalInterface
  private interface Endpoint {
    FapiResponse serve(Call call) throws Refusal;
  }

  /**
   * Serves a FAPI request: its head checked, its endpoint found, its body read, the fake asked.
   *
   * @throws Refusal for a mistake found before the body is read
   */
  void serve(Exchange x, String path) throws Refusal {
    if (path.equals(JWKS_PATH)) {
      jwks(x);
      return;
    }
    FapiHead head = FapiHead.read(x, path);
    Endpoint endpoint = route(head);
    BodyReader.read(
        x,
        maxBodyBytes,
        bytes -> {
          Call call = new Call(head, head.form(bytes));
          respond(x, call, endpoint.serve(call));
        });
  }

  private void respond(Exchange x, Call call, FapiResponse answer) {
    if (answer.dropped()) {
      x.drop();
      return;
    }
    byte[] body = FapiJson.body(answer, envelope(call));
    Runnable write = () -> x.send(answer.status(), body, answer.clientToken(), answer.retryAfter());
    if (answer.latency().isZero()) {
      write.run();
    } else {
      // A timer, not a sleeping worker: a held response costs no thread (Jetty's scheduler).
      scheduler.schedule(write, answer.latency().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static boolean envelope(Call call) {
    String p = call.head.path();
    return !(p.startsWith("/v1/client/sessions/") && p.endsWith("/tokens"));
  }

  /** The endpoint for the method and path: 404 for an unknown path, 405 for a wrong method. */
  private Endpoint route(FapiHead h) throws Refusal {
    String p = h.path();
    switch (p) {
      case "/v1/environment":
        allow(h, "GET");
        return c -> fake.edgeRefusal(c.request()).orElseGet(this::environment);
      case "/v1/client":
        allow(h, "GET");
        return c -> withoutClient(fake.getClient(c.request()));
      case "/v1/client/sign_ins":
        allow(h, "POST");
        return this::createSignIn;
      case "/v1/client/sessions":
        allow(h, "DELETE");
        return c -> fake.removeSessions(c.request());
      default:
        break;
    }
    Matcher m = SIGN_IN_PATH.matcher(p);
    if (m.matches()) {
      String id = m.group(1);
      String action = m.group(3);
      if (action == null) {
        allow(h, "GET");
        return c -> fake.getSignIn(c.request(), id);
      }
      allow(h, "POST");
      if (action.equals("prepare_second_factor")) {
        return c ->
            fake.prepareSecondFactor(
                c.request(),
                id,
                required(c, "strategy"),
                c.field("email_address_id").or(() -> c.field("phone_number_id")),
                c.field("redirect_url"));
      }
      return c ->
          fake.attemptSecondFactor(
              c.request(), id, required(c, "strategy"), c.field("code").orElse(""));
    }
    m = SESSION_PATH.matcher(p);
    if (m.matches()) {
      String id = m.group(1);
      String action = m.group(3);
      if (action == null) {
        allow(h, "GET");
        return c -> fake.getSession(c.request(), id);
      }
      allow(h, "POST");
      return switch (action) {
        case "touch" -> c -> touch(c, id);
        case "tokens" -> c -> fake.createSessionToken(c.request(), id, c.field("organization_id"));
        case "end" -> c -> fake.endSession(c.request(), id);
        default -> c -> fake.removeSession(c.request(), id);
      };
    }
    throw new Refusal(
        404,
        new FapiError(
            "resource_not_found",
            "not found",
            "There is no Frontend API endpoint at " + Refusal.abbreviate(p) + ".",
            Map.of()));
  }

  /**
   * {@code GET /.well-known/jwks.json}: the key set session tokens are verified with, for anyone (a
   * backend sends no client token), cacheable, whatever the request's headers and query say.
   */
  private void jwks(Exchange x) throws Refusal {
    String method = x.request.getMethod();
    if (!method.equals("GET")) {
      throw methodNotAllowed(method, JWKS_PATH, "GET");
    }
    x.sendCacheable(fake.jwks().getBytes(StandardCharsets.UTF_8), JWKS_CACHE_CONTROL);
  }

  /**
   * {@code GET /v1/client} answers {@code {"response": <client>, "client": null}}: the client is
   * the resource, and FAPI does not piggyback it a second time (clerk-research.md §5, nine recorded
   * answers).
   */
  private static FapiResponse withoutClient(FapiResponse r) {
    return new FapiResponse(
        r.status(),
        r.body(),
        Optional.empty(),
        r.errors(),
        r.traceId(),
        r.retryAfter(),
        r.clientToken(),
        r.latency());
  }

  private FapiResponse createSignIn(Call c) throws Refusal {
    Optional<String> strategy = c.field("strategy");
    if (strategy.isPresent() && !strategy.get().equals("password")) {
      throw new Refusal(422, ClerkErrors.strategyInvalid("strategy"));
    }
    return fake.createSignIn(
        c.request(), c.field("identifier").orElse(""), c.field("password").orElse(""));
  }

  private FapiResponse touch(Call c, String sessionId) throws Refusal {
    Optional<String> intent = c.field("intent");
    if (intent.isPresent()
        && !List.of("focus", "select_session", "select_org").contains(intent.get())) {
      throw new Refusal(
          422,
          ClerkErrors.param(
              "form_param_value_invalid",
              "is invalid",
              "intent must be one of focus, select_session, select_org.",
              "intent"));
    }
    return fake.touchSession(c.request(), sessionId);
  }

  private FapiResponse environment() {
    FakeSettings s = fake.settings();
    return new FapiResponse(
        200,
        Optional.of(new Views.EnvironmentView(s)),
        Optional.empty(),
        List.of(),
        "",
        Optional.empty(),
        Optional.empty(),
        Duration.ZERO);
  }

  private static void allow(FapiHead h, String method) throws Refusal {
    if (!h.method().equals(method)) {
      throw methodNotAllowed(h.method(), h.path(), method);
    }
  }

  private static Refusal methodNotAllowed(String used, String path, String allowed) {
    return new Refusal(
        405,
        new FapiError(
            "method_not_allowed",
            "Method not allowed",
            Refusal.abbreviate(used)
                + " is not allowed on "
                + Refusal.abbreviate(path)
                + "; use "
                + allowed
                + ".",
            Map.of()),
        allowed);
  }

  private static String required(Call c, String name) throws Refusal {
    Optional<String> v = c.field(name);
    if (v.isEmpty() || v.get().isBlank()) {
      throw new Refusal(422, ClerkErrors.missing(name));
    }
    return v.get();
  }
}
