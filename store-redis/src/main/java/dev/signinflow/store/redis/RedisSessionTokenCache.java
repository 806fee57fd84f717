package dev.signinflow.store.redis;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SessionTokenCache;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The engine's {@link SessionTokenCache} on Redis: each device's last session JWT, shared by every
 * node so that a service asking for a device's token on every request mints one per minute, not one
 * per node. Session JWTs are bearer credentials to the user's account until they expire, so they
 * are <b>sealed at rest</b> like client tokens ({@link TokenKeyring}, AES-GCM).
 *
 * <pre>{@code
 * SessionTokenCache sessions =
 *     RedisSessionTokenCache.builder(connection, keyring).clock(clock).build();
 * SignInEngine engine =
 *     SignInEngine.builder().gateway(gateway).clock(clock).sessionTokenCache(sessions).build();
 * }</pre>
 *
 * <p>A device's token is kept under {@code <prefix>session:{<deviceId>}} (the same hash tag as its
 * client token), with Redis's time to live set to the token's remaining life ({@code exp} by the
 * {@linkplain Builder#clock clock} given, which should be the engine's); a token that has expired
 * already is not kept. Losing this cache costs one new token per device, nothing more.
 *
 * <p>Failures are {@link TokenStoreException}s, which the engine treats as a miss. No message holds
 * a token. The connection is the application's. Thread-safe.
 */
public final class RedisSessionTokenCache implements SessionTokenCache {
  /** What the sealed values are, in their authenticated data. */
  static final String KIND = "session-token";

  private final RedisCalls redis;
  private final TokenKeyring keyring;
  private final String prefix;
  private final Clock clock;

  private RedisSessionTokenCache(Builder b, RedisCalls redis) {
    this.redis = redis;
    this.keyring = b.keyring;
    this.prefix = b.prefix;
    this.clock = b.clock;
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
   * The device's last token, opened.
   *
   * @throws TokenStoreException when Redis fails, or the stored value does not open
   */
  @Override
  public Optional<SessionToken> get(DeviceId device) {
    requireNonNull(device, "device");
    redis.checkOpen("session token get");
    String sealed = redis.await(redis.commands().get(key(device)), "session token get");
    if (sealed == null) {
      return Optional.empty();
    }
    String jwt = keyring.open(KIND, device.value(), sealed);
    try {
      return Optional.of(SessionToken.of(jwt));
    } catch (IllegalArgumentException e) {
      throw new TokenStoreException(
          TokenStoreException.Reason.UNREADABLE,
          "the stored session token of device " + device + " is not a session JWT",
          null);
    }
  }

  /**
   * Seals the token and keeps it until its expiry; a token that has expired already replaces
   * nothing and is dropped, with the device's previous one.
   *
   * @throws TokenStoreException when Redis fails
   */
  @Override
  public void put(DeviceId device, SessionToken token) {
    requireNonNull(device, "device");
    requireNonNull(token, "token");
    Instant now = clock.instant();
    Duration left = Duration.between(now, token.expiresAt());
    if (left.isNegative() || left.isZero()) {
      evict(device);
      return;
    }
    long ttl = left.toMillis() + (left.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
    String sealed = keyring.seal(KIND, device.value(), token.reveal());
    redis.checkOpen("session token put");
    redis.await(
        redis.commands().set(key(device), sealed, SetArgs.Builder.px(ttl)), "session token put");
  }

  /**
   * Forgets the device's token.
   *
   * @throws TokenStoreException when Redis fails
   */
  @Override
  public void evict(DeviceId device) {
    requireNonNull(device, "device");
    redis.checkOpen("session token evict");
    redis.await(redis.commands().del(key(device)), "session token evict");
  }

  private String key(DeviceId device) {
    return RedisKeys.key(prefix, "session", device.value());
  }

  /** The key prefix and the keyring's key ids; never a token or a key. */
  @Override
  public String toString() {
    return "RedisSessionTokenCache[prefix=" + prefix + ", " + keyring + "]";
  }

  /** Builds a {@link RedisSessionTokenCache}. Not thread-safe; use once. */
  public static final class Builder {
    private final StatefulRedisConnection<String, String> standalone;
    private final StatefulRedisClusterConnection<String, String> cluster;
    private final TokenKeyring keyring;
    private String prefix = RedisKeys.DEFAULT_PREFIX;
    private Duration timeout = RedisFlowStore.DEFAULT_COMMAND_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder(
        StatefulRedisConnection<String, String> standalone,
        StatefulRedisClusterConnection<String, String> cluster,
        TokenKeyring keyring) {
      this.standalone = standalone;
      this.cluster = cluster;
      this.keyring = requireNonNull(keyring, "keyring");
    }

    /**
     * What every key of this cache starts with ({@code signinflow:} by default): at most 64
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
     * The clock a token's remaining life is read from: give the engine's. The system UTC clock by
     * default.
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The cache.
     *
     * @throws IllegalArgumentException when the connection's codec does not keep UTF-8 text
     */
    public RedisSessionTokenCache build() {
      RedisCalls calls =
          standalone != null
              ? RedisCalls.over(standalone, timeout, RedisClientTokenStore.Builder::unavailable)
              : RedisCalls.over(cluster, timeout, RedisClientTokenStore.Builder::unavailable);
      return new RedisSessionTokenCache(this, calls);
    }
  }
}
