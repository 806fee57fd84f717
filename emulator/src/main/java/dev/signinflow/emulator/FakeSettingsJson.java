package dev.signinflow.emulator;

import dev.signinflow.engine.Strategy;
import dev.signinflow.transport.fake.FakeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
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
 *  "identifier_enumeration_protection": false, "rotate_client_tokens": true,
 *  "single_session_mode": true, "native_api_enabled": true}
 * }</pre>
 */
public final class FakeSettingsJson {
  private static final long TEN_YEARS_SECONDS = 10L * 365 * 24 * 3600;

  private FakeSettingsJson() {}

  /**
   * These settings with the fields of this JSON object applied.
   *
   * @throws IllegalArgumentException when the text is not a JSON object of known fields with values
   *     of the right type and range; the message says which
   */
  public static FakeSettings apply(FakeSettings base, String json) {
    try {
      return apply(base, ControlJson.read(json, ControlBodies.SettingsPatch.class));
    } catch (ControlPlane.BadControlRequest e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  static FakeSettings apply(FakeSettings base, ControlBodies.SettingsPatch p)
      throws ControlPlane.BadControlRequest {
    FakeSettings.Builder b = base.toBuilder();
    b.clientTrust(or(p.clientTrust(), base.clientTrust()));
    b.legacyClientTrustShape(or(p.legacyClientTrustShape(), base.legacyClientTrustShape()));
    b.emailCodeEnabled(or(p.emailCodeEnabled(), base.emailCodeEnabled()));
    b.emailLinkEnabled(or(p.emailLinkEnabled(), base.emailLinkEnabled()));
    b.smsEnabled(or(p.smsEnabled(), base.smsEnabled()));
    if (p.mfaStrategies() != null) {
      Set<Strategy> set = EnumSet.noneOf(Strategy.class);
      for (String name : strings(p.mfaStrategies(), "mfa_strategies")) {
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
    if (p.sessionTasks() != null) {
      b.sessionTasks(strings(p.sessionTasks(), "session_tasks"));
    }
    b.codeLifetime(seconds(p.codeLifetimeSeconds(), "code_lifetime_seconds", base.codeLifetime()));
    b.resendCooldown(
        seconds(p.resendCooldownSeconds(), "resend_cooldown_seconds", base.resendCooldown()));
    b.wrongCodesAllowed(
        count(p.wrongCodesAllowed(), "wrong_codes_allowed", 0, base.wrongCodesAllowed()));
    b.createLimit(count(p.createLimit(), "create_limit", 1, base.createLimit()));
    b.attemptLimit(count(p.attemptLimit(), "attempt_limit", 1, base.attemptLimit()));
    b.rateLimitWindow(
        seconds(p.rateLimitWindowSeconds(), "rate_limit_window_seconds", base.rateLimitWindow()));
    b.lockoutThreshold(
        count(p.lockoutThreshold(), "lockout_threshold", 1, base.lockoutThreshold()));
    b.lockoutDuration(
        seconds(p.lockoutDurationSeconds(), "lockout_duration_seconds", base.lockoutDuration()));
    b.testIdentities(or(p.testIdentities(), base.testIdentities()));
    b.signInLifetime(
        seconds(p.signInLifetimeSeconds(), "sign_in_lifetime_seconds", base.signInLifetime()));
    b.identifierEnumerationProtection(
        or(p.identifierEnumerationProtection(), base.identifierEnumerationProtection()));
    b.rotateClientTokens(or(p.rotateClientTokens(), base.rotateClientTokens()));
    b.singleSessionMode(or(p.singleSessionMode(), base.singleSessionMode()));
    b.nativeApiEnabled(or(p.nativeApiEnabled(), base.nativeApiEnabled()));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ControlPlane.BadControlRequest(400, "form_param_format_invalid", e.getMessage());
    }
  }

  /** The settings as the JSON {@link #apply} reads. */
  static ControlBodies.Settings view(FakeSettings s) {
    List<String> mfa = new ArrayList<>();
    for (Strategy st : EnumSet.copyOf(withTotp(s.mfaStrategies()))) {
      if (s.mfaStrategies().contains(st)) {
        mfa.add(st.wireName());
      }
    }
    return new ControlBodies.Settings(
        s.clientTrust(),
        s.legacyClientTrustShape(),
        s.emailCodeEnabled(),
        s.emailLinkEnabled(),
        s.smsEnabled(),
        mfa,
        List.copyOf(s.sessionTasks()),
        s.codeLifetime().toSeconds(),
        s.resendCooldown().toSeconds(),
        s.wrongCodesAllowed(),
        s.createLimit(),
        s.attemptLimit(),
        s.rateLimitWindow().toSeconds(),
        s.lockoutThreshold(),
        s.lockoutDuration().toSeconds(),
        s.testIdentities(),
        s.signInLifetime().toSeconds(),
        s.identifierEnumerationProtection(),
        s.rotateClientTokens(),
        s.singleSessionMode(),
        s.nativeApiEnabled());
  }

  private static Set<Strategy> withTotp(Set<Strategy> s) {
    Set<Strategy> all = EnumSet.of(Strategy.TOTP);
    all.addAll(s);
    return all;
  }

  private static <T> T or(T value, T otherwise) {
    return value == null ? otherwise : value;
  }

  private static List<String> strings(List<String> values, String name)
      throws ControlPlane.BadControlRequest {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (v == null) {
        throw new ControlPlane.BadControlRequest(
            400, "form_param_format_invalid", name + " must be an array of strings");
      }
      out.add(v.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static Duration seconds(Long value, String name, Duration otherwise)
      throws ControlPlane.BadControlRequest {
    return value == null
        ? otherwise
        : Duration.ofSeconds(ControlPlane.within(value, name, 0, TEN_YEARS_SECONDS));
  }

  private static int count(Long value, String name, int min, int otherwise)
      throws ControlPlane.BadControlRequest {
    return value == null ? otherwise : (int) ControlPlane.within(value, name, min, 1_000_000);
  }
}
