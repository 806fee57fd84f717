package dev.signinflow.testkit.explore;

import dev.signinflow.transport.fake.FakeSettings;
import java.util.List;

/**
 * Named instance settings the explorer's scenario matrix draws from; each is {@link
 * FakeSettings#defaults()} with the one difference its name says.
 */
public enum InstanceSettings {
  /** Client Trust on, sent by email code: Clerk's default for new applications. */
  CLIENT_TRUST_EMAIL_CODE("client-trust-email-code"),
  /** Client Trust off: a right password without MFA signs in at once. */
  CLIENT_TRUST_OFF("client-trust-off"),
  /** Client Trust in Clerk's legacy shape: {@code needs_second_factor} with a new device. */
  LEGACY_SHAPE("legacy-shape"),
  /** Client Trust by email link (email codes off). */
  EMAIL_LINK("email-link"),
  /** The legacy shape with email links: the only way to complete a second factor by refresh. */
  LEGACY_EMAIL_LINK("legacy-email-link"),
  /** SMS only: email codes and links off, so Client Trust goes by SMS code. */
  SMS_ONLY("sms-only"),
  /** Every new session is pending with the {@code choose-organization} task. */
  SESSION_TASKS("session-tasks"),
  /**
   * Multi-session mode: a signed-in user signing in again on the device gets {@code
   * identifier_already_signed_in} instead of {@code session_exists}.
   */
  MULTI_SESSION("multi-session");

  private final String label;

  InstanceSettings(String label) {
    this.label = label;
  }

  /** The name used in scenario names and fixtures, such as {@code client-trust-email-code}. */
  public String label() {
    return label;
  }

  /** The fake's settings for this name. */
  public FakeSettings settings() {
    FakeSettings.Builder b = FakeSettings.defaults().toBuilder();
    switch (this) {
      case CLIENT_TRUST_OFF:
        b.clientTrust(false);
        break;
      case LEGACY_SHAPE:
        b.legacyClientTrustShape(true);
        break;
      case EMAIL_LINK:
        b.emailCodeEnabled(false);
        break;
      case LEGACY_EMAIL_LINK:
        b.legacyClientTrustShape(true).emailCodeEnabled(false);
        break;
      case SMS_ONLY:
        b.smsOnly();
        break;
      case SESSION_TASKS:
        b.sessionTasks(List.of("choose-organization"));
        break;
      case MULTI_SESSION:
        b.singleSessionMode(false);
        break;
      default:
        break;
    }
    return b.build();
  }

  static InstanceSettings byLabel(String label) {
    for (InstanceSettings s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no instance settings named " + label);
  }
}
