package dev.signinflow.transport.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The emulator's control plane under {@code /__fake/}: JSON in, JSON out. Lets a test in another
 * process read the outbox, add users, change settings, move the clock, inject faults, reset, and
 * click email links. Errors are Clerk-shaped, like the FAPI side's.
 */
final class ControlPlane {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final FakeClerk fake;

  ControlPlane(FakeClerk fake) {
    this.fake = fake;
  }

  /** An answer: status and JSON body. */
  record Answer(int status, byte[] body) {}

  /** A control-plane mistake of the caller. */
  static final class BadControlRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    BadControlRequest(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
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
              "fake-control"));
    }
  }

  private Answer route(String method, String path, String rawQuery, String body)
      throws BadControlRequest {
    switch (path) {
      case "/__fake/outbox":
        only(method, "GET", path);
        return outbox(rawQuery);
      case "/__fake/users":
        if (method.equals("GET")) {
          return users();
        }
        only(method, "POST", path);
        return addUser(object(body));
      case "/__fake/settings":
        if (method.equals("GET")) {
          return ok(g -> FakeSettingsJson.write(g, fake.settings()));
        }
        only(method, "PUT", path);
        fake.settings(FakeSettingsJson.apply(fake.settings(), object(body)));
        return ok(g -> FakeSettingsJson.write(g, fake.settings()));
      case "/__fake/clock":
        if (method.equals("GET")) {
          return clock();
        }
        only(method, "POST", path);
        return moveClock(object(body));
      case "/__fake/faults":
        if (method.equals("DELETE")) {
          fake.clearFaults();
          return ok(FapiJson::emptyObject);
        }
        only(method, "POST", path);
        return injectFault(object(body));
      case "/__fake/reset":
        only(method, "POST", path);
        fake.reset();
        if (rawQuery.equals("seed=demo")) {
          DemoSeed.plant(fake);
        }
        return ok(FapiJson::emptyObject);
      default:
        if (path.startsWith("/__fake/email-links/") && path.endsWith("/visit")) {
          only(method, "POST", path);
          String token =
              path.substring("/__fake/email-links/".length(), path.length() - "/visit".length());
          return visit(token);
        }
        throw new BadControlRequest(404, "resource_not_found", "No control-plane call at " + path);
    }
  }

  private static void only(String method, String expected, String path) throws BadControlRequest {
    if (!method.equals(expected)) {
      throw new BadControlRequest(
          405, "method_not_allowed", method + " is not allowed on " + path + "; use " + expected);
    }
  }

  static ObjectNode object(String body) throws BadControlRequest {
    JsonNode node;
    try {
      node = JSON.readTree(body.isEmpty() ? "{}" : body);
    } catch (JsonProcessingException e) {
      throw new BadControlRequest(
          400,
          "malformed_request",
          "The body is not JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    if (node == null || !node.isObject()) {
      throw new BadControlRequest(400, "malformed_request", "The body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private Answer outbox(String rawQuery) throws BadControlRequest {
    Optional<String> to = Optional.empty();
    try {
      List<String> values = FormCodec.parse(rawQuery).get("to");
      if (values != null) {
        to = Optional.of(values.get(0));
      }
    } catch (FormCodec.MalformedFormException e) {
      throw new BadControlRequest(400, "malformed_request", "The query is malformed");
    }
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
    Optional<String> email = text(o, "email");
    Optional<String> phone = text(o, "phone");
    Optional<String> username = text(o, "username");
    String password =
        text(o, "password")
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
    String id;
    try {
      id = fake.addUser(u);
    } catch (IllegalArgumentException e) {
      throw new BadControlRequest(409, "form_identifier_exists", e.getMessage());
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
          "operation must be one of " + List.of(FapiOperation.values()));
    }
    String kind =
        text(o, "fault")
            .orElseThrow(() -> new BadControlRequest(400, "form_param_nil", "fault is required"));
    Fault fault;
    try {
      fault =
          switch (kind) {
            case "latency" -> Fault.latency(Duration.ofMillis(whole(o, "latency_ms", 0, 600_000)));
            case "server_error" -> Fault.serverError((int) whole(o, "status", 500, 599, 503));
            case "drop_connection" -> Fault.dropConnection();
            case "too_many_requests" ->
                Fault.tooManyRequests(
                    Duration.ofSeconds(whole(o, "retry_after_seconds", 0, 86_400, 1)));
            default ->
                throw new BadControlRequest(
                    400,
                    "form_param_format_invalid",
                    "fault must be latency, server_error, drop_connection or too_many_requests");
          };
    } catch (IllegalArgumentException e) {
      throw new BadControlRequest(400, "form_param_format_invalid", e.getMessage());
    }
    FaultTrigger trigger;
    if (o.has("probability")) {
      JsonNode p = o.get("probability");
      if (!p.isNumber() || p.asDouble() <= 0 || p.asDouble() > 1) {
        throw new BadControlRequest(
            400, "form_param_format_invalid", "probability must be a number in (0, 1]");
      }
      trigger = FaultTrigger.withProbability(p.asDouble());
    } else if (bool(o, "always", false)) {
      trigger = FaultTrigger.always();
    } else {
      trigger = FaultTrigger.times((int) whole(o, "times", 1, 1_000_000, 1));
    }
    fake.injectFault(op, fault, trigger);
    return ok(FapiJson::emptyObject);
  }

  private Answer visit(String token) {
    FakeClerk.LinkVisit v = fake.visitEmailLink(token);
    int status =
        switch (v) {
          case VERIFIED -> 200;
          case EXPIRED -> 410;
          case UNKNOWN -> 404;
        };
    return new Answer(
        status,
        FapiJson.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("result", v.name().toLowerCase(Locale.ROOT));
              g.writeEndObject();
            }));
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
