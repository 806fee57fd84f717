package dev.signinflow.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.FakeSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bare {@code GET /v1/environment} answer in FAPI's wire format, drawn from the fake's settings
 * ({@code Client.Environment} of the spec). Stateless and thread-safe.
 */
final class EnvironmentJson {
  private EnvironmentJson() {}

  /**
   * The instance's environment, drawn from the settings: every object the spec requires ({@code
   * Client.Environment}, spec lines 12469-12494, and its {@code auth_config} and {@code
   * user_settings} with their required fields), values the fake does not model set to an instance's
   * defaults (no social, SAML, web3 or passkey sign-in; public sign-up).
   */
  static void environment(JsonGenerator g, FakeSettings s) throws IOException {
    boolean email = s.emailCodeEnabled() || s.emailLinkEnabled();
    List<String> identifiers = new ArrayList<>();
    if (email) {
      identifiers.add("email_address");
    }
    if (s.smsEnabled()) {
      identifiers.add("phone_number");
    }
    identifiers.add("username");
    List<String> emailVerifications = new ArrayList<>();
    if (s.emailCodeEnabled()) {
      emailVerifications.add("email_code");
    }
    if (s.emailLinkEnabled()) {
      emailVerifications.add("email_link");
    }
    List<String> mfa = s.mfaStrategies().stream().map(Strategy::wireName).sorted().toList();

    g.writeStartObject();
    g.writeObjectFieldStart("auth_config");
    g.writeStringField("object", "auth_config");
    g.writeStringField("id", "aac_fake");
    g.writeStringField("first_name", "on");
    g.writeStringField("last_name", "on");
    g.writeStringField("email_address", email ? "on" : "off");
    g.writeStringField("phone_number", s.smsEnabled() ? "on" : "off");
    g.writeStringField("username", "on");
    g.writeStringField("password", "required");
    g.writeArrayFieldStart("identification_requirements");
    strings(g, identifiers);
    g.writeEndArray();
    g.writeFieldName("identification_strategies");
    strings(g, identifiers);
    g.writeFieldName("first_factors");
    strings(g, List.of("password"));
    g.writeFieldName("second_factors");
    strings(g, mfa);
    g.writeFieldName("email_address_verification_strategies");
    strings(g, emailVerifications);
    g.writeBooleanField("single_session_mode", s.singleSessionMode());
    g.writeBooleanField("enhanced_email_deliverability", false);
    g.writeBooleanField("test_mode", s.testIdentities());
    g.writeBooleanField("url_based_session_syncing", false);
    g.writeNullField("claimed_at");
    g.writeBooleanField("reverification", false);
    g.writeObjectFieldStart("native_settings");
    g.writeStringField("object", "native_settings");
    g.writeBooleanField("api_enabled", true);
    g.writeBooleanField("trusted_device_sign_in_enabled", false);
    g.writeBooleanField("trusted_device_enrollment_prompt_after_sign_in_enabled", false);
    g.writeBooleanField("trusted_device_enrollment_prompt_after_sign_up_enabled", false);
    g.writeEndObject();
    g.writeEndObject();

    g.writeObjectFieldStart("user_settings");
    g.writeObjectFieldStart("attributes");
    attribute(g, "email_address", email, false, true, emailVerifications, mfa, "email_code");
    attribute(
        g, "phone_number", s.smsEnabled(), false, true, List.of("phone_code"), mfa, "phone_code");
    attribute(g, "username", true, false, true, List.of(), mfa, null);
    attribute(g, "web3_wallet", false, false, false, List.of(), mfa, null);
    attribute(g, "first_name", true, false, false, List.of(), mfa, null);
    attribute(g, "last_name", true, false, false, List.of(), mfa, null);
    attribute(g, "password", true, true, false, List.of(), mfa, null);
    attribute(
        g, "authenticator_app", mfa.contains("totp"), false, false, List.of("totp"), mfa, "totp");
    attribute(g, "ticket", false, false, false, List.of(), mfa, null);
    attribute(
        g, "backup_code", mfa.contains("backup_code"), false, false, List.of(), mfa, "backup_code");
    attribute(g, "passkey", false, false, false, List.of(), mfa, null);
    g.writeEndObject();
    emptyObject(g, "social");
    g.writeObjectFieldStart("saml");
    g.writeBooleanField("enabled", false);
    g.writeEndObject();
    g.writeObjectFieldStart("enterprise_sso");
    g.writeBooleanField("enabled", false);
    g.writeEndObject();
    g.writeObjectFieldStart("sign_in");
    g.writeObjectFieldStart("second_factor");
    g.writeBooleanField("required", false);
    // Not in the spec's closed object, but what clerk-js reads (SignInData.second_factor.enabled):
    // an allow-listed deviation, docs/emulator.md (section "The emulator against Clerk's OpenAPI
    // spec").
    g.writeBooleanField("enabled", !mfa.isEmpty());
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("sign_up");
    g.writeBooleanField("captcha_enabled", false);
    g.writeStringField("captcha_widget_type", "smart");
    g.writeBooleanField("custom_action_required", false);
    g.writeBooleanField("progressive", true);
    g.writeStringField("mode", "public");
    g.writeBooleanField("legal_consent_enabled", false);
    g.writeEndObject();
    g.writeObjectFieldStart("restrictions");
    for (String r :
        List.of(
            "allowlist",
            "blocklist",
            "allowlist_blocklist_disabled_on_sign_in",
            "block_email_subaddresses",
            "block_disposable_email_domains")) {
      g.writeObjectFieldStart(r);
      g.writeBooleanField("enabled", false);
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeObjectFieldStart("password_settings");
    g.writeBooleanField("disable_hibp", true);
    g.writeBooleanField("disable_password_reverification", false);
    g.writeNumberField("min_length", 8);
    g.writeNumberField("max_length", 72);
    g.writeBooleanField("require_special_char", false);
    g.writeBooleanField("require_numbers", false);
    g.writeBooleanField("require_uppercase", false);
    g.writeBooleanField("require_lowercase", false);
    g.writeBooleanField("show_zxcvbn", false);
    g.writeNumberField("min_zxcvbn_strength", 0);
    g.writeBooleanField("enforce_hibp_on_sign_in", false);
    g.writeStringField("allowed_special_characters", "#%$&_!");
    g.writeEndObject();
    g.writeObjectFieldStart("username_settings");
    g.writeNumberField("min_length", 4);
    g.writeNumberField("max_length", 64);
    g.writeBooleanField("allow_extended_special_characters", false);
    g.writeBooleanField("allow_numeric_usernames", false);
    g.writeEndObject();
    g.writeObjectFieldStart("actions");
    g.writeBooleanField("delete_self", false);
    g.writeBooleanField("create_organization", false);
    g.writeNullField("create_organizations_limit");
    g.writeEndObject();
    g.writeObjectFieldStart("attack_protection");
    g.writeObjectFieldStart("user_lockout");
    g.writeBooleanField("enabled", true);
    g.writeNumberField("max_attempts", s.lockoutThreshold());
    g.writeNumberField("duration_in_minutes", s.lockoutDuration().toMinutes());
    g.writeEndObject();
    g.writeObjectFieldStart("pii");
    g.writeBooleanField("enabled", false);
    g.writeEndObject();
    g.writeObjectFieldStart("email_link");
    g.writeBooleanField("require_same_client", false);
    g.writeEndObject();
    g.writeObjectFieldStart("enumeration_protection");
    g.writeBooleanField("enabled", s.identifierEnumerationProtection());
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("passkey_settings");
    g.writeBooleanField("allow_autofill", false);
    g.writeBooleanField("show_sign_in_button", false);
    g.writeBooleanField("satisfies_second_factor", false);
    g.writeEndObject();
    g.writeEndObject();
    g.writeBooleanField("maintenance_mode", false);
    g.writeBooleanField("client_debug_mode", false);
    g.writeEndObject();
  }

  /**
   * One of {@code user_settings.attributes} ({@code UserSettings.Attribute}, spec lines
   * 11851-11888): every field required. Sign-in here is by password only, so no attribute has first
   * factors of its own; {@code mfaStrategy} is the second factor it carries when the instance
   * allows that strategy.
   */
  private static void attribute(
      JsonGenerator g,
      String name,
      boolean enabled,
      boolean required,
      boolean identifier,
      List<String> verifications,
      List<String> mfa,
      String mfaStrategy)
      throws IOException {
    boolean secondFactor = enabled && mfaStrategy != null && mfa.contains(mfaStrategy);
    g.writeObjectFieldStart(name);
    g.writeBooleanField("enabled", enabled);
    g.writeBooleanField("required", required);
    g.writeBooleanField("used_for_first_factor", enabled && identifier);
    g.writeFieldName("first_factors");
    strings(g, List.of());
    g.writeBooleanField("used_for_second_factor", secondFactor);
    g.writeFieldName("second_factors");
    strings(g, secondFactor ? List.of(mfaStrategy) : List.of());
    g.writeFieldName("verifications");
    strings(g, enabled ? verifications : List.of());
    g.writeBooleanField("verify_at_sign_up", enabled && !verifications.isEmpty());
    g.writeBooleanField("immutable", false);
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, List<String> values) throws IOException {
    g.writeStartArray();
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void emptyObject(JsonGenerator g, String name) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeEndObject();
  }
}
