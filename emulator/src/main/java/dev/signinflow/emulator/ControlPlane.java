package dev.signinflow.emulator;

import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeUser;
import dev.signinflow.transport.fake.FapiError;
import dev.signinflow.transport.fake.FapiOperation;
import dev.signinflow.transport.fake.Fault;
import dev.signinflow.transport.fake.FaultTrigger;
import dev.signinflow.transport.fake.OutboxMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The emulator's control plane under {@code /__fake/}: JSON in, JSON out. Lets a test in another
 * process read the outbox, add users, change settings, move the clock, inject faults, reset, and
 * click email links. Bodies are bound to {@link ControlBodies} records with Jackson ({@link
 * ControlJson}). Errors are Clerk-shaped, like the FAPI side's; it is strict, like FAPI: a write
 * without {@code Content-Type: application/json} is a 415, a body that is not UTF-8, an unknown
 * field, a duplicate key, a wrong type or an out-of-range number a 400 that says which. {@link
 * ControlGuard} decides first who may call at all.
 *
 * <p>Thread-safe: it keeps no state of its own.
 */
final class ControlPlane {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private final FakeClerk fake;

  ControlPlane(FakeClerk fake) {
    this.fake = fake;
  }

  /**
   * An answer: status and JSON body.
   *
   * @param allow the methods for an {@code Allow} header (a 405), else null
   */
  record Answer(int status, byte[] body, String allow) {
    Answer(int status, byte[] body) {
      this(status, body, null);
    }
  }

  /** A control-plane mistake of the caller. */
  static final class BadControlRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final String allow;

    BadControlRequest(int status, String code, String message) {
      this(status, code, message, null);
    }

