package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.DeviceId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link ClientTokenStore#inMemory()}: a concurrent map from device to token. */
final class InMemoryClientTokenStore implements ClientTokenStore {
  private final ConcurrentMap<DeviceId, ClientToken> tokens = new ConcurrentHashMap<>();

  @Override
  public Optional<ClientToken> load(DeviceId device) {
    return Optional.ofNullable(tokens.get(requireNonNull(device, "device")));
  }

  @Override
  public void save(DeviceId device, ClientToken token) {
    tokens.put(requireNonNull(device, "device"), requireNonNull(token, "token"));
  }

  @Override
  public String toString() {
    return "InMemoryClientTokenStore[" + tokens.size() + " devices]";
  }
}
