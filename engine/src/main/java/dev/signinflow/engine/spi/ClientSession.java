package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.Session;
import java.util.List;
import java.util.Optional;

/**
 * One session of a {@link Client}, with what the engine needs to tell whose it is.
 *
 * @param session the session: id, user id, status and tasks
 * @param userIdentifiers the identifiers of the session's user as the server lists them (email
 *     addresses, phone numbers, username), in any order
 */
public record ClientSession(Session session, List<String> userIdentifiers) {
  public ClientSession {
    requireNonNull(session, "session");
    userIdentifiers = List.copyOf(userIdentifiers);
  }

  /** The session's id ({@code sess_...}). */
  public String id() {
    return session.id();
  }

  /** True when the session counts as signed in: {@code active} or {@code pending}. */
  public boolean signedIn() {
    return session.signedIn();
  }

  /**
   * True when the session's user has this identifier: email addresses and usernames compared
   * without regard to case, phone numbers in E.164 form.
   */
  public boolean belongsTo(Identifier identifier) {
    requireNonNull(identifier, "identifier");
    for (String raw : userIdentifiers) {
      Optional<Identifier> own = Identifier.tryParse(raw);
      if (own.isPresent()
          && own.get().kind() == identifier.kind()
          && (identifier.kind() == Identifier.Kind.PHONE_NUMBER
              ? own.get().value().equals(identifier.value())
              : own.get().value().equalsIgnoreCase(identifier.value()))) {
        return true;
      }
    }
    return false;
  }
}
