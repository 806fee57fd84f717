package dev.signinflow.engine.spi;

import dev.signinflow.engine.DeviceId;
import java.util.Optional;

/**
 * Keeps the last session JWT minted for each device, so that a service asking for a device's token
 * on every request calls Clerk only when the token is about to expire. The engine decides when a
 * token is still fresh (by its expiry and the engine's clock); a cache only keeps and forgets.
 *
 * <p>Implementations must be safe for use by many threads at once. A cache may forget an entry at
 * any time (after its expiry, say): the engine then mints a new one. Tokens are secrets: never log
 * them.
 */
public interface SessionTokenCache {

  /** The device's last token, fresh or not, or empty. */
  Optional<SessionToken> get(DeviceId device);

  /** Keeps this token as the device's last one. */
  void put(DeviceId device, SessionToken token);

  /** Forgets the device's token (its session changed, or it signed out). */
  void evict(DeviceId device);

  /** A cache in this process's memory, one entry per device, lost when the process exits. */
  static SessionTokenCache inMemory() {
    return new InMemorySessionTokenCache();
  }
}
