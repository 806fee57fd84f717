package dev.signinflow.store.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three masters and no replicas on loopback, for tests: three {@link
 * RedisServer}s with cluster mode on, joined by {@code redis-cli --cluster create}, ready once
 * every node reports {@code cluster_state:ok}.
 */
final class RedisCluster implements AutoCloseable {
  private static final long READY_MILLIS = 30_000;

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = nodes;
  }

  static RedisCluster start() {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(
            RedisServer.start(
                true,
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
                "--cluster-node-timeout",
                "5000"));
      }
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      for (RedisServer n : nodes) {
        create.add("127.0.0.1:" + n.port());
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      RedisServer.cli(60, create.toArray(String[]::new));
      awaitOk(nodes);
      return new RedisCluster(nodes);
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      throw e;
    }
  }

  private static void awaitOk(List<RedisServer> nodes) {
    long deadline = System.nanoTime() + READY_MILLIS * 1_000_000;
    for (RedisServer n : nodes) {
      while (true) {
        String info = RedisServer.cli(10, "-p", Integer.toString(n.port()), "cluster", "info");
        if (info.contains("cluster_state:ok")) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the cluster did not reach cluster_state:ok in " + READY_MILLIS + " ms: " + info);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  List<RedisServer> nodes() {
    return nodes;
  }

  /** {@code redis://127.0.0.1:<port>} of each node. */
  List<String> uris() {
    return nodes.stream().map(RedisServer::uri).toList();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
