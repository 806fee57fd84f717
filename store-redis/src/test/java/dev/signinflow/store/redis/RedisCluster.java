package dev.signinflow.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters and no replicas on loopback, for tests: three {@link
 * RedisServer}s with cluster mode on, joined by {@code redis-cli --cluster create}, ready once
 * every node reports {@code cluster_state:ok}.
 */
public final class RedisCluster implements AutoCloseable {
  private static final long READY_MILLIS = 30_000;

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = nodes;
  }

  public static RedisCluster start() {
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
      List<CountDownLatch> ok = new ArrayList<>();
      for (RedisServer n : nodes) {
        ok.add(n.nextLogLine("Cluster state changed: ok"));
      }
      RedisServer.cli(60, create.toArray(String[]::new));
      awaitOk(nodes, ok);
      return new RedisCluster(nodes);
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      throw e;
    }
  }

  /**
   * Waits until every node has logged that its cluster state is ok. A master turns ok only when
   * Redis's own clock says so (the slots gossiped over the cluster bus, and not before {@code
   * CLUSTER_WRITABLE_DELAY}, 2 s after its first state check), so the wait is for the servers' log
   * line, not a poll of {@code CLUSTER INFO}.
   */
  private static void awaitOk(List<RedisServer> nodes, List<CountDownLatch> ok) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MILLIS);
    for (int i = 0; i < nodes.size(); i++) {
      boolean seen;
      try {
        seen = ok.get(i).await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      String info =
          RedisServer.cli(10, "-p", Integer.toString(nodes.get(i).port()), "cluster", "info");
      if (!seen || !info.contains("cluster_state:ok")) {
        throw new IllegalStateException(
            "the cluster did not reach cluster_state:ok in " + READY_MILLIS + " ms: " + info);
      }
    }
  }

  public List<RedisServer> nodes() {
    return nodes;
  }

  /** {@code redis://127.0.0.1:<port>} of each node. */
  public List<String> uris() {
    return nodes.stream().map(RedisServer::uri).toList();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
