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
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
 * <p>The body is read once, at most {@code maxBodyBytes} long, and decoded to text once, as UTF-8;
 * {@link JacksonDecoder} reads that text. (Handed the response as it is, it reads the body through
 * an {@code InputStreamReader}, whose decoder and buffers cost as much again as the binding: see
 * docs/performance.md §5.)
 *
 * <p>A body it cannot use — too large, cut off, not JSON, without a {@code response} object, or one
 * that lacks what the value needs — is thrown as {@link FapiFailure} holding {@link
 * GatewayResult.Unavailable} with the token; only then is the body parsed again, as a tree, to say
 * why. Thread-safe.
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
    byte[] body = body(response, maxBodyBytes, token);
    Class<? extends Wire.Envelope<?>> envelope =
        envelopes.computeIfAbsent(
            type, t -> Wire.envelopeOf(Types.resolveLastTypeParameter(t, Answer.class)));
    Object value;
    Exception failure;
    try {
      Wire.Envelope<?> e = (Wire.Envelope<?>) jackson.decode(text(response, body), envelope);
      value = e == null ? null : e.value();
      failure = null;
    } catch (IOException | IllegalArgumentException e) {
      value = null;
      failure = e;
    }
    if (value != null) {
      return new Answer<>(value, token);
    }
    throw explain(response, body, Wire.bare(envelope), failure, token);
  }

  /**
   * The response for {@link JacksonDecoder}: its body as text. JSON between systems is UTF-8 (RFC
   * 8259 §8.1), as Jackson reads bytes by default; {@link Response#charset()} is not asked, as it
   * compiles a regular expression on every call.
   */
  private static Response text(Response response, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return Response.builder()
        .status(response.status())
        .request(response.request())
        .body(new Text(text))
        .build();
  }

  /**
   * Why a 2xx body gave no value, from a second look at it as a tree. The value is the body's
   * {@code response}, or the body itself when it comes bare (a session token). The reason never
   * quotes the body, which may hold a session JWT.
   */
  private FapiFailure explain(
      Response response,
      byte[] body,
      boolean bare,
      Exception failure,
      Optional<ClientToken> token) {
    int status = response.status();
    Optional<JsonNode> tree = tree(json, body);
    JsonNode value = bare ? tree.orElse(null) : tree.map(t -> t.get("response")).orElse(null);
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

  /** The body of at most {@code max} bytes, or {@link FapiFailure} when it cannot be read. */
  static byte[] body(Response response, int max, Optional<ClientToken> token) {
    try {
      return bytes(response, max);
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
    Integer length = body.length();
    if (length != null && length > max) {
      throw tooLarge(max);
    }
    try (InputStream in = body.asInputStream()) {
      if (length != null && body.isRepeatable()) {
        // A buffered body (this transport's JDK client answers one): copied once, as it is.
        byte[] bytes = new byte[length];
        int n = in.readNBytes(bytes, 0, length);
        return n == length ? bytes : Arrays.copyOf(bytes, n);
      }
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
  static Optional<JsonNode> tree(ObjectMapper json, byte[] body) {
    if (body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = json.readTree(body);
      return node == null || !node.isObject() ? Optional.empty() : Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A body already decoded to text, read as often as asked. */
  private record Text(String text) implements Response.Body {
    @Override
    public Integer length() {
      return null;
    }

    @Override
    public boolean isRepeatable() {
      return true;
    }

    @Override
    public InputStream asInputStream() {
      throw new UnsupportedOperationException("a decoded body is read as text");
    }

    @Override
    public Reader asReader(Charset charset) {
      return new StringReader(text);
    }

    @Override
    public void close() {}
  }
}
