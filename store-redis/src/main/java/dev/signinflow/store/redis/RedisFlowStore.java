package dev.signinflow.store.redis;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.spi.FlowLease;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.FlowStoreException;
import dev.signinflow.engine.spi.StoredFlow;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The engine's {@link FlowStore} on Redis, for several nodes of a service (or Redis Cluster): a
 * flow started on one node can be run on any other, and when two nodes race on one flow, exactly
 * one event runs.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create(RedisURI.create("rediss://app:secret@redis.internal:6379"));
 * StatefulRedisConnection<String, String> connection = client.connect();
 * FlowStore flows = RedisFlowStore.builder(connection).keyPrefix("shop:signin:").build();
 * SignInEngine engine = SignInEngine.builder().gateway(gateway).flowStore(flows).build();
 * }</pre>
 *
 * <p>Each flow has two keys, {@code <prefix>flow:{<flowId>}} (a hash: the snapshot, its version,
 * its expiry, the current lease) and {@code <prefix>fence:{<flowId>}} (the counter every lease
 * raises); the braces are Redis Cluster's hash tag, so both live in one slot. Every operation that
 * reads and writes is one Lua script, which Redis runs atomically: a lease is taken only when none
 * holds the flow, and a save is accepted only under the flow's latest lease and at the version that
 * lease read, else nothing is written.
 *
 * <p>Time is the engine's: leases and expiries are compared with the {@code now} the engine passes,
 * never with Redis's clock, so they follow a test's fake clock. Redis's own key expiry is only a
 * safety net that removes abandoned flows: each key is given a time to live of the flow's {@code
 * expiresAt − now} plus {@link #EXPIRY_MARGIN} (the fence counter {@link #FENCE_KEPT} more), so a
 * key never goes before the engine considers the flow expired. Times are kept to the microsecond.
 *
 * <p>Failures — not connected, no answer within the {@linkplain Builder#commandTimeout command
 * timeout}, an error from the server — are {@link FlowStoreException}s (the engine answers {@code
 * UNAVAILABLE}); their messages name the operation and the server's error code, never a snapshot.
 * When a lease's answer does not come in time, the store also queues the release of that lease
 * behind it, so that a server that was only slow does not keep the flow leased until the lease
 * expires. A save whose answer did not come in time may still be applied when the server answers
 * again (Redis runs what it has received); the flow's state is then the event's outcome, never a
 * mixture.
 *
 * <p>The connection is the application's: opened with the default {@code StringCodec.UTF8}, shared
 * by all threads (Lettuce connections are thread-safe), closed by the application. Set the client's
 * {@code ClientOptions.disconnectedBehavior(REJECT_COMMANDS)} so that nothing is queued while the
 * server is away (the store itself refuses to send while the connection is down). This store is
 * thread-safe.
 */
public final class RedisFlowStore implements FlowStore {
  /** How much longer than a flow's own expiry its keys are kept by Redis: 5 minutes. */
  public static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

  /**
   * How much longer than the flow the fence counter is kept: 24 hours, so that a flow created again
   * under the same id (after it expired or was deleted) goes on with higher fences, and a lease of
   * the old flow cannot save into the new one.
   */
  public static final Duration FENCE_KEPT = Duration.ofHours(24);

  /** The command timeout when none is given: 2 seconds. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** The latest instant kept: 2^53 microseconds after the epoch, exact in a Lua number. */
  private static final long MAX_MICROS = 1L << 53;

  private static final LuaScript CREATE =
      LuaScript.of(
          "flow create",
          """
          local e = redis.call('HGET', KEYS[1], 'exp')
          if e and tonumber(e) > tonumber(ARGV[3]) then return 0 end
          redis.call('DEL', KEYS[1])
          redis.call('HSET', KEYS[1], 'snap', ARGV[1], 'ver', '1', 'exp', ARGV[2], 'lu', '0')
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          if redis.call('EXISTS', KEYS[2]) == 1 then
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
          end
          return 1
          """);

  private static final LuaScript LEASE =
      LuaScript.of(
          "flow lease",
          """
          local f = redis.call('HMGET', KEYS[1], 'snap', 'ver', 'exp', 'lu')
          if not f[1] then return {0} end
          local now = tonumber(ARGV[1])
          if tonumber(f[3]) <= now then
            redis.call('DEL', KEYS[1])
            return {0}
          end
          if tonumber(f[4]) > now then return {1, f[1], f[2], f[3], f[4]} end
          local fence = redis.call('INCR', KEYS[2])
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl + tonumber(ARGV[3])) end
          redis.call('HSET', KEYS[1], 'lu', ARGV[2], 'lf', fence, 'lo', ARGV[4])
          return {2, f[1], f[2], f[3], fence}
          """);

  private static final LuaScript COMMIT =
      LuaScript.of(
          "flow commit",
          """
          local f = redis.call('HMGET', KEYS[1], 'ver', 'exp')
          if not f[1] then return 0 end
          if tonumber(f[2]) <= tonumber(ARGV[5]) then return 0 end
          if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
          if f[1] ~= ARGV[2] then return 0 end
          redis.call('HSET', KEYS[1], 'snap', ARGV[3], 'ver', tostring(tonumber(f[1]) + 1),
            'exp', ARGV[4], 'lu', '0')
          redis.call('PEXPIRE', KEYS[1], ARGV[6])
          redis.call('PEXPIRE', KEYS[2], ARGV[7])
          return 1
          """);

  private static final LuaScript RELEASE =
      LuaScript.of(
          "flow release",
          """
          if redis.call('GET', KEYS[2]) == ARGV[1] and redis.call('EXISTS', KEYS[1]) == 1 then
            redis.call('HSET', KEYS[1], 'lu', '0')
            return 1
          end
          return 0
          """);

  /** Undoes a lease whose answer was lost: only the lease taken with this owner mark. */
  private static final LuaScript RELEASE_OWNED =
      LuaScript.of(
          "flow release (lost lease)",
          """
          if redis.call('HGET', KEYS[1], 'lo') == ARGV[1] then
            redis.call('HSET', KEYS[1], 'lu', '0')
            return 1
          end
          return 0
          """);

  private final RedisCalls redis;
  private final String prefix;
  private final String ownerPrefix;
  private final AtomicLong leases = new AtomicLong();

  private RedisFlowStore(RedisCalls redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
    byte[] mark = new byte[8];
    new SecureRandom().nextBytes(mark);
    this.ownerPrefix = HexFormat.of().formatHex(mark) + "-";
  }

  /** A builder over a connection to one Redis server (or a primary). */
  public static Builder builder(StatefulRedisConnection<String, String> connection) {
    return new Builder(requireNonNull(connection, "connection"), null);
  }

  /** A builder over a connection to a Redis Cluster. */
  public static Builder builder(StatefulRedisClusterConnection<String, String> connection) {
    return new Builder(null, requireNonNull(connection, "connection"));
  }

  @Override
  public void create(FlowId id, String snapshotJson, Instant expiresAt, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(snapshotJson, "snapshotJson");
    long exp = microsUp(expiresAt, "expiresAt");
    long nowMicros = micros(now, "now");
    long ttl = ttlMillis(expiresAt, now);
    Long created =
        redis.run(
            CREATE,
            ScriptOutputType.INTEGER,
            keys(id),
            snapshotJson,
            Long.toString(exp),
            Long.toString(nowMicros),
            Long.toString(ttl),
            Long.toString(ttl + FENCE_KEPT.toMillis()));
    if (created == null || created != 1L) {
      throw new IllegalStateException("a flow with this id is stored already: " + id);
    }
  }

  @Override
  public Optional<StoredFlow> load(FlowId id, Instant now) {
    requireNonNull(id, "id");
    long nowMicros = micros(now, "now");
    redis.checkOpen("flow load");
    List<KeyValue<String, String>> f =
        redis.await(redis.commands().hmget(flowKey(id), "snap", "ver", "exp"), "flow load");
    if (f.size() != 3 || !f.get(0).hasValue() || !f.get(1).hasValue() || !f.get(2).hasValue()) {
      return Optional.empty();
    }
    long exp = number(f.get(2).getValue(), id);
    if (exp <= nowMicros) {
      return Optional.empty();
    }
    return Optional.of(stored(f.get(0).getValue(), f.get(1).getValue(), exp, id));
  }

  @Override
  public LeaseResult lease(FlowId id, Instant now, Instant until) {
    requireNonNull(id, "id");
    long nowMicros = micros(now, "now");
    long untilMicros = microsUp(until, "until");
    String owner = ownerPrefix + leases.incrementAndGet();
    List<Object> r;
    try {
      r =
          redis.run(
              LEASE,
              ScriptOutputType.MULTI,
              keys(id),
              Long.toString(nowMicros),
              Long.toString(untilMicros),
              Long.toString(FENCE_KEPT.toMillis()),
              owner);
    } catch (FlowStoreException e) {
      // The lease may have been taken and its answer lost (a server that paused): give it back as
      // soon as the server runs what it was sent, so the flow is not held until the lease expires.
      redis.runLater(RELEASE_OWNED, keys(id), owner);
      throw e;
    }
    long kind = number(r.get(0), id);
    if (kind == 0) {
      return new Missing();
    }
    if (r.size() != 5) {
      throw unreadable(id);
    }
    long exp = number(r.get(3), id);
    StoredFlow flow = stored(text(r.get(1), id), text(r.get(2), id), exp, id);
    if (kind == 1) {
      return new Held(flow, instant(number(r.get(4), id)));
    }
    long fence = number(r.get(4), id);
    return new Leased(new FlowLease(id, fence, flow.version(), until), flow);
  }

  @Override
  public boolean commit(FlowLease lease, String snapshotJson, Instant expiresAt, Instant now) {
    requireNonNull(lease, "lease");
    requireNonNull(snapshotJson, "snapshotJson");
    long exp = microsUp(expiresAt, "expiresAt");
    long nowMicros = micros(now, "now");
    long ttl = ttlMillis(expiresAt, now);
    Long saved;
    try {
      saved =
          redis.run(
              COMMIT,
              ScriptOutputType.INTEGER,
              keys(lease.flow()),
              Long.toString(lease.fence()),
              Long.toString(lease.version()),
              snapshotJson,
              Long.toString(exp),
              Long.toString(nowMicros),
              Long.toString(ttl),
              Long.toString(ttl + FENCE_KEPT.toMillis()));
    } catch (FlowStoreException e) {
      // Queued behind the save: if the save never runs, the lease ends as soon as the server is
      // back; if it does run, this finds the lease ended already and changes nothing.
      redis.runLater(RELEASE, keys(lease.flow()), Long.toString(lease.fence()));
      throw e;
    }
    return saved != null && saved == 1L;
  }

  @Override
  public void release(FlowLease lease) {
    requireNonNull(lease, "lease");
    redis.run(RELEASE, ScriptOutputType.INTEGER, keys(lease.flow()), Long.toString(lease.fence()));
  }

  @Override
  public void delete(FlowId id) {
    requireNonNull(id, "id");
    redis.checkOpen("flow delete");
    // The fence counter stays (it expires by itself), so a late save of this flow stays refused.
    redis.await(redis.commands().del(flowKey(id)), "flow delete");
  }

  /** The key prefix and the command timeout; no flow, no credential. */
  @Override
  public String toString() {
    return "RedisFlowStore[prefix=" + prefix + ", timeout=" + redis.timeout().toMillis() + "ms]";
  }

  // ---- keys, numbers and times -----------------------------------------------------------------

  private String flowKey(FlowId id) {
    return RedisKeys.key(prefix, "flow", id.value());
  }

  private String[] keys(FlowId id) {
    return new String[] {flowKey(id), RedisKeys.key(prefix, "fence", id.value())};
  }

  private static StoredFlow stored(String snapshot, String version, long expMicros, FlowId id) {
    long v = number(version, id);
    if (v < 1) {
      throw unreadable(id);
    }
    return new StoredFlow(snapshot, v, instant(expMicros));
  }

  private static long number(Object value, FlowId id) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw unreadable(id);
      }
    }
    throw unreadable(id);
  }

  private static String text(Object value, FlowId id) {
    if (value instanceof String s) {
      return s;
    }
    throw unreadable(id);
  }

  private static FlowStoreException unreadable(FlowId id) {
    return new FlowStoreException(
        "the Redis keys of flow " + id + " do not hold what this store writes");
  }

  /** Microseconds since the epoch, rounded down. */
  static long micros(Instant t, String name) {
    requireNonNull(t, name);
    if (t.getEpochSecond() < 0 || t.getEpochSecond() >= MAX_MICROS / 1_000_000) {
      throw new IllegalArgumentException(
          name + " must lie between 1970 and 2255 for the Redis flow store: " + t);
    }
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  /** Microseconds since the epoch, rounded up: an expiry is never moved earlier. */
  static long microsUp(Instant t, String name) {
    long m = micros(t, name);
    return t.getNano() % 1_000 == 0 ? m : m + 1;
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** The keys' time to live: the flow's remaining life by the engine's clock, plus the margin. */
  static long ttlMillis(Instant expiresAt, Instant now) {
    Duration left = Duration.between(now, expiresAt);
    long ms =
        left.isNegative() ? 0 : left.toMillis() + (left.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
    return ms + EXPIRY_MARGIN.toMillis();
  }

  /** Builds a {@link RedisFlowStore}. Not thread-safe; use once. */
  public static final class Builder {
    private final StatefulRedisConnection<String, String> standalone;
    private final StatefulRedisClusterConnection<String, String> cluster;
    private String prefix = RedisKeys.DEFAULT_PREFIX;
    private Duration timeout = DEFAULT_COMMAND_TIMEOUT;

    private Builder(
        StatefulRedisConnection<String, String> standalone,
        StatefulRedisClusterConnection<String, String> cluster) {
      this.standalone = standalone;
      this.cluster = cluster;
    }

    /**
     * What every key of this store starts with ({@code signinflow:} by default), so that several
     * applications, or environments, can share a server: at most 64 printable ASCII characters
     * without white space or braces.
     *
     * @throws IllegalArgumentException when it has another form
     */
    public Builder keyPrefix(String prefix) {
      this.prefix = RedisKeys.checkPrefix(prefix);
      return this;
    }

    /**
     * How long a call waits for Redis's answer before the store gives up with a {@link
     * FlowStoreException} ({@link #DEFAULT_COMMAND_TIMEOUT} by default). Keep it well under the
     * engine's flow lease.
     *
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder commandTimeout(Duration timeout) {
      this.timeout = RedisCalls.positive(timeout);
      return this;
    }

    /**
     * The store.
     *
     * @throws IllegalArgumentException when the connection's codec does not keep UTF-8 text
     */
    public RedisFlowStore build() {
      BiFunction<String, Throwable, RuntimeException> failure = FlowStoreException::new;
      RedisCalls calls =
          standalone != null
              ? RedisCalls.over(standalone, timeout, failure)
              : RedisCalls.over(cluster, timeout, failure);
      return new RedisFlowStore(calls, prefix);
    }
  }
}