    BadControlRequest(int status, String code, String message, String allow) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.allow = allow;
    }
  }

  /**
   * Answers a control-plane request: 404 for an unknown call, 405 for a wrong method, 415 for a
   * write that is not {@code application/json}, 400 for a body that is not UTF-8, else the call's
   * own answer.
   *
   * @param contentType the request's {@code Content-Type}, if it has one
   */
  Answer handle(
      String method, String path, String rawQuery, Optional<String> contentType, byte[] body) {
    try {
      String m = method.toUpperCase(Locale.ROOT);
      List<String> allowed = methodsAt(path);
      if (allowed.isEmpty()) {
        throw new BadControlRequest(
            404,
            "resource_not_found",
            "No control-plane call at "
                + (path.length() > 80 ? path.substring(0, 80) + "…" : path)
                + "; see docs/emulator.md");
      }
      if (!allowed.contains(m)) {
        String list = String.join(", ", allowed);
        throw new BadControlRequest(
            405, "method_not_allowed", m + " is not allowed on " + path + "; use " + list, list);
      }
      if (m.equals("POST") || m.equals("PUT") || (m.equals("DELETE") && body.length > 0)) {
        requireJson(contentType);
      }
      return route(m, path, rawQuery, utf8(body));
    } catch (BadControlRequest e) {
      return new Answer(
          e.status,
          FapiJson.errors(
              List.of(new FapiError(e.code, e.getMessage(), e.getMessage(), Map.of())),
              "fake-control"),
          e.allow);
    }
  }

  /** The methods of the call at this path, none for a path that is no call. */
  static List<String> methodsAt(String path) {
    return switch (path) {
      case "/__fake/outbox" -> List.of("GET");
      case "/__fake/users", "/__fake/clock" -> List.of("GET", "POST");
      case "/__fake/settings", "/__fake/secret_key" -> List.of("GET", "PUT");
      case "/__fake/faults" -> List.of("POST", "DELETE");
      case "/__fake/reset" -> List.of("POST");
      default ->
          path.startsWith("/__fake/email-links/") && path.endsWith("/visit")
              ? List.of("POST")
              : List.of();
    };
  }

  /**
   * A write must say {@code Content-Type: application/json}, parameters allowed, a charset only
   * UTF-8: a browser sends that type only after a CORS preflight, so a web page cannot write here
   * with a "simple" request ({@code text/plain}, a form, or no body at all).
   */
  private static void requireJson(Optional<String> contentType) throws BadControlRequest {
    String[] parts = contentType.orElse("").split(";");
    boolean json = parts[0].strip().equalsIgnoreCase("application/json");
    for (int i = 1; json && i < parts.length; i++) {
      String[] param = parts[i].strip().split("=", 2);
      if (param[0].strip().equalsIgnoreCase("charset")) {
        json = param.length == 2 && param[1].strip().replace("\"", "").equalsIgnoreCase("utf-8");
      }
    }
    if (!json) {
      throw new BadControlRequest(
          415,
          "unsupported_media_type",
          "The control plane takes writes as Content-Type: application/json (UTF-8), not "
              + contentType
                  .map(t -> "'" + (t.length() > 80 ? t.substring(0, 80) + "…" : t) + "'")
                  .orElse("a request without Content-Type")
              + "; with curl: -H 'Content-Type: application/json'");
    }
  }

  /** The body as text: strictly UTF-8, never a replacement character for a bad byte. */
  private static String utf8(byte[] body) throws BadControlRequest {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new BadControlRequest(400, "malformed_request", "The body is not valid UTF-8");
    }
  }

  private Answer route(String method, String path, String rawQuery, String body)
      throws BadControlRequest {
    switch (path) {
      case "/__fake/outbox":
        return outbox(query(rawQuery, Set.of("to")));
      case "/__fake/users":
        noQuery(rawQuery);
        return method.equals("GET")
            ? users()
            : addUser(ControlJson.read(body, ControlBodies.NewUser.class));
      case "/__fake/settings":
        noQuery(rawQuery);
        if (method.equals("PUT")) {
          ControlBodies.SettingsPatch patch =
              ControlJson.read(body, ControlBodies.SettingsPatch.class);
          fake.settings(FakeSettingsJson.apply(fake.settings(), patch));
        }
        return ok(FakeSettingsJson.view(fake.settings()));
      case "/__fake/secret_key":
        noQuery(rawQuery);
        if (method.equals("PUT")) {
          setSecretKey(body);
        }
        return ok(new ControlBodies.SecretKeyRedacted(fake.secretKeyRedacted().orElse(null)));
      case "/__fake/clock":
        noQuery(rawQuery);
        return method.equals("GET")
            ? clock()
            : moveClock(ControlJson.read(body, ControlBodies.ClockMove.class));
      case "/__fake/faults":
        noQuery(rawQuery);
        if (method.equals("DELETE")) {
          fake.clearFaults();
          return ok(Map.of());
        }
        return injectFault(ControlJson.read(body, ControlBodies.FaultArming.class));
      case "/__fake/reset":
        return reset(query(rawQuery, Set.of("seed")));
      default:
        // methodsAt knows no other path: an email link's visit.
        noQuery(rawQuery);
        String token =
            path.substring("/__fake/email-links/".length(), path.length() - "/visit".length());
        return visit(token);
    }
  }

  /** The query's parameters, each given at most once and each one of these names. */
  private static Map<String, String> query(String rawQuery, Set<String> known)
      throws BadControlRequest {
    Map<String, List<String>> fields;
    try {
      fields = FormCodec.parse(rawQuery);
    } catch (FormCodec.MalformedFormException e) {
      throw new BadControlRequest(
          400, "malformed_request", "The query string is malformed: " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> f : fields.entrySet()) {
      if (!known.contains(f.getKey())) {
        throw new BadControlRequest(
            400,
            "form_param_unknown",
            "unknown query parameter '" + f.getKey() + "'; known: " + known);
      }
      if (f.getValue().size() > 1) {
        throw new BadControlRequest(
            400, "malformed_request", "give the query parameter '" + f.getKey() + "' once");
      }
      out.put(f.getKey(), f.getValue().get(0));
    }
    return out;
  }

  private static void noQuery(String rawQuery) throws BadControlRequest {
    query(rawQuery, Set.of());
  }

  /**
   * Sets the instance's secret key from {@code {"secret_key": "sk_test_..."}}. No message says what
   * the body held: a malformed body may hold the key.
   */
  private void setSecretKey(String body) throws BadControlRequest {
    ControlBodies.SecretKeySetting setting;
    try {
      setting = ControlJson.read(body, ControlBodies.SecretKeySetting.class);
    } catch (BadControlRequest e) {
      throw new BadControlRequest(
          e.status, e.code, "The body must be {\"secret_key\": \"sk_test_...\"}");
    }
    if (setting.secretKey() == null) {
      throw new BadControlRequest(400, "form_param_nil", "secret_key is missing");
    }
    try {
      fake.secretKey(setting.secretKey());
    } catch (IllegalArgumentException e) {
      throw new BadControlRequest(400, "form_param_format_invalid", e.getMessage());
    }
  }

  private Answer reset(Map<String, String> query) throws BadControlRequest {
    String seed = query.getOrDefault("seed", "none");
    if (!seed.equals("demo") && !seed.equals("none")) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", "seed must be demo or none, not '" + seed + "'");
    }
    fake.reset();
    if (seed.equals("demo")) {
      DemoSeed.plant(fake);
    }
    return ok(new ControlBodies.Reset(seed, fake.users().size()));
  }

  /**
   * The outbox, all of it or what went to {@code ?to=}. A phone number should come as {@code
   * %2B1555...}; an unencoded {@code +} decodes to a space, and a value that is a space and digits
   * is read as the phone number the caller meant.
   */
  private Answer outbox(Map<String, String> query) {
    Optional<String> to =
        Optional.ofNullable(query.get("to"))
            .map(t -> t.matches(" [0-9][0-9 ().-]*") ? "+" + t.substring(1) : t);
    List<OutboxMessage> messages = to.map(fake::outbox).orElseGet(fake::outbox);
    return ok(
        new ControlBodies.Outbox(
            messages.stream()
                .map(
                    m ->
                        new ControlBodies.Message(
                            m.to(),
                            m.strategy(),
                            m.signInId(),
                            m.code().orElse(null),
                            m.linkToken().orElse(null),
                            m.sentAt().toEpochMilli()))
                .toList()));
  }

  private Answer users() {
    List<ControlBodies.User> users = new ArrayList<>();
    for (FakeUser u : fake.users()) {
      users.add(
          new ControlBodies.User(
              fake.userId(u.email().or(u::phone).or(u::username).orElseThrow()).orElse(null),
              u.email().orElse(null),
              u.emailVerified(),
              u.phone().orElse(null),
              u.phoneVerified(),
              u.username().orElse(null),
              u.totpSecret().isPresent(),
              u.backupCodes().size(),
              u.smsSecondFactor(),
              u.emailSecondFactor()));
    }
    return ok(new ControlBodies.Users(users));
  }

  private Answer addUser(ControlBodies.NewUser o) throws BadControlRequest {
    Optional<String> email = nonBlank(o.email(), "email");
    Optional<String> phone = nonBlank(o.phone(), "phone");
    Optional<String> username = nonBlank(o.username(), "username");
    if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+")) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", "email must be an email address");
    }
    if (phone.isPresent() && !E164.matcher(phone.get()).matches()) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", "phone must be in E.164 form, like +15555550100");
    }
    String password =
        nonBlank(o.password(), "password")
            .orElseThrow(
                () -> new BadControlRequest(400, "form_param_nil", "password is required"));
    FakeUser u;
    if (email.isPresent()) {
      u = FakeUser.withEmail(email.get());
      if (phone.isPresent()) {
        u = u.phone(phone.get());
      }
    } else if (phone.isPresent()) {
      u = FakeUser.withPhone(phone.get());
    } else if (username.isPresent()) {
      u = FakeUser.withUsername(username.get());
    } else {
      throw new BadControlRequest(
          400, "form_param_nil", "a user needs an email, a phone or a username");
    }
    if (username.isPresent() && (email.isPresent() || phone.isPresent())) {
      u = u.username(username.get());
    }
    u = u.password(password);
    u = u.emailVerified(or(o.emailVerified(), email.isPresent()));
    u = u.phoneVerified(or(o.phoneVerified(), phone.isPresent()));
    try {
      if (o.totpSecret() != null) {
        u = u.totp(o.totpSecret());
      }
    } catch (IllegalArgumentException e) {
      throw new BadControlRequest(400, "form_param_format_invalid", e.getMessage());
    }
    if (o.backupCodes() != null) {
      if (o.backupCodes().contains(null)) {
        throw new BadControlRequest(
            400, "form_param_format_invalid", "backup_codes must be an array of strings");
      }
      u = u.backupCodes(o.backupCodes());
    }
    if (or(o.smsSecondFactor(), false)) {
      u = u.withSmsSecondFactor();
    }
    if (or(o.emailSecondFactor(), false)) {
      u = u.withEmailSecondFactor();
    }
    if (or(o.locked(), false)) {
      u = u.lockedOut();
    }
    if (o.firstName() != null) {
      u = u.firstName(o.firstName());
    }
    List<String> identifiers = Stream.of(email, phone, username).flatMap(Optional::stream).toList();
    String id;
    try {
      id = fake.addUser(u);
    } catch (IllegalArgumentException e) {
      for (String identifier : identifiers) {
        if (fake.userId(identifier).isPresent()) {
          throw new BadControlRequest(
              409, "form_identifier_exists", "identifier already taken: " + identifier);
        }
      }
      throw new BadControlRequest(400, "form_param_format_invalid", e.getMessage());
    }
    return new Answer(201, ControlJson.write(new ControlBodies.Created(id)));
  }

  private Answer clock() {
    return ok(new ControlBodies.Clock(fake.clock().instant().toEpochMilli()));
  }

  private Answer moveClock(ControlBodies.ClockMove o) throws BadControlRequest {
    if ((o.advanceSeconds() == null) == (o.nowMs() == null)) {
      throw new BadControlRequest(
          400, "form_param_nil", "give exactly one of advance_seconds and now_ms");
    }
    if (o.advanceSeconds() != null) {
      long s = within(o.advanceSeconds(), "advance_seconds", 0, 10L * 365 * 24 * 3600);
      fake.clock().advance(Duration.ofSeconds(s));
    } else {
      long to = within(o.nowMs(), "now_ms", 0, Long.MAX_VALUE / 2);
      long now = fake.clock().instant().toEpochMilli();
      if (to < now) {
        throw new BadControlRequest(
            400,
            "form_param_format_invalid",
            "now_ms "
                + to
                + " is before the emulator's time, "
                + now
                + "; its clock only moves forward");
      }
      fake.clock().set(Instant.ofEpochMilli(to));
    }
    return clock();
  }

  /** The fields each kind of fault takes, besides the trigger's. */
  private static final Map<String, List<String>> FAULT_FIELDS =
      Map.of(
          "latency", List.of("latency_ms"),
          "server_error", List.of("status"),
          "drop_connection", List.of(),
          "too_many_requests", List.of("retry_after_seconds"));

  /**
   * Arms a fault: {@code {"operation": "create_sign_in", "fault": "latency", "latency_ms": 2000}}
   * plus a trigger, {@code "times": n} (default 1) or {@code "always": true}, either optionally
   * with {@code "probability": p}.
   */
  private Answer injectFault(ControlBodies.FaultArming o) throws BadControlRequest {
    String opName =
        Optional.ofNullable(o.operation())
            .orElseThrow(
                () -> new BadControlRequest(400, "form_param_nil", "operation is required"));
    FapiOperation op;
    try {
      op = FapiOperation.valueOf(opName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadControlRequest(
          400,
          "form_param_format_invalid",
          "operation must be one of "
              + Arrays.stream(FapiOperation.values())
                  .map(v -> v.name().toLowerCase(Locale.ROOT))
                  .toList());
    }
    String kind =
        Optional.ofNullable(o.fault())
            .orElseThrow(() -> new BadControlRequest(400, "form_param_nil", "fault is required"));
    if (!FAULT_FIELDS.containsKey(kind)) {
      throw new BadControlRequest(
          400,
          "form_param_format_invalid",
          "fault must be latency, server_error, drop_connection or too_many_requests");
    }
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("latency_ms", o.latencyMs());
    given.put("status", o.status());
    given.put("retry_after_seconds", o.retryAfterSeconds());
    for (Map.Entry<String, List<String>> other : FAULT_FIELDS.entrySet()) {
      for (String field : other.getValue()) {
        if (!other.getKey().equals(kind) && given.get(field) != null) {
          throw new BadControlRequest(
              400, "form_param_unknown", field + " belongs to " + other.getKey() + ", not " + kind);
        }
      }
    }
    Fault fault =
        switch (kind) {
          case "latency" ->
              Fault.latency(
                  Duration.ofMillis(
                      within(required(o.latencyMs(), "latency_ms"), "latency_ms", 0, 600_000)));
          case "server_error" ->
              Fault.serverError((int) within(or(o.status(), 503L), "status", 500, 599));
          case "drop_connection" -> Fault.dropConnection();
          default ->
              Fault.tooManyRequests(
                  Duration.ofSeconds(
                      within(or(o.retryAfterSeconds(), 1L), "retry_after_seconds", 1, 86_400)));
        };
    boolean always = or(o.always(), false);
    if (always && o.times() != null) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", "give times or always, not both");
    }
    int times = always ? Integer.MAX_VALUE : (int) within(or(o.times(), 1L), "times", 1, 1_000_000);
    double probability = 1;
    if (o.probability() != null) {
      double p = o.probability();
      if (!(p > 0 && p <= 1)) {
        throw new BadControlRequest(
            400, "form_param_format_invalid", "probability must be a number in (0, 1]");
      }
      probability = p;
      if (o.times() == null) {
        times = Integer.MAX_VALUE;
      }
    }
    fake.injectFault(op, fault, new FaultTrigger(times, probability));
    boolean forever = times == Integer.MAX_VALUE;
    return ok(
        new ControlBodies.Armed(
            op.name().toLowerCase(Locale.ROOT),
            kind,
            forever ? null : times,
            forever ? Boolean.TRUE : null,
            probability));
  }

  private Answer visit(String token) throws BadControlRequest {
    FakeClerk.LinkVisit v = fake.visitEmailLink(token);
    switch (v) {
      case EXPIRED:
        throw new BadControlRequest(
            410, "verification_expired", "This email link has expired or was replaced");
      case UNKNOWN:
        throw new BadControlRequest(
            404, "resource_not_found", "No email link has this token, or it was used already");
      default:
        return ok(new ControlBodies.Visit("verified"));
    }
  }

  // ---- small readers --------------------------------------------------------------------------

  private static Answer ok(Object body) {
    return new Answer(200, ControlJson.write(body));
  }

  private static <T> T or(T value, T otherwise) {
    return value == null ? otherwise : value;
  }

  static long required(Long value, String name) throws BadControlRequest {
    if (value == null) {
      throw new BadControlRequest(400, "form_param_nil", name + " is required");
    }
    return value;
  }

  static long within(long value, String name, long min, long max) throws BadControlRequest {
    if (value < min || value > max) {
      throw new BadControlRequest(
          400,
          "form_param_format_invalid",
          name + " must be a whole number from " + min + " to " + max);
    }
    return value;
  }

  private static Optional<String> nonBlank(String value, String name) throws BadControlRequest {
    if (value != null && value.isBlank()) {
      throw new BadControlRequest(400, "form_param_format_invalid", name + " must not be blank");
    }
    return Optional.ofNullable(value);
  }
}
