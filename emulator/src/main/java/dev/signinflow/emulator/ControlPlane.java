package dev.signinflow.emulator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeUser;
import dev.signinflow.transport.fake.FapiError;
import dev.signinflow.transport.fake.FapiOperation;
import dev.signinflow.transport.fake.Fault;
import dev.signinflow.transport.fake.FaultTrigger;
import dev.signinflow.transport.fake.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
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
 * click email links. Errors are Clerk-shaped, like the FAPI side's; it is strict, like FAPI: an
 * unknown field, a duplicate key, a wrong type or an out-of-range number is a 400 that says which.
 *
 * <p>Thread-safe: it keeps no state of its own.
 */
final class ControlPlane {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
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

  Answer handle(String method, String path, String rawQuery, String body) {
    try {
      return route(method.toUpperCase(Locale.ROOT), path, rawQuery, body);
    } catch (BadControlRequest e) {
      return new Answer(
          e.status,
          FapiJson.errors(
              List.of(new FapiError(e.code, e.getMessage(), e.getMessage(), Map.of())),
              "fake-control"),
          e.allow);
    }
  }

  private Answer route(String method, String path, String rawQuery, String body)
      throws BadControlRequest {
    switch (path) {
      case "/__fake/outbox":
        allow(method, path, "GET");
        return outbox(query(rawQuery, Set.of("to")));
      case "/__fake/users":
        allow(method, path, "GET", "POST");
        noQuery(rawQuery);
        return method.equals("GET") ? users() : addUser(object(body));
      case "/__fake/settings":
        allow(method, path, "GET", "PUT");
        noQuery(rawQuery);
        if (method.equals("PUT")) {
          ObjectNode changes = object(body);
          try {
            fake.settings(FakeSettingsJson.apply(fake.settings(), changes));
          } catch (IllegalArgumentException e) {
            throw new BadControlRequest(400, "form_param_format_invalid", e.getMessage());
          }
        }
        return ok(g -> FakeSettingsJson.write(g, fake.settings()));
      case "/__fake/clock":
        allow(method, path, "GET", "POST");
        noQuery(rawQuery);
        return method.equals("GET") ? clock() : moveClock(object(body));
      case "/__fake/faults":
        allow(method, path, "POST", "DELETE");
        noQuery(rawQuery);
        if (method.equals("DELETE")) {
          fake.clearFaults();
          return ok(FapiJson::emptyObject);
        }
        return injectFault(object(body));
      case "/__fake/reset":
        allow(method, path, "POST");
        return reset(query(rawQuery, Set.of("seed")));
      default:
        if (path.startsWith("/__fake/email-links/") && path.endsWith("/visit")) {
          allow(method, path, "POST");
          noQuery(rawQuery);
          String token =
              path.substring("/__fake/email-links/".length(), path.length() - "/visit".length());
          return visit(token);
        }
        throw new BadControlRequest(
            404,
            "resource_not_found",
            "No control-plane call at "
                + (path.length() > 80 ? path.substring(0, 80) + "…" : path)
                + "; see docs/emulator.md");
    }
  }

