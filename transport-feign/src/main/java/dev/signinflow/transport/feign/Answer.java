package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.ClientToken;
import java.util.Optional;

/**
 * A 2xx answer of the Frontend API as {@link FapiDecoder} decodes it: the value bound from the
 * body, with the client token of the response's {@code Authorization} header, which travels with
 * it.
 *
 * @param value what the response holds
 * @param clientToken the token the response returned, if it returned one
 * @param <T> the value
 */
record Answer<T>(T value, Optional<ClientToken> clientToken) {
  Answer {
    requireNonNull(value, "value");
    requireNonNull(clientToken, "clientToken");
  }
}
