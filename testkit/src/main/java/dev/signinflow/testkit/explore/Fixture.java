package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signinflow.engine.ResendPolicy;
import dev.signinflow.engine.SignInState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sequence written down to be replayed exactly: the scenario, the steps, the trace they gave,
 * and, for a failure, the invariant it broke. Format 1:
 *
 * <pre>{@code
 * {"format":1,"scenario":"client-trust-email-code/no-mfa/new-device/no-faults",
 *  "invariant":"follows-table","message":"...",
 *  "seed":0,"resend_policy":{"cooldown_ms":30000,"max_sends":5},
 *  "resume_after":2,"differential":false,
 *  "actions":["SUBMIT_RIGHT_PASSWORD","ADVANCE_PAST_SIGN_IN_EXPIRY","VERIFY_WRONG_CODE"],
 *  "trace":[{"action":"SUBMIT_RIGHT_PASSWORD","from":"IDENTIFYING","to":"NEEDS_CLIENT_TRUST",
 *            "outcome":"SUCCESS","errors":[],"calls":["createSignIn:Success", ...]}, ...]}
 * }</pre>
 *
 * {@code invariant}, {@code message}, {@code resume_after} and {@code differential} are left out
 * when they do not apply.
 */
record Fixture(
    String scenario,
    Optional<String> invariant,
    Optional<String> message,
    long seed,
    ResendPolicy resendPolicy,
    OptionalInt resumeAfter,
    boolean differential,
    List<Action> actions,
    List<TraceStep> trace) {

  static final int FORMAT = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  Fixture {
    requireNonNull(scenario, "scenario");
    requireNonNull(invariant, "invariant");
    requireNonNull(message, "message");
    requireNonNull(resendPolicy, "resendPolicy");
    requireNonNull(resumeAfter, "resumeAfter");
    actions = List.copyOf(actions);
    trace = List.copyOf(trace);
  }

  String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", FORMAT);
    o.put("scenario", scenario);
    invariant.ifPresent(i -> o.put("invariant", i));
    message.ifPresent(m -> o.put("message", m));
    o.put("seed", seed);
    ObjectNode policy = o.putObject("resend_policy");
    policy.put("cooldown_ms", resendPolicy.cooldown().toMillis());
    policy.put("max_sends", resendPolicy.maxSendsPerSignIn());
    resumeAfter.ifPresent(k -> o.put("resume_after", k));
    if (differential) {
      o.put("differential", true);
    }
    ArrayNode a = o.putArray("actions");
    actions.forEach(x -> a.add(x.name()));
    ArrayNode t = o.putArray("trace");
    for (TraceStep s : trace) {
      ObjectNode n = t.addObject();
      n.put("action", s.action().name());
      n.put("from", s.from().name());
      n.put("to", s.to().name());
      n.put("outcome", s.outcome());
      ArrayNode errors = n.putArray("errors");
      s.errors().forEach(errors::add);
      ArrayNode calls = n.putArray("calls");
      s.calls().forEach(calls::add);
    }
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a fixture could not be written as JSON", e);
    }
  }

  /**
   * Reads a fixture.
   *
   * @throws IllegalArgumentException when the text is not a fixture of format 1
   */
  static Fixture fromJson(String json) {
    requireNonNull(json, "json");
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (o == null || !o.isObject() || o.path("format").asInt(-1) != FORMAT) {
      throw new IllegalArgumentException("not a fixture of format " + FORMAT);
    }
    List<Action> actions = new ArrayList<>();
    for (JsonNode a : o.path("actions")) {
      actions.add(Action.valueOf(a.asText()));
    }
    List<TraceStep> trace = new ArrayList<>();
    for (JsonNode n : o.path("trace")) {
      List<String> errors = new ArrayList<>();
      n.path("errors").forEach(e -> errors.add(e.asText()));
      List<String> calls = new ArrayList<>();
      n.path("calls").forEach(c -> calls.add(c.asText()));
      trace.add(
          new TraceStep(
              Action.valueOf(n.path("action").asText()),
              SignInState.valueOf(n.path("from").asText()),
              SignInState.valueOf(n.path("to").asText()),
              n.path("outcome").asText(),
              errors,
              calls));
    }
    JsonNode policy = o.path("resend_policy");
    ResendPolicy resendPolicy =
        policy.isObject()
            ? ResendPolicy.of(
                Duration.ofMillis(policy.path("cooldown_ms").asLong()),
                policy.path("max_sends").asInt())
            : ResendPolicy.defaults();
    return new Fixture(
        required(o, "scenario"),
        optional(o, "invariant"),
        optional(o, "message"),
        o.path("seed").asLong(0),
        resendPolicy,
        o.has("resume_after")
            ? OptionalInt.of(o.path("resume_after").asInt())
            : OptionalInt.empty(),
        o.path("differential").asBoolean(false),
        actions,
        trace);
  }

  private static String required(JsonNode o, String field) {
    if (!o.path(field).isTextual()) {
      throw new IllegalArgumentException("a fixture needs \"" + field + "\"");
    }
    return o.path(field).asText();
  }

  private static Optional<String> optional(JsonNode o, String field) {
    return o.path(field).isTextual() ? Optional.of(o.path(field).asText()) : Optional.empty();
  }
}
