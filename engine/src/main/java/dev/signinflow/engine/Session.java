package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A Clerk session, as activated by {@link SignInFlow#finalizeSession()}.
 *
 * @param id the session id ({@code sess_...})
 * @param status its status; {@link SessionStatus#PENDING} while tasks remain
 * @param rawStatus the status exactly as the server sent it
 * @param tasks what the user must still do, in order; empty when none
 */
public record Session(String id, SessionStatus status, String rawStatus, List<SessionTask> tasks) {
  public Session {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    requireNonNull(rawStatus, "rawStatus");
    tasks = List.copyOf(tasks);
  }

  /** A session with a known status. */
  public static Session of(String id, SessionStatus status, List<SessionTask> tasks) {
    return new Session(id, status, status.wireName(), tasks);
  }

  /** The first outstanding task, as clerk-js's {@code currentTask}. */
  public Optional<SessionTask> currentTask() {
    return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks.get(0));
  }
}
