package dev.signinflow.benchmarks;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.store.redis.RedisClientTokenStore;
import dev.signinflow.store.redis.RedisFlowStore;
import dev.signinflow.store.redis.TokenKeyring;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What keeping flows (and client tokens) on Redis costs an engine, against the in-memory stores in
 * the same run (docs/performance.md §8). The gateway answers at once ({@link InstantGateway}), so
 * the figures are the engine and its stores only. Every event goes the way a service's request
 * does: {@code engine.flow(id)} (one read), then the event (lease, run, save).
 *
 * <ol>
 *   <li><b>Latency</b>, one thread: per-event time of a four-event Client Trust flow (password,
 *       wrong code, resend, right code), in rounds that rotate the variants — {@code memory} (the
 *       baseline), {@code redis-flows} (flows on Redis, tokens in memory), {@code redis-all} (flows
 *       and sealed client tokens on Redis). p50, p99, p99.9, and what Redis adds to each.
 *   <li><b>Throughput</b>: events/s with {@code threads} client threads, for one node in memory and
 *       for two nodes (two engines, each with its own Redis connection) sharing one Redis, flows
 *       and tokens on it; the Redis server runs on the same cores.
 * </ol>
 *
 * <p>Arguments (all optional): {@code redis://host:port} (default: a {@code redis-server} this
 * driver starts on a free loopback port, without persistence, and stops), flows per variant per
 * round (2000), rounds (5), threads (8), seconds per throughput run (10).
 */
public final class RedisStoreLoad {
  private static final int EVENTS = 4;

  private RedisStoreLoad() {}

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 && !args[0].equals("-") ? args[0] : null;
    int flowsPerRound = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;

