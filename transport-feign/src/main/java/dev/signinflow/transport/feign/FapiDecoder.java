package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import feign.Response;
import feign.Types;
import feign.codec.Decoder;
import feign.jackson.JacksonDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feign's {@link Decoder} for the Frontend API's 2xx answers: an {@link Answer} of the value that
 * feign-jackson's {@link JacksonDecoder} binds from the body in one pass (straight to its {@link
 * Wire.Envelope}, no tree), with the client token of the response's {@code Authorization} header
 * ({@link ClientTokens#of(Response)}).
 *
 * <p>A body it cannot use — too large, cut off, not JSON, without a {@code response} object, or one
 * that lacks what the value needs — is thrown as {@link FapiFailure} holding {@link
 * GatewayResult.Unavailable} with the token; only then is the body parsed again, as a tree, to say
 * why. Bodies over the cap are refused before they are parsed. Thread-safe.
 */
final class FapiDecoder implements Decoder {
  private final ObjectMapper json;
  private final JacksonDecoder jackson;
  private final int maxBodyBytes;
  private final Map<Type, Class<? extends Wire.Envelope<?>>> envelopes = new ConcurrentHashMap<>();

  /**
   * @param json the mapper, shared and configured (unknown fields ignored, trailing tokens refused)
   * @param maxBodyBytes the largest body read
   */
  FapiDecoder(ObjectMapper json, int maxBodyBytes) {
    this.json = requireNonNull(json, "json");
    this.jackson = new JacksonDecoder(json);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Answer<?> decode(Response response, Type type) {
    Optional<ClientToken> token = ClientTokens.of(response);
    Response readable = bounded(response, maxBodyBytes, token);
    Class<? extends Wire.Envelope<?>> envelope =
        envelopes.computeIfAbsent(
            type, t -> Wire.envelopeOf(Types.resolveLastTypeParameter(t, Answer.class)));
    Object value;
    Exception failure;
    try {
      Wire.Envelope<?> e = (Wire.Envelope<?>) jackson.decode(readable, envelope);
      value = e == null ? null : e.value();
      failure = null;
    } catch (IOException | IllegalArgumentException e) {
      value = null;
      failure = e;
    }
    if (value != null) {
      return new Answer<>(value, token);
    }
    throw explain(readable, failure, token);
  }

  /** Why a 2xx body gave no value, from a second look at it as a tree. */
  private FapiFailure explain(Response response, Exception failure, Optional<ClientToken> token) {
    int status = response.status();
    Optional<JsonNode> tree = tree(json, response);
    JsonNode value = tree.map(t -> t.get("response")).orElse(null);
    String reason;
    Exception cause;
    if (value == null || !value.isObject()) {
      reason =
          "HTTP "
              + status
              + (tree.isEmpty() ? " with a body that is not JSON" : " without a response object");
      cause = null;
    } else {
      reason = "HTTP " + status + " with a response this client cannot read";
      cause = failure;
    }
    return new FapiFailure(
        status,
        new GatewayResult.Unavailable<>(reason, Optional.ofNullable(cause), token),
        response.request());
  }

  /**
   * The response with a body that can be read more than once and is at most {@code max} bytes long:
   * as it is when the client buffered it (the JDK client of this transport does), else read into
   * memory. A body that is too large or fails to read is {@link FapiFailure}.
   */
  static Response bounded(Response response, int max, Optional<ClientToken> token) {
    Response.Body body = response.body();
    if (body == null) {
      return response;
    }
    try {
      if (body.isRepeatable() && body.length() != null) {
        if (body.length() > max) {
          throw tooLarge(max);
        }
        return response;
      }
      return response.toBuilder().body(read(body, max)).build();
    } catch (IOException e) {
      throw new FapiFailure(
          response.status(),
          new GatewayResult.Unavailable<>(
              "the response body could not be read: " + e.getMessage(), Optional.of(e), token),
          response.request());
    }
  }

  /** The bytes of a body of at most {@code max} bytes. */
  static byte[] bytes(Response response, int max) throws IOException {
    Response.Body body = response.body();
    if (body == null) {
      return new byte[0];
    }
    if (body.isRepeatable() && body.length() != null && body.length() > max) {
      throw tooLarge(max);
    }
    return read(body, max);
  }

  private static byte[] read(Response.Body body, int max) throws IOException {
    try (InputStream in = body.asInputStream()) {
      // What is already buffered sizes the first read, so a small body is not read through a
      // buffer sized for the cap.
      int hint = Math.min(Math.max(in.available(), 0), max);
      byte[] bytes = in.readNBytes(hint + 1);
      if (bytes.length == hint + 1) {
        byte[] rest = in.readNBytes(max + 1 - bytes.length);
        byte[] all = Arrays.copyOf(bytes, bytes.length + rest.length);
        System.arraycopy(rest, 0, all, bytes.length, rest.length);
        bytes = all;
      }
      if (bytes.length > max) {
        throw tooLarge(max);
      }
      return bytes;
    }
  }

  private static IOException tooLarge(int max) {
    return new IOException("the response body is larger than " + max + " bytes");
  }

  /** The body as a JSON object, if it is one. */
  static Optional<JsonNode> tree(ObjectMapper json, Response response) {
    try {
      byte[] body = bytes(response, Integer.MAX_VALUE - 8);
      if (body.length == 0) {
        return Optional.empty();
      }
      JsonNode node = json.readTree(body);
      return node == null || !node.isObject() ? Optional.empty() : Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
