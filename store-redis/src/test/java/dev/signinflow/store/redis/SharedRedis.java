package dev.signinflow.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis servers the tests of one JVM share — one single node and one 3-master cluster, each
 * started on first use — with a Lettuce client and connection to each, set up as docs/redis.md
 * advises: commands rejected while disconnected, a short reconnect delay. Tests keep apart by a key
 * prefix of their own ({@link #prefix()}), not by flushing. Tests that stop or pause a server start
 * their own ({@link #client(String)}).
 */
final class SharedRedis {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static ClientResources resources;
  private static Standalone standalone;
  private static Cluster cluster;

  private SharedRedis() {}

  /** A server, a client and a connection. */
  record Standalone(
      RedisServer server, RedisClient client, StatefulRedisConnection<String, String> connection) {}

  /** A cluster, a client and a connection. */
  record Cluster(
      RedisCluster cluster,
      RedisClusterClient client,
      StatefulRedisClusterConnection<String, String> connection) {}

  /** A key prefix no other test uses. */
  static String prefix() {
    return "t" + PREFIXES.incrementAndGet() + ":";
  }

  static synchronized ClientResources resources() {
    if (resources == null) {
      resources =
          ClientResources.builder()
              .ioThreadPoolSize(2)
              .computationThreadPoolSize(2)
              .reconnectDelay(Delay.constant(Duration.ofMillis(50)))
              .build();
    }
    return resources;
  }

  /** What docs/redis.md advises: fail fast while disconnected rather than queue. */
  static ClientOptions options() {
    return ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(10)))
        .build();
  }

  /** A client of one server, set up as {@link #options()} says. */
  static RedisClient client(String uri) {
    RedisClient c = RedisClient.create(resources(), RedisURI.create(uri));
    c.setOptions(options());
    return c;
  }

  static synchronized Standalone standalone() {
    if (standalone == null) {
      RedisServer server = RedisServer.start();
      RedisClient client = client(server.uri());
      standalone = new Standalone(server, client, client.connect());
    }
    return standalone;
  }

  static synchronized Cluster cluster() {
    if (cluster == null) {
      RedisCluster c = RedisCluster.start();
      RedisClusterClient client =
          RedisClusterClient.create(resources(), c.uris().stream().map(RedisURI::create).toList());
      client.setOptions(
          ClusterClientOptions.builder()
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(10)))
              .build());
      StatefulRedisClusterConnection<String, String> connection = client.connect();
      cluster = new Cluster(c, client, connection);
    }
    return cluster;
  }

  /** Stops what was started, once all tests have run. */
  static final class Closer implements AutoCloseable {
    @Override
    public void close() {
      synchronized (SharedRedis.class) {
        if (standalone != null) {
          standalone.connection().close();
          standalone.client().shutdown();
          standalone.server().close();
          standalone = null;
        }
        if (cluster != null) {
          cluster.connection().close();
          cluster.client().shutdown();
          cluster.cluster().close();
          cluster = null;
        }
        if (resources != null) {
          resources.shutdown();
          resources = null;
        }
      }
    }
  }
}
