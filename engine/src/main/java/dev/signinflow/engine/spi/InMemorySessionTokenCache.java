package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.DeviceId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link SessionTokenCache#inMemory()}: a concurrent map from device to its last token. */
final class InMemorySessionTokenCache implements SessionTokenCache {
  private final ConcurrentMap<DeviceId, SessionToken> tokens = new ConcurrentHashMap<>();

  @Override
  public Optional<SessionToken> get(DeviceId device) {
    return Optional.ofNullable(tokens.get(requireNonNull(device, "device")));
  }

  @Override
  public void put(DeviceId device, SessionToken token) {
    tokens.put(requireNonNull(device, "device"), requireNonNull(token, "token"));
  }

  @Override
  public void evict(DeviceId device) {
    tokens.remove(requireNonNull(device, "device"));
  }

  @Override
  public String toString() {
    return "InMemorySessionTokenCache[" + tokens.size() + " devices]";
  }
}
