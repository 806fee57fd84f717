package dev.signinflow.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.RedisCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The Redis calls of one store: over a standalone or a cluster connection alike (their common
 * asynchronous API), each call awaited at most the store's timeout, scripts run by {@code EVALSHA}
 * with {@code EVAL} when the server does not know them yet (a new server, a restart, another
 * cluster node), and every failure turned into the store's own exception type, whose message says
 * what failed and never what was stored. Thread-safe, as the connection is.
 */
final class RedisCalls {
  /** A text a codec must give back unchanged: the stores keep UTF-8 text. */
  private static final String CODEC_PROBE = "é ü 漢字 \uD83D\uDE00";

  private final StatefulConnection<String, String> connection;
  private final RedisClusterAsyncCommands<String, String> commands;
  private final Duration timeout;
  private final BiFunction<String, Throwable, RuntimeException> failure;

  private RedisCalls(
      StatefulConnection<String, String> connection,
      RedisClusterAsyncCommands<String, String> commands,
      Duration timeout,
      BiFunction<String, Throwable, RuntimeException> failure) {
    this.connection = connection;
    this.commands = commands;
    this.timeout = timeout;
    this.failure = failure;
  }

  /** Over a connection to one server (or a primary with replicas). */
  static RedisCalls over(
      StatefulRedisConnection<String, String> connection,
      Duration timeout,
      BiFunction<String, Throwable, RuntimeException> failure) {
    requireNonNull(connection, "connection");
    checkCodec(connection.getCodec());
    return new RedisCalls(connection, connection.async(), positive(timeout), failure);
  }

  /** Over a connection to a Redis Cluster: commands go to the node that holds their first key. */
  static RedisCalls over(
      StatefulRedisClusterConnection<String, String> connection,
      Duration timeout,
      BiFunction<String, Throwable, RuntimeException> failure) {
    requireNonNull(connection, "connection");
    checkCodec(connection.getCodec());
    openNodeConnections(connection);
    return new RedisCalls(connection, connection.async(), positive(timeout), failure);
  }

  /**
   * Opens the connection to every node now: Lettuce opens them on a slot's first command, and with
   * {@code DisconnectedBehavior.REJECT_COMMANDS} refuses that command while it connects. Best
   * effort: a node it cannot reach now is connected to later, as Lettuce would.
   */
  private static void openNodeConnections(StatefulRedisClusterConnection<String, String> c) {
    for (RedisClusterNode node : c.getPartitions()) {
      RedisURI uri = node.getUri();
      if (uri == null) {
        continue;
      }
      try {
        c.getConnection(uri.getHost(), uri.getPort());
      } catch (RuntimeException e) {
        // reached later, on its slots' first command
      }
    }
  }

  static Duration positive(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the command timeout must be positive: " + timeout);
    }
    return timeout;
  }

  private static void checkCodec(RedisCodec<String, String> codec) {
    String back;
    try {
      ByteBuffer encoded = codec.encodeValue(CODEC_PROBE);
      back = codec.decodeValue(encoded);
    } catch (RuntimeException e) {
      back = null;
    }
    if (!CODEC_PROBE.equals(back)) {
      throw new IllegalArgumentException(
          "the connection's codec does not keep UTF-8 text: open it with StringCodec.UTF8"
              + " (RedisClient.connect() does by default)");
    }
  }

  /** The commands, to start a call with; give the future to {@link #await}. */
  RedisClusterAsyncCommands<String, String> commands() {
    return commands;
  }

  /** The timeout every call is awaited for. */
  Duration timeout() {
    return timeout;
  }

  /**
   * Fails fast while the connection is closed or reconnecting, rather than letting the client queue
   * a command that would run when the server comes back, long after its caller gave up.
   */
  void checkOpen(String what) {
    if (!connection.isOpen()) {
      throw failure.apply("Redis " + what + " failed: not connected", null);
    }
  }

  /** The call's answer, or the store's exception when it failed or took longer than the timeout. */
  <T> T await(RedisFuture<T> future, String what) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw failure.apply(
          "Redis " + what + " failed: no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure.apply("Redis " + what + " failed: interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw failure.apply("Redis " + what + " failed: " + describe(cause), cause);
    } catch (CancellationException e) {
      throw failure.apply("Redis " + what + " failed: cancelled", e);
    } catch (RuntimeException e) {
      throw failure.apply("Redis " + what + " failed: " + describe(e), e);
    }
  }

  /** Runs a script: {@code EVALSHA}, then {@code EVAL} when the server does not have it. */
  <T> T run(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
    checkOpen(script.name());
    RedisFuture<T> bySha = commands.evalsha(script.sha1(), type, keys, args);
    try {
      return await(bySha, script.name());
    } catch (RuntimeException e) {
      if (!(e.getCause() instanceof RedisNoScriptException)) {
        throw e;
      }
    }
    return await(commands.eval(script.source(), type, keys, args), script.name());
  }

  /**
   * Sends a script and does not wait for its answer: for clean-up after a call that timed out,
   * which runs after it on the same connection when the server answers again.
   */
  void runLater(LuaScript script, String[] keys, String... args) {
    try {
      if (connection.isOpen()) {
        commands.eval(script.source(), ScriptOutputType.INTEGER, keys, args);
      }
    } catch (RuntimeException e) {
      // Best effort: what it would undo ends by itself (a lease at its expiry).
    }
  }

  /**
   * What went wrong, for a message: the server's error code (such as {@code OOM}, {@code NOPERM},
   * {@code CLUSTERDOWN}) or the exception's kind; never a stored value.
   */
  static String describe(Throwable e) {
    if (e instanceof RedisCommandExecutionException) {
      String m = e.getMessage() == null ? "" : e.getMessage().strip();
      int space = m.indexOf(' ');
      String code = space < 0 ? m : m.substring(0, space);
      return "server error " + (code.isEmpty() ? "(none)" : code);
    }
    return e.getClass().getSimpleName();
  }
}
