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
   * exception or a null (an adapter's bug) into {@link GatewayResult.Unavailable}.
   */
  static <T> GatewayResult<T> call(
      ClientTokenStore tokens,
      DeviceId device,
      Function<Optional<ClientToken>, GatewayResult<T>> operation,
      String name) {
    GatewayResult<T> result;
    try {
      result = operation.apply(tokens.load(device));
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
    result.clientToken().ifPresent(t -> tokens.save(device, t));
    return result;
  }
}
