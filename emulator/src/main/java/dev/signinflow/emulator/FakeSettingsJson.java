package dev.signinflow.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.FakeSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@link FakeSettings} as JSON, as the control plane's {@code PUT /__fake/settings} and {@code
 * signin emulator --settings FILE} take it: snake_case names, durations in whole seconds, every
 * field optional (an absent one keeps its value), an unknown one refused.
 *
 * <pre>{@code
 * {"client_trust": true, "legacy_client_trust_shape": false, "email_code_enabled": true,
 *  "email_link_enabled": true, "sms_enabled": true,
 *  "mfa_strategies": ["totp", "phone_code", "email_code", "backup_code"],
 *  "session_tasks": [], "code_lifetime_seconds": 600, "resend_cooldown_seconds": 30,
 *  "wrong_codes_allowed": 3, "create_limit": 5, "attempt_limit": 3,
 *  "rate_limit_window_seconds": 10, "lockout_threshold": 10, "lockout_duration_seconds": 3600,
 *  "test_identities": true, "sign_in_lifetime_seconds": 86400,
 *  "identifier_enumeration_protection": false, "rotate_client_tokens": true}
 * }</pre>
 */
public final class FakeSettingsJson {
  private static final Set<String> FIELDS =
      Set.of(
          "client_trust",
          "legacy_client_trust_shape",
          "email_code_enabled",
          "email_link_enabled",
          "sms_enabled",
          "mfa_strategies",
          "session_tasks",
          "code_lifetime_seconds",
          "resend_cooldown_seconds",
          "wrong_codes_allowed",
          "create_limit",
          "attempt_limit",
          "rate_limit_window_seconds",
          "lockout_threshold",
          "lockout_duration_seconds",
          "test_identities",
          "sign_in_lifetime_seconds",
          "identifier_enumeration_protection",
          "rotate_client_tokens");

  private FakeSettingsJson() {}

