package dev.signinflow.engine.internal;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import java.util.Optional;
import java.util.function.Function;

/** Calls the gateway for a device the way every engine call does. Stateless and thread-safe. */
final class Calls {
  private Calls() {}

  /**
   * Calls the gateway once with the device's token, stores the token it answers with, and turns an
   * exception or a null (an adapter's bug) into {@link GatewayResult.Unavailable}. A token store
   * that fails is {@link GatewayResult.Unavailable} too: before the call, nothing is sent; after
   * it, the server's answer is not used, since the token it returned could not be kept (the step is
   * repeated once the store is back).
   */
  static <T> GatewayResult<T> call(
      ClientTokenStore tokens,
      DeviceId device,
      Function<Optional<ClientToken>, GatewayResult<T>> operation,
      String name) {
    Optional<ClientToken> token;
    try {
      token = tokens.load(device);
    } catch (RuntimeException e) {
      return storeFailed("load the device's client token", e);
    }
    GatewayResult<T> result;
    try {
      result = operation.apply(token);
      if (result == null) {
        result =
            new GatewayResult.Unavailable<>(
                "gateway " + name + " returned null", Optional.empty(), Optional.empty());
      }
    } catch (RuntimeException e) {
      result =
          new GatewayResult.Unavailable<>(
              "gateway " + name + " threw " + e.getClass().getName(),
              Optional.of(e),
              Optional.empty());
    }
    if (result.clientToken().isPresent()) {
      try {
        tokens.save(device, result.clientToken().get());
      } catch (RuntimeException e) {
        return storeFailed("save the client token the server returned", e);
      }
    }
    return result;
  }

  private static <T> GatewayResult<T> storeFailed(String what, RuntimeException e) {
    // The exception's class only: a store's message might quote what it holds.
    return new GatewayResult.Unavailable<>(
        "the client token store could not " + what + " (" + e.getClass().getSimpleName() + ")",
        Optional.of(e),
        Optional.empty());
  }
}
