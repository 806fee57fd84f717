package dev.signinflow.store.redis;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's {@link ClientTokenStore} on Redis: one Clerk client token per device, shared by
 * every node, <b>sealed at rest</b> with the application's {@link TokenKeyring} (AES-GCM), so that
 * a copy of Redis's data (a dump, a backup, a replica) alone cannot act as anyone's device.
 *
 * <pre>{@code
 * ClientTokenStore tokens =
 *     RedisClientTokenStore.builder(connection, keyring).keyPrefix("shop:signin:").build();
 * SignInEngine engine = SignInEngine.builder().gateway(gateway).clientTokenStore(tokens).build();
 * }</pre>
 *
 * <p>A device's token is kept under {@code <prefix>token:{<deviceId>}} (the device id is the hash
 * tag, so a device's keys share one Redis Cluster slot), with no expiry by default: a client token
 * is what makes a device trusted, and losing it makes the device new again (Client Trust asks for a
 * code). Keep this Redis persistent (RDB or AOF), or give an {@linkplain Builder#idleExpiry idle
 * expiry} on purpose.
 *
 * <p>Failures are {@link TokenStoreException}s: {@link TokenStoreException.Reason#UNAVAILABLE} when
 * Redis fails or does not answer within the command timeout (the engine answers that event {@code
 * UNAVAILABLE}), {@link TokenStoreException.Reason#UNREADABLE} when a stored value does not open
 * with the keyring (never another device's token instead). No message holds a token.
 *
 * <p>The connection is the application's (opened with the default {@code StringCodec.UTF8}, closed
 * by it). Thread-safe.
 */
public final class RedisClientTokenStore implements ClientTokenStore {
  /** What the sealed values are, in their authenticated data. */
  static final String KIND = "client-token";

  private final RedisCalls redis;
  private final TokenKeyring keyring;
  private final String prefix;
  private final Optional<Duration> idleExpiry;

  private RedisClientTokenStore(Builder b, RedisCalls redis) {
    this.redis = redis;
    this.keyring = b.keyring;
    this.prefix = b.prefix;
    this.idleExpiry = b.idleExpiry;
  }

  /** A builder over a connection to one Redis server (or a primary). */
  public static Builder builder(
      StatefulRedisConnection<String, String> connection, TokenKeyring keyring) {
    return new Builder(requireNonNull(connection, "connection"), null, keyring);
  }

  /** A builder over a connection to a Redis Cluster. */
  public static Builder builder(
      StatefulRedisClusterConnection<String, String> connection, TokenKeyring keyring) {
    return new Builder(null, requireNonNull(connection, "connection"), keyring);
  }

  /**
   * The device's token, opened.
   *
   * @throws TokenStoreException when Redis fails, or the stored value does not open
   */
  @Override
  public Optional<ClientToken> load(DeviceId device) {
    requireNonNull(device, "device");
    redis.checkOpen("client token load");
    String sealed = redis.await(redis.commands().get(key(device)), "client token load");
    if (sealed == null) {
      return Optional.empty();
    }
    String token = keyring.open(KIND, device.value(), sealed);
    try {
      return Optional.of(ClientToken.of(token));
    } catch (IllegalArgumentException e) {
      throw new TokenStoreException(
          TokenStoreException.Reason.UNREADABLE,
          "the stored client token of device " + device + " is not a client token",
          null);
    }
  }

  /**
   * Seals the token with the keyring's current key and keeps it as the device's.
   *
   * @throws TokenStoreException when Redis fails
   */
  @Override
  public void save(DeviceId device, ClientToken token) {
    requireNonNull(device, "device");
    requireNonNull(token, "token");
    String sealed = keyring.seal(KIND, device.value(), token.reveal());
    redis.checkOpen("client token save");
    if (idleExpiry.isPresent()) {
      SetArgs px = SetArgs.Builder.px(idleExpiry.get().toMillis());
      redis.await(redis.commands().set(key(device), sealed, px), "client token save");
    } else {
      redis.await(redis.commands().set(key(device), sealed), "client token save");
    }
  }

  /**
   * Forgets the device's token: its next sign-in starts a new Clerk client (a new device, which
   * Client Trust asks to prove itself).
   *
   * @throws TokenStoreException when Redis fails
   */
  public void forget(DeviceId device) {
    requireNonNull(device, "device");
    redis.checkOpen("client token forget");
    redis.await(redis.commands().del(key(device)), "client token forget");
  }

  private String key(DeviceId device) {
    return RedisKeys.key(prefix, "token", device.value());
  }

  /** The key prefix and the keyring's key ids; never a token or a key. */
  @Override
  public String toString() {
    return "RedisClientTokenStore[prefix=" + prefix + ", " + keyring + "]";
  }

  /** Builds a {@link RedisClientTokenStore}. Not thread-safe; use once. */
  public static final class Builder {
    private final StatefulRedisConnection<String, String> standalone;
    private final StatefulRedisClusterConnection<String, String> cluster;
    private final TokenKeyring keyring;
    private String prefix = RedisKeys.DEFAULT_PREFIX;
    private Duration timeout = RedisFlowStore.DEFAULT_COMMAND_TIMEOUT;
    private Optional<Duration> idleExpiry = Optional.empty();

    private Builder(
        StatefulRedisConnection<String, String> standalone,
        StatefulRedisClusterConnection<String, String> cluster,
        TokenKeyring keyring) {
      this.standalone = standalone;
      this.cluster = cluster;
      this.keyring = requireNonNull(keyring, "keyring");
    }

    /**
     * What every key of this store starts with ({@code signinflow:} by default): at most 64
     * printable ASCII characters without white space or braces.
     *
     * @throws IllegalArgumentException when it has another form
     */
    public Builder keyPrefix(String prefix) {
      this.prefix = RedisKeys.checkPrefix(prefix);
      return this;
    }

    /**
     * How long a call waits for Redis's answer ({@link RedisFlowStore#DEFAULT_COMMAND_TIMEOUT} by
     * default).
     *
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder commandTimeout(Duration timeout) {
      this.timeout = RedisCalls.positive(timeout);
      return this;
    }

    /**
     * Forgets a device's token when it has not been written for this long (the engine writes it
     * after every call to Clerk); none by default, as a forgotten token makes the device new again.
     *
     * @throws IllegalArgumentException when it is shorter than one second
     */
    public Builder idleExpiry(Duration idle) {
      requireNonNull(idle, "idle");
      if (idle.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("an idle expiry is at least one second: " + idle);
      }
      this.idleExpiry = Optional.of(idle);
      return this;
    }

    /**
     * The store.
     *
     * @throws IllegalArgumentException when the connection's codec does not keep UTF-8 text
     */
    public RedisClientTokenStore build() {
      RedisCalls calls =
          standalone != null
              ? RedisCalls.over(standalone, timeout, Builder::unavailable)
              : RedisCalls.over(cluster, timeout, Builder::unavailable);
      return new RedisClientTokenStore(this, calls);
    }

    static RuntimeException unavailable(String message, Throwable cause) {
      return new TokenStoreException(TokenStoreException.Reason.UNAVAILABLE, message, cause);
    }
  }
}