    Process server = null;
    Path dir = null;
    if (uri == null) {
      dir = Files.createTempDirectory("signinflow-bench-redis-");
      int port = freePort();
      server = startRedis(port, dir);
      uri = "redis://127.0.0.1:" + port;
    }
    Process started = server;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (started != null) {
                    started.destroy();
                  }
                }));
    try {
      run(uri, flowsPerRound, rounds, threads, seconds);
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor(5, TimeUnit.SECONDS);
        for (Path f : Files.list(dir).toList()) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
      }
    }
  }

  private static void run(String uri, int flowsPerRound, int rounds, int threads, int seconds)
      throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    TokenKeyring keys = TokenKeyring.of("bench", key);
    List<RedisClient> clients = new ArrayList<>();
    System.out.printf(
        Locale.ROOT,
        "redis-store-load: %s, %d flows x %d events per variant per round, %d rounds, %d threads,"
            + " %d s per throughput run; %d cores; load average at start %.2f%n",
        uri,
        flowsPerRound,
        EVENTS,
        rounds,
        threads,
        seconds,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    try {
      StatefulRedisConnection<String, String> c1 = connect(uri, clients);
      StatefulRedisConnection<String, String> c2 = connect(uri, clients);
      String[] names = {"memory", "redis-flows", "redis-all"};
      Node[] engines = {
        engine(FlowStore.inMemory(), ClientTokenStore.inMemory()),
        engine(
            RedisFlowStore.builder(c1).keyPrefix("bench:f:").build(), ClientTokenStore.inMemory()),
        engine(
            RedisFlowStore.builder(c1).keyPrefix("bench:a:").build(),
            RedisClientTokenStore.builder(c1, keys).keyPrefix("bench:a:").build()),
      };

      // 1. Latency, one thread, rounds rotating the order of the variants.
      List<List<long[]>> samples = new ArrayList<>();
      for (int v = 0; v < names.length; v++) {
        samples.add(new ArrayList<>());
        runFlows(engines[v], "warm" + v, flowsPerRound, null);
      }
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < names.length; k++) {
          int v = (r + k) % names.length;
          long[] times = new long[flowsPerRound * EVENTS];
          runFlows(engines[v], "r" + r + "v" + v, flowsPerRound, times);
          samples.get(v).add(times);
        }
      }
      System.out.println();
      System.out.println("per-event latency, 1 thread (µs): median of the rounds (min–max)");
      System.out.println("variant       p50                  p99                  p99.9");
      double[][] medians = new double[names.length][];
      for (int v = 0; v < names.length; v++) {
        double[][] perRound = new double[3][rounds];
        for (int r = 0; r < rounds; r++) {
          long[] t = samples.get(v).get(r).clone();
          Arrays.sort(t);
          perRound[0][r] = pct(t, 0.50);
          perRound[1][r] = pct(t, 0.99);
          perRound[2][r] = pct(t, 0.999);
        }
        medians[v] = new double[] {median(perRound[0]), median(perRound[1]), median(perRound[2])};
        System.out.printf(
            Locale.ROOT,
            "%-12s  %-19s  %-19s  %s%n",
            names[v],
            range(perRound[0]),
            range(perRound[1]),
            range(perRound[2]));
      }
      // The floor: one PING round trip on the same connection, as many times as one variant's
      // events in a round.
      double[][] ping = new double[3][rounds];
      for (int r = 0; r < rounds; r++) {
        long[] t = new long[flowsPerRound * EVENTS];
        for (int i = 0; i < t.length; i++) {
          long t0 = System.nanoTime();
          c1.sync().ping();
          t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        ping[0][r] = pct(t, 0.50);
        ping[1][r] = pct(t, 0.99);
        ping[2][r] = pct(t, 0.999);
      }
      System.out.printf(
          Locale.ROOT,
          "%-12s  %-19s  %-19s  %s%n",
          "PING (1 RTT)",
          range(ping[0]),
          range(ping[1]),
          range(ping[2]));
      for (int v = 1; v < names.length; v++) {
        System.out.printf(
            Locale.ROOT,
            "%-12s  added p50 %.1f µs (x%.2f), p99 %.1f µs (x%.2f), p99.9 %.1f µs (x%.2f)%n",
            names[v],
            medians[v][0] - medians[0][0],
            medians[v][0] / medians[0][0],
            medians[v][1] - medians[0][1],
            medians[v][1] / medians[0][1],
            medians[v][2] - medians[0][2],
            medians[v][2] / medians[0][2]);
      }

      // 2. Throughput: one node in memory; two nodes sharing Redis (flows and tokens on it).
      Node memory = engines[0];
      Node nodeA =
          engine(
              RedisFlowStore.builder(c1).keyPrefix("bench:t:").build(),
              RedisClientTokenStore.builder(c1, keys).keyPrefix("bench:t:").build());
      Node nodeB =
          engine(
              RedisFlowStore.builder(c2).keyPrefix("bench:t:").build(),
              RedisClientTokenStore.builder(c2, keys).keyPrefix("bench:t:").build());
      throughput(new Node[] {memory}, threads, Math.max(2, seconds / 2), "warm-m");
      throughput(new Node[] {nodeA, nodeB}, threads, Math.max(2, seconds / 2), "warm-r");
      System.out.println();
      System.out.println("throughput, " + threads + " threads (events/s)");
      double[] mem = new double[2];
      double[] red = new double[2];
      for (int r = 0; r < 2; r++) {
        mem[r] = throughput(new Node[] {memory}, threads, seconds, "m" + r);
        red[r] = throughput(new Node[] {nodeA, nodeB}, threads, seconds, "r" + r);
      }
      System.out.printf(
          Locale.ROOT,
          "one node, memory            %,.0f events/s (runs: %,.0f, %,.0f)%n",
          (mem[0] + mem[1]) / 2,
          mem[0],
          mem[1]);
      System.out.printf(
          Locale.ROOT,
          "two nodes, one Redis        %,.0f events/s (runs: %,.0f, %,.0f), x%.3f of memory%n",
          (red[0] + red[1]) / 2,
          red[0],
          red[1],
          (red[0] + red[1]) / (mem[0] + mem[1]));
      System.out.printf(Locale.ROOT, "load average at the end %.2f%n", loadAverage());
    } finally {
      for (RedisClient c : clients) {
        c.shutdown();
      }
    }
  }

  /** An engine and the clock it reads, which the flows move past the resend cooldown. */
  private record Node(SignInEngine engine, SteppingClock clock) {}

  private static Node engine(FlowStore flows, ClientTokenStore tokens) {
    SteppingClock clock = new SteppingClock();
    return new Node(
        SignInEngine.builder()
            .gateway(InstantGateway.constant())
            .clock(clock)
            .flowStore(flows)
            .clientTokenStore(tokens)
            .build(),
        clock);
  }

  private static StatefulRedisConnection<String, String> connect(
      String uri, List<RedisClient> clients) {
    RedisClient client = RedisClient.create(RedisURI.create(uri));
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    clients.add(client);
    return client.connect();
  }

  /** Runs flows one after the other; with {@code times}, records each event's nanoseconds. */
  private static void runFlows(Node node, String tag, int flows, long[] times) {
    int i = 0;
    for (int f = 0; f < flows; f++) {
      DeviceId device = DeviceId.of(tag + "-" + f);
      FlowId id = node.engine().startFlow(device).id().orElseThrow();
      for (int e = 0; e < EVENTS; e++) {
        long t0 = System.nanoTime();
        StepResult r = event(node, id, e);
        long took = System.nanoTime() - t0;
        if (times != null) {
          times[i++] = took;
        }
        check(r, e);
      }
    }
  }

  private static StepResult event(Node node, FlowId id, int e) {
    if (e == 2) {
      node.clock().advanceMillis(31_000); // past the 30 s resend cooldown
    }
    var flow = node.engine().flow(id).orElseThrow(() -> new IllegalStateException("flow gone"));
    return switch (e) {
      case 0 -> flow.submitPassword("ada@example.com", "correct horse battery staple");
      case 1 -> flow.verifyCode(InstantGateway.WRONG_CODE);
      case 2 -> flow.resendCode();
      default -> flow.verifyCode(InstantGateway.RIGHT_CODE);
    };
  }

  private static void check(StepResult r, int e) {
    SignInState expected = e == EVENTS - 1 ? SignInState.COMPLETE : SignInState.NEEDS_CLIENT_TRUST;
    if (r.state() != expected) {
      throw new IllegalStateException("event " + e + " ended " + r.kind() + " in " + r.state());
    }
  }

  /**
   * Events/s of {@code threads} threads running flows for {@code seconds}, the threads spread over
   * the nodes in turn.
   */
  private static double throughput(Node[] nodes, int threads, int seconds, String tag)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong events = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      Node node = nodes[t % nodes.length];
      String prefix = tag + "t" + t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                  long n = 0;
                  while (!stop.get()) {
                    FlowId id =
                        node.engine().startFlow(DeviceId.of(prefix + "-" + n++)).id().orElseThrow();
                    for (int e = 0; e < EVENTS; e++) {
                      StepResult r = event(node, id, e);
                      if (r.state()
                          != (e == EVENTS - 1
                              ? SignInState.COMPLETE
                              : SignInState.NEEDS_CLIENT_TRUST)) {
                        failures.incrementAndGet();
                      }
                      events.incrementAndGet();
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  done.countDown();
                }
              });
      thread.setDaemon(true);
      thread.start();
    }
    long t0 = System.nanoTime();
    go.countDown();
    TimeUnit.SECONDS.sleep(seconds);
    long counted = events.get();
    long elapsed = System.nanoTime() - t0;
    stop.set(true);
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("threads did not stop");
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " events ended in another state");
    }
    return counted / (elapsed / 1e9);
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1_000.0;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String range(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", median(xs), s[0], s[s.length - 1]);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static int freePort() throws IOException {
    for (int i = 0; i < 100; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (s.getLocalPort() <= 55_535) {
          return s.getLocalPort();
        }
      }
    }
    throw new IOException("no free loopback port");
  }

  private static Process startRedis(int port, Path dir) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--logfile",
                "")
            .redirectErrorStream(true)
            .start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.contains("Ready to accept connections")) {
                    ready.countDown();
                  }
                }
              } catch (IOException e) {
                // ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("redis-server did not start on port " + port);
    }
    return p;
  }
}