  /**
   * These settings with the fields of this JSON object applied.
   *
   * @throws IllegalArgumentException when the text is not a JSON object of known fields with values
   *     of the right type and range; the message says which
   */
  public static FakeSettings apply(FakeSettings base, String json) {
    try {
      return apply(base, ControlPlane.object(json));
    } catch (ControlPlane.BadControlRequest e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  static FakeSettings apply(FakeSettings base, ObjectNode o) throws ControlPlane.BadControlRequest {
    ControlPlane.unknownFields(o, FIELDS);
    FakeSettings.Builder b = base.toBuilder();
    b.clientTrust(ControlPlane.bool(o, "client_trust", base.clientTrust()));
    b.legacyClientTrustShape(
        ControlPlane.bool(o, "legacy_client_trust_shape", base.legacyClientTrustShape()));
    b.emailCodeEnabled(ControlPlane.bool(o, "email_code_enabled", base.emailCodeEnabled()));
    b.emailLinkEnabled(ControlPlane.bool(o, "email_link_enabled", base.emailLinkEnabled()));
    b.smsEnabled(ControlPlane.bool(o, "sms_enabled", base.smsEnabled()));
    if (o.has("mfa_strategies")) {
      Set<Strategy> set = EnumSet.noneOf(Strategy.class);
      for (String name : strings(o, "mfa_strategies")) {
        Strategy s = Strategy.fromWireName(name);
        if (s == Strategy.UNKNOWN || s == Strategy.EMAIL_LINK) {
          throw new ControlPlane.BadControlRequest(
              400,
              "form_param_format_invalid",
              "mfa_strategies holds totp, phone_code, email_code or backup_code, not '"
                  + name
                  + "'");
        }
        set.add(s);
      }
      b.mfaStrategies(set);
    }
    if (o.has("session_tasks")) {
      b.sessionTasks(strings(o, "session_tasks"));
    }
    b.codeLifetime(seconds(o, "code_lifetime_seconds", base.codeLifetime()));
    b.resendCooldown(seconds(o, "resend_cooldown_seconds", base.resendCooldown()));
    b.wrongCodesAllowed(count(o, "wrong_codes_allowed", 0, base.wrongCodesAllowed()));
    b.createLimit(count(o, "create_limit", 1, base.createLimit()));
    b.attemptLimit(count(o, "attempt_limit", 1, base.attemptLimit()));
    b.rateLimitWindow(seconds(o, "rate_limit_window_seconds", base.rateLimitWindow()));
    b.lockoutThreshold(count(o, "lockout_threshold", 1, base.lockoutThreshold()));
    b.lockoutDuration(seconds(o, "lockout_duration_seconds", base.lockoutDuration()));
    b.testIdentities(ControlPlane.bool(o, "test_identities", base.testIdentities()));
    b.signInLifetime(seconds(o, "sign_in_lifetime_seconds", base.signInLifetime()));
    b.identifierEnumerationProtection(
        ControlPlane.bool(
            o, "identifier_enumeration_protection", base.identifierEnumerationProtection()));
    b.rotateClientTokens(ControlPlane.bool(o, "rotate_client_tokens", base.rotateClientTokens()));
    return b.build();
  }

  /** Writes settings as the JSON {@link #apply} reads. */
  static void write(JsonGenerator g, FakeSettings s) throws IOException {
    g.writeStartObject();
    g.writeBooleanField("client_trust", s.clientTrust());
    g.writeBooleanField("legacy_client_trust_shape", s.legacyClientTrustShape());
    g.writeBooleanField("email_code_enabled", s.emailCodeEnabled());
    g.writeBooleanField("email_link_enabled", s.emailLinkEnabled());
    g.writeBooleanField("sms_enabled", s.smsEnabled());
    g.writeArrayFieldStart("mfa_strategies");
    for (Strategy st : EnumSet.copyOf(withTotp(s.mfaStrategies()))) {
      if (s.mfaStrategies().contains(st)) {
        g.writeString(st.wireName());
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("session_tasks");
    for (String t : s.sessionTasks()) {
      g.writeString(t);
    }
    g.writeEndArray();
    g.writeNumberField("code_lifetime_seconds", s.codeLifetime().toSeconds());
    g.writeNumberField("resend_cooldown_seconds", s.resendCooldown().toSeconds());
    g.writeNumberField("wrong_codes_allowed", s.wrongCodesAllowed());
    g.writeNumberField("create_limit", s.createLimit());
    g.writeNumberField("attempt_limit", s.attemptLimit());
    g.writeNumberField("rate_limit_window_seconds", s.rateLimitWindow().toSeconds());
    g.writeNumberField("lockout_threshold", s.lockoutThreshold());
    g.writeNumberField("lockout_duration_seconds", s.lockoutDuration().toSeconds());
    g.writeBooleanField("test_identities", s.testIdentities());
    g.writeNumberField("sign_in_lifetime_seconds", s.signInLifetime().toSeconds());
    g.writeBooleanField("identifier_enumeration_protection", s.identifierEnumerationProtection());
    g.writeBooleanField("rotate_client_tokens", s.rotateClientTokens());
    g.writeEndObject();
  }

  private static Set<Strategy> withTotp(Set<Strategy> s) {
    Set<Strategy> all = EnumSet.of(Strategy.TOTP);
    all.addAll(s);
    return all;
  }

  private static List<String> strings(ObjectNode o, String name)
      throws ControlPlane.BadControlRequest {
    JsonNode n = o.get(name);
    if (!n.isArray()) {
      throw new ControlPlane.BadControlRequest(
          400, "form_param_format_invalid", name + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
      JsonNode e = it.next();
      if (!e.isTextual()) {
        throw new ControlPlane.BadControlRequest(
            400, "form_param_format_invalid", name + " must be an array of strings");
      }
      out.add(e.asText().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static Duration seconds(ObjectNode o, String name, Duration otherwise)
      throws ControlPlane.BadControlRequest {
    return o.has(name)
        ? Duration.ofSeconds(ControlPlane.whole(o, name, 0, 10L * 365 * 24 * 3600))
        : otherwise;
  }

  private static int count(ObjectNode o, String name, int min, int otherwise)
      throws ControlPlane.BadControlRequest {
    return o.has(name) ? (int) ControlPlane.whole(o, name, min, 1_000_000) : otherwise;
  }
}