  private static void allow(String method, String path, String... allowed)
      throws BadControlRequest {
    if (!List.of(allowed).contains(method)) {
      String list = String.join(", ", allowed);
      throw new BadControlRequest(
          405, "method_not_allowed", method + " is not allowed on " + path + "; use " + list, list);
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
    return ok(
        g -> {
          g.writeStartObject();
          g.writeStringField("seed", seed);
          g.writeNumberField("users", fake.users().size());
          g.writeEndObject();
        });
  }

  static ObjectNode object(String body) throws BadControlRequest {
    JsonNode node;
    try {
      node = JSON.readTree(body.isEmpty() ? "{}" : body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new BadControlRequest(
          400,
          "malformed_request",
          "The body is not a JSON object: "
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (node == null || !node.isObject()) {
      throw new BadControlRequest(400, "malformed_request", "The body must be a JSON object");
    }
    return (ObjectNode) node;
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
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("messages");
          for (OutboxMessage m : messages) {
            g.writeStartObject();
            g.writeStringField("to", m.to());
            g.writeStringField("strategy", m.strategy());
            g.writeStringField("sign_in_id", m.signInId());
            g.writeStringField("code", m.code().orElse(null));
            g.writeStringField("link_token", m.linkToken().orElse(null));
            g.writeNumberField("sent_at", m.sentAt().toEpochMilli());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private Answer users() {
    List<FakeUser> users = fake.users();
    return ok(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("users");
          for (FakeUser u : users) {
            g.writeStartObject();
            g.writeStringField(
                "id",
                fake.userId(u.email().or(u::phone).or(u::username).orElseThrow()).orElse(null));
            g.writeStringField("email", u.email().orElse(null));
            g.writeBooleanField("email_verified", u.emailVerified());
            g.writeStringField("phone", u.phone().orElse(null));
            g.writeBooleanField("phone_verified", u.phoneVerified());
            g.writeStringField("username", u.username().orElse(null));
            g.writeBooleanField("totp", u.totpSecret().isPresent());
            g.writeNumberField("backup_codes", u.backupCodes().size());
            g.writeBooleanField("sms_second_factor", u.smsSecondFactor());
            g.writeBooleanField("email_second_factor", u.emailSecondFactor());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static final Set<String> USER_FIELDS =
      Set.of(
          "email",
          "email_verified",
          "phone",
          "phone_verified",
          "username",
          "password",
          "totp_secret",
          "backup_codes",
          "sms_second_factor",
          "email_second_factor",
          "locked",
          "first_name");

  private Answer addUser(ObjectNode o) throws BadControlRequest {
    unknownFields(o, USER_FIELDS);
    Optional<String> email = nonBlank(o, "email");
    Optional<String> phone = nonBlank(o, "phone");
    Optional<String> username = nonBlank(o, "username");
    if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+")) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", "email must be an email address");
    }
    if (phone.isPresent() && !E164.matcher(phone.get()).matches()) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", "phone must be in E.164 form, like +15555550100");
    }
    String password =
        nonBlank(o, "password")
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
    u = u.emailVerified(bool(o, "email_verified", email.isPresent()));
    u = u.phoneVerified(bool(o, "phone_verified", phone.isPresent()));
    Optional<String> secret = text(o, "totp_secret");
    try {
      if (secret.isPresent()) {
        u = u.totp(secret.get());
      }
    } catch (IllegalArgumentException e) {
      throw new BadControlRequest(400, "form_param_format_invalid", e.getMessage());
    }
    if (o.has("backup_codes")) {
      JsonNode codes = o.get("backup_codes");
      if (!codes.isArray()) {
        throw new BadControlRequest(
            400, "form_param_format_invalid", "backup_codes must be an array of strings");
      }
      List<String> list = new ArrayList<>();
      for (JsonNode c : codes) {
        if (!c.isTextual()) {
          throw new BadControlRequest(
              400, "form_param_format_invalid", "backup_codes must be an array of strings");
        }
        list.add(c.asText());
      }
      u = u.backupCodes(list);
    }
    if (bool(o, "sms_second_factor", false)) {
      u = u.withSmsSecondFactor();
    }
    if (bool(o, "email_second_factor", false)) {
      u = u.withEmailSecondFactor();
    }
    if (bool(o, "locked", false)) {
      u = u.lockedOut();
    }
    Optional<String> first = text(o, "first_name");
    if (first.isPresent()) {
      u = u.firstName(first.get());
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
    return new Answer(
        201,
        FapiJson.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("id", id);
              g.writeEndObject();
            }));
  }

  private Answer clock() {
    Instant now = fake.clock().instant();
    return ok(
        g -> {
          g.writeStartObject();
          g.writeNumberField("now_ms", now.toEpochMilli());
          g.writeEndObject();
        });
  }

  private Answer moveClock(ObjectNode o) throws BadControlRequest {
    unknownFields(o, Set.of("advance_seconds", "now_ms"));
    if (o.has("advance_seconds") == o.has("now_ms")) {
      throw new BadControlRequest(
          400, "form_param_nil", "give exactly one of advance_seconds and now_ms");
    }
    if (o.has("advance_seconds")) {
      long s = whole(o, "advance_seconds", 0, 10L * 365 * 24 * 3600);
      fake.clock().advance(Duration.ofSeconds(s));
    } else {
      fake.clock().set(Instant.ofEpochMilli(whole(o, "now_ms", 0, Long.MAX_VALUE / 2)));
    }
    return clock();
  }

  private static final Map<String, Set<String>> FAULT_FIELDS =
      Map.of(
          "latency", Set.of("latency_ms"),
          "server_error", Set.of("status"),
          "drop_connection", Set.of(),
          "too_many_requests", Set.of("retry_after_seconds"));

  /**
   * Arms a fault: {@code {"operation": "create_sign_in", "fault": "latency", "latency_ms": 2000}}
   * plus a trigger, {@code "times": n} (default 1) or {@code "always": true}, either optionally
   * with {@code "probability": p}.
   */
  private Answer injectFault(ObjectNode o) throws BadControlRequest {
    unknownFields(
        o,
        Set.of(
            "operation",
            "fault",
            "latency_ms",
            "status",
            "retry_after_seconds",
            "times",
            "always",
            "probability"));
    String opName =
        text(o, "operation")
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
        text(o, "fault")
            .orElseThrow(() -> new BadControlRequest(400, "form_param_nil", "fault is required"));
    if (!FAULT_FIELDS.containsKey(kind)) {
      throw new BadControlRequest(
          400,
          "form_param_format_invalid",
          "fault must be latency, server_error, drop_connection or too_many_requests");
    }
    for (Map.Entry<String, Set<String>> other : FAULT_FIELDS.entrySet()) {
      for (String field : other.getValue()) {
        if (!other.getKey().equals(kind) && o.has(field)) {
          throw new BadControlRequest(
              400, "form_param_unknown", field + " belongs to " + other.getKey() + ", not " + kind);
        }
      }
    }
    Fault fault =
        switch (kind) {
          case "latency" -> Fault.latency(Duration.ofMillis(whole(o, "latency_ms", 0, 600_000)));
          case "server_error" -> Fault.serverError((int) whole(o, "status", 500, 599, 503));
          case "drop_connection" -> Fault.dropConnection();
          default ->
              Fault.tooManyRequests(
                  Duration.ofSeconds(whole(o, "retry_after_seconds", 1, 86_400, 1)));
        };
    boolean always = bool(o, "always", false);
    if (always && o.has("times")) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", "give times or always, not both");
    }
    int times = always ? Integer.MAX_VALUE : (int) whole(o, "times", 1, 1_000_000, 1);
    double probability = 1;
    if (o.has("probability")) {
      JsonNode p = o.get("probability");
      if (!p.isNumber() || !(p.asDouble() > 0 && p.asDouble() <= 1)) {
        throw new BadControlRequest(
            400, "form_param_format_invalid", "probability must be a number in (0, 1]");
      }
      probability = p.asDouble();
      if (!o.has("times")) {
        times = Integer.MAX_VALUE;
      }
    }
    FaultTrigger trigger = new FaultTrigger(times, probability);
    fake.injectFault(op, fault, trigger);
    int armedTimes = times;
    double armedProbability = probability;
    return ok(
        g -> {
          g.writeStartObject();
          g.writeStringField("operation", op.name().toLowerCase(Locale.ROOT));
          g.writeStringField("fault", kind);
          if (armedTimes == Integer.MAX_VALUE) {
            g.writeBooleanField("always", true);
          } else {
            g.writeNumberField("times", armedTimes);
          }
          g.writeNumberField("probability", armedProbability);
          g.writeEndObject();
        });
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
        return ok(
            g -> {
              g.writeStartObject();
              g.writeStringField("result", "verified");
              g.writeEndObject();
            });
    }
  }

  // ---- small readers --------------------------------------------------------------------------

  private static Answer ok(FapiJson.Writer w) {
    return new Answer(200, FapiJson.write(w));
  }

  static void unknownFields(ObjectNode o, Set<String> known) throws BadControlRequest {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new BadControlRequest(
            400, "form_param_unknown", "unknown field '" + name + "'; known: " + known);
      }
    }
  }

  static Optional<String> text(ObjectNode o, String name) throws BadControlRequest {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw new BadControlRequest(400, "form_param_format_invalid", name + " must be a string");
    }
    return Optional.of(n.asText());
  }

  private static Optional<String> nonBlank(ObjectNode o, String name) throws BadControlRequest {
    Optional<String> v = text(o, name);
    if (v.isPresent() && v.get().isBlank()) {
      throw new BadControlRequest(400, "form_param_format_invalid", name + " must not be blank");
    }
    return v;
  }

  static boolean bool(ObjectNode o, String name, boolean otherwise) throws BadControlRequest {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      return otherwise;
    }
    if (!n.isBoolean()) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", name + " must be true or false");
    }
    return n.asBoolean();
  }

  static long whole(ObjectNode o, String name, long min, long max) throws BadControlRequest {
    if (!o.has(name)) {
      throw new BadControlRequest(400, "form_param_nil", name + " is required");
    }
    return whole(o, name, min, max, 0);
  }

  static long whole(ObjectNode o, String name, long min, long max, long otherwise)
      throws BadControlRequest {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      return otherwise;
    }
    if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      throw new BadControlRequest(
          400,
          "form_param_format_invalid",
          name + " must be a whole number from " + min + " to " + max);
    }
    return n.asLong();
  }
}
