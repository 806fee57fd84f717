package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A Clerk session: the one a flow activated ({@link SignInFlow#finalizeSession()}), or a device's
 * current one ({@link SignInEngine#session(DeviceId)}).
 *
 * @param id the session id ({@code sess_...})
 * @param userId the id of the user it signs in ({@code user_...})
 * @param status its status; {@link SessionStatus#PENDING} while tasks remain
 * @param rawStatus the status exactly as the server sent it
 * @param tasks what the user must still do, in order; empty when none
 */
public record Session(
    String id, String userId, SessionStatus status, String rawStatus, List<SessionTask> tasks) {
  public Session {
    requireNonNull(id, "id");
    requireNonNull(userId, "userId");
    requireNonNull(status, "status");
    requireNonNull(rawStatus, "rawStatus");
    tasks = List.copyOf(tasks);
  }

  /** A session with a known status. */
  public static Session of(
      String id, String userId, SessionStatus status, List<SessionTask> tasks) {
    return new Session(id, userId, status, status.wireName(), tasks);
  }

  /** The first outstanding task, as clerk-js's {@code currentTask}. */
  public Optional<SessionTask> currentTask() {
    return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks.get(0));
  }

  /**
   * True when the session counts as signed in, as clerk-js counts it: {@code active}, or {@code
   * pending} (signed in, with tasks left).
   */
  public boolean signedIn() {
    return status == SessionStatus.ACTIVE || status == SessionStatus.PENDING;
  }
}
