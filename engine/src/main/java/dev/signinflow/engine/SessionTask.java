package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

/**
 * Something a user must do before a pending session becomes active, such as {@code
 * choose-organization}. Keys the library does not know are kept as they are.
 *
 * @param key the task key as the server sent it
 */
public record SessionTask(String key) {
  /** The user must choose or create an organization. */
  public static final SessionTask CHOOSE_ORGANIZATION = new SessionTask("choose-organization");

  /** The user must reset a compromised password. */
  public static final SessionTask RESET_PASSWORD = new SessionTask("reset-password");

  /** The user must set up multi-factor authentication. */
  public static final SessionTask SETUP_MFA = new SessionTask("setup-mfa");

  public SessionTask {
    requireNonNull(key, "key");
  }
}
