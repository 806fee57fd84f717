package dev.signinflow.engine.spi;

import dev.signinflow.engine.DeviceId;
import java.util.Optional;

/**
 * Keeps one Clerk client token per device, so that a device that proved itself once stays trusted.
 * The engine loads the token before every gateway call and saves whatever the server returned.
 *
 * <p>Implementations must be safe for use by many threads at once. Never share one token among
 * several users' devices, and never mint a new one per sign-in: both defeat Client Trust.
 */
public interface ClientTokenStore {

  /** The device's token, or empty before its first contact with the server. */
  Optional<ClientToken> load(DeviceId device);

  /** Replaces the device's token with the one the server returned. */
  void save(DeviceId device, ClientToken token);

  /** A store that keeps tokens in this process's memory, lost when it exits. */
  static ClientTokenStore inMemory() {
    return new InMemoryClientTokenStore();
  }
}
