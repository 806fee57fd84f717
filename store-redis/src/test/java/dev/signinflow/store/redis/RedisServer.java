package dev.signinflow.store.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A {@code redis-server} child process on a free loopback port, for tests: no persistence unless
 * asked ({@code --save '' --appendonly no}), its files in a temporary directory, its log on its
 * standard output (kept, the last lines, for a failure's message). Every server started is stopped
 * by a JVM shutdown hook too, so a test run that ends abruptly leaves none behind (one killed with
 * SIGKILL does: {@code .ci/run} cleans up).
 */
public final class RedisServer implements AutoCloseable {
  /** Ports above this have no room for the cluster bus port (port + 10000). */
  public static final int MAX_PORT = 55_535;

  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();
  private static final long READY_SECONDS = 15;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (RedisServer s : RUNNING) {
                    s.process.destroyForcibly();
                  }
                },
                "redis-test-servers-stop"));
  }

  private final Path dir;
  private final int port;
  private final List<String> extraArgs;
  private final Deque<String> log = new ArrayDeque<>();
  private final List<LogWaiter> waiters = new CopyOnWriteArrayList<>();
  private volatile Process process;

  /** Someone waiting for a line that contains {@code text}. */
  private record LogWaiter(String text, CountDownLatch seen) {}

  private RedisServer(Path dir, int port, List<String> extraArgs) {
    this.dir = dir;
    this.port = port;
    this.extraArgs = extraArgs;
  }

  /** The {@code redis-server} executable, when one is installed. */
  public static java.util.Optional<Path> executable() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
    for (String d : path.split(":")) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Path.of(d, "redis-server");
      if (Files.isExecutable(p)) {
        return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.empty();
  }

  /** {@code redis-cli} beside {@code redis-server}. */
  public static Path cli() {
    Path server = executable().orElseThrow(() -> new IllegalStateException("no redis-server"));
    return server.resolveSibling("redis-cli");
  }

  /** Starts a server with these extra arguments (e.g. {@code --appendonly yes}). */
  public static RedisServer start(String... extraArgs) {
    return start(false, extraArgs);
  }

  /**
   * Starts a server; for a cluster node, on a port whose bus port (port + 10000) is free too. A
   * port taken between the check and the start is retried with another, up to 5 times.
   */
  public static RedisServer start(boolean clusterBus, String... extraArgs) {
    return start(clusterBus, port -> List.of(extraArgs));
  }

  /**
   * Starts a server whose extra arguments depend on its port (e.g. {@code --port 0 --tls-port
   * <port>}: a TLS-only server on the port picked).
   */
  public static RedisServer start(boolean clusterBus, IntFunction<List<String>> extraArgs) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      Path dir;
      try {
        dir = Files.createTempDirectory("signinflow-redis-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int port = freePort(clusterBus);
      RedisServer s = new RedisServer(dir, port, List.copyOf(extraArgs.apply(port)));
      try {
        s.launch();
        return s;
      } catch (IllegalStateException e) {
        last = e;
        s.close();
      }
    }
    throw last;
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(executable().orElseThrow().toString());
    command.addAll(
        List.of(
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--dir",
            dir.toString(),
            "--logfile",
            "",
            "--protected-mode",
            "yes"));
    command.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    CountDownLatch ready = new CountDownLatch(1);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start redis-server", e);
    }
    RUNNING.add(this);
    Process p = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (log) {
                    log.addLast(line);
                    if (log.size() > 40) {
                      log.removeFirst();
                    }
                  }
                  if (line.contains("Ready to accept connections")) {
                    ready.countDown();
                  }
                  for (LogWaiter w : waiters) {
                    if (line.contains(w.text())) {
                      w.seen().countDown();
                      waiters.remove(w);
                    }
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "redis-" + port + "-log");
    reader.setDaemon(true);
    reader.start();
    boolean up;
    try {
      up = ready.await(READY_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      up = false;
    }
    if (!up || !p.isAlive()) {
      p.destroyForcibly();
      RUNNING.remove(this);
      throw new IllegalStateException(
          "redis-server on port " + port + " did not become ready:\n" + lastLog());
    }
  }

  /** Picks a free loopback port at most {@link #MAX_PORT} (and port + 10000 free, for a bus). */
  /**
   * A latch the server's log opens: counted down when it next logs a line containing {@code text}.
   * Lines logged before this call do not count, so ask before doing what makes the line appear.
   */
  public CountDownLatch nextLogLine(String text) {
    LogWaiter w = new LogWaiter(text, new CountDownLatch(1));
    waiters.add(w);
    return w.seen();
  }

  private static int freePort(boolean clusterBus) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (port > MAX_PORT) {
        continue;
      }
      if (clusterBus) {
        try (ServerSocket bus =
            new ServerSocket(port + 10_000, 1, InetAddress.getLoopbackAddress())) {
          // free
        } catch (IOException e) {
          continue;
        }
      }
      return port;
    }
    throw new IllegalStateException("no free loopback port at most " + MAX_PORT);
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  public void pause() {
    signal("STOP");
  }

  /** Thaws a paused server (SIGCONT): it runs what it received meanwhile. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the server (SIGKILL), as a crash would: no save on the way out. */
  public void kill() {
    Process p = process;
    p.destroyForcibly();
    waitFor(p);
    RUNNING.remove(this);
  }

  /** Starts the server again on the same port and directory (so with its data, if it kept any). */
  public void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " still runs");
    }
    launch();
  }

  /** Starts the server again on the same port, with an empty directory: all data gone. */
  public void restartEmpty() {
    deleteFiles();
    restart();
  }

  /** The last lines it logged. */
  public String lastLog() {
    synchronized (log) {
      return String.join("\n", log);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes its directory. */
  @Override
  public void close() {
    Process p = process;
    if (p != null) {
      if (p.isAlive()) {
        // A paused server does not act on SIGTERM until it runs again.
        try {
          resume();
        } catch (IllegalStateException e) {
          // gone already
        }
      }
      p.destroy();
      if (!waitFor(p)) {
        p.destroyForcibly();
        waitFor(p);
      }
      RUNNING.remove(this);
    }
    deleteFiles();
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory: left behind
    }
  }

  private static boolean waitFor(Process p) {
    try {
      return p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void deleteFiles() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .filter(f -> !f.equals(dir))
          .forEach(
              f -> {
                try {
                  Files.deleteIfExists(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code redis-cli} with these arguments; its output, or a failure with it. */
  public static String cli(long timeoutSeconds, String... args) {
    List<String> command = new ArrayList<>();
    command.add(cli().toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("redis-cli-", ".out");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("redis-cli did not finish: " + command);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new IllegalStateException("redis-cli failed (" + p.exitValue() + "): " + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "RedisServer[" + port + "]";
  }
}
