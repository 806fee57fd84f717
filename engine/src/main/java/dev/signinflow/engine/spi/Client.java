package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A device's Clerk client as {@code GET /v1/client} reports it: its sessions and which of them is
 * the active one. A token the server does not know (or none) has no client: {@link #none()}.
 *
 * @param id the client id ({@code client_...}); empty when the server has no client for the token
 * @param sessions the client's sessions in the server's order: signed-in ones ({@code active},
 *     {@code pending}) and ended ones, which Clerk keeps listed; removed ones are gone
 * @param lastActiveSessionId the client's active session ({@code last_active_session_id}), if any
 */
public record Client(
    Optional<String> id, List<ClientSession> sessions, Optional<String> lastActiveSessionId) {
  private static final Client NONE = new Client(Optional.empty(), List.of(), Optional.empty());

  public Client {
    requireNonNull(id, "id");
    sessions = List.copyOf(sessions);
    requireNonNull(lastActiveSessionId, "lastActiveSessionId");
  }

  /** No client: the server knows no client for the token sent (or none was sent). */
  public static Client none() {
    return NONE;
  }

  /** The sessions that count as signed in ({@code active} or {@code pending}), in order. */
  public List<ClientSession> signedIn() {
    return sessions.stream().filter(ClientSession::signedIn).toList();
  }

  /**
   * The device's current session, as clerk-js picks it: the one {@code last_active_session_id}
   * names, when that one is signed in; empty otherwise (the device is signed out).
   */
  public Optional<ClientSession> current() {
    return lastActiveSessionId.flatMap(
        id -> sessions.stream().filter(s -> s.id().equals(id) && s.signedIn()).findFirst());
  }
}
