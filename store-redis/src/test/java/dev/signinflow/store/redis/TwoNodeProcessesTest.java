package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two engine nodes as separate JVM processes ({@link EngineNode}, started with this test's class
 * path), sharing one Redis and one emulator (the fake Clerk over HTTP, in this JVM): a flow started
 * on node A is completed on node B, and of 50 events on one flow spread over both nodes exactly one
 * applies. Every wait is bounded; the nodes stop when the test ends (and by themselves after 5
 * minutes).
 */
@RealRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TwoNodeProcessesTest {
  private static final String ADA = TwoEnginesOneRedisTest.ADA;
  private static final String PASSWORD = TwoEnginesOneRedisTest.PASSWORD;
  private static final long ANSWER_SECONDS = 60;

  private final FakeClerk fake = FakeClerk.create();
  private final String prefix = SharedRedis.prefix();
  private FakeFapiServer emulator;
  private Node a;
  private Node b;

  @BeforeAll
  void start() throws IOException {
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
    emulator = FakeFapiServer.start(fake, 0);
    a = Node.start("a", this);
    b = Node.start("b", this);
    a.expect("READY");
    b.expect("READY");
  }

  @AfterAll
  void stop() {
    for (Node n : new Node[] {a, b}) {
      if (n != null) {
        n.stop();
      }
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private List<String> args() {
    return List.of(
        SharedRedis.standalone().server().uri(),
        emulator.baseUrl().toString(),
        prefix,
        TestKeys.base64(TestKeys.key("one")),
        fake.clock().instant().toString());
  }

  private String awaitingCode(String device) throws IOException {
    String id = a.ask("start " + device).substring("OK ".length());
    assertThat(a.ask("password " + id + " " + ADA + " " + PASSWORD))
        .isEqualTo("RESULT SUCCESS NEEDS_CLIENT_TRUST");
    return id;
  }

  @Test
  void aFlowStartedOnNodeAIsCompletedOnNodeB() throws IOException {
    String id = awaitingCode("proc-laptop");

    String verified = b.ask("code " + id + " " + fake.lastCodeSentTo(ADA).orElseThrow());

    assertThat(verified).isEqualTo("RESULT SUCCESS COMPLETE");
    ClientToken token =
        RedisClientTokenStore.builder(SharedRedis.standalone().connection(), TestKeys.RING)
            .keyPrefix(prefix)
            .build()
            .load(DeviceId.of("proc-laptop"))
            .orElseThrow();
    assertThat(fake.isKnownDevice(fake.userId(ADA).orElseThrow(), token.reveal())).isTrue();
  }

  @Test
  void ofFiftyConcurrentEventsOnOneFlowOverBothNodesExactlyOneApplies() throws IOException {
    String id = awaitingCode("proc-phone");
    String code = fake.lastCodeSentTo(ADA).orElseThrow();
    // Whichever node leases the flow first holds the server's answer until the other 49 events
    // have been answered: they all find the flow leased, whatever the timing.
    a.ask("arm");
    b.ask("arm");
    a.ask("burst " + id + " 25 " + code);
    b.ask("burst " + id + " 25 " + code);

    Map<String, Integer> results = new HashMap<>();
    int held = 0;
    int attempts = 0;
    int done = 0;
    boolean opened = false;
    List<Node> nodes = List.of(a, b);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
    while (done < 2) {
      boolean any = false;
      for (Node n : nodes) {
        String line = n.poll();
        if (line == null) {
          continue;
        }
        any = true;
        if (line.equals("HELD")) {
          held++;
        } else if (line.startsWith("RESULT")) {
          results.merge(line, 1, Integer::sum);
        } else if (line.startsWith("DONE ")) {
          attempts += Integer.parseInt(line.substring(5));
          done++;
        }
      }
      if (!opened && held == 1 && busy(results) == 49) {
        a.ask("open");
        b.ask("open");
        opened = true;
      }
      assertThat(System.nanoTime())
          .as("answers so far: %s, held %d, done %d", results, held, done)
          .isLessThan(deadline);
      if (!any) {
        awaitArrival(deadline);
      }
    }

    assertThat(held).isEqualTo(1);
    assertThat(results)
        .containsOnly(
            Map.entry("RESULT SUCCESS COMPLETE", 1),
            Map.entry("RESULT BUSY NEEDS_CLIENT_TRUST", 49));
    assertThat(attempts).as("code attempts that reached the emulator").isEqualTo(1);
  }

  /** One element per line either node prints: what the answer loop waits on. */
  private final BlockingQueue<Boolean> arrivals = new LinkedBlockingQueue<>();

  private static int busy(Map<String, Integer> results) {
    return results.entrySet().stream()
        .filter(e -> e.getKey().startsWith("RESULT BUSY"))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  /** Waits until either node prints a line, or the deadline. */
  private void awaitArrival(long deadline) {
    try {
      arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A node's process, its input, and the lines it has printed. */
  private static final class Node {
    private final String name;
    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final Path errors;

    private Node(String name, Process process, Path errors, BlockingQueue<Boolean> arrivals) {
      this.name = name;
      this.process = process;
      this.errors = errors;
      this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    out.add(line);
                    arrivals.offer(Boolean.TRUE);
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "node-" + name + "-out");
      reader.setDaemon(true);
      reader.start();
    }

    static Node start(String name, TwoNodeProcessesTest test) throws IOException {
      Path errors = Files.createTempFile("engine-node-" + name + "-", ".err");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(
          List.of(
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-cp",
              System.getProperty("java.class.path"),
              EngineNode.class.getName()));
      command.addAll(test.args());
      Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      return new Node(name, p, errors, test.arrivals);
    }

    /**
     * Sends a command and returns its answer: the next line that is {@code OK}, {@code OK ...}, or
     * (for {@code code} and {@code password}) {@code RESULT ...}. Reports that come first (HELD,
     * DONE, a burst's results) stay for {@link #poll()}.
     */
    String ask(String command) throws IOException {
      in.write(command + "\n");
      in.flush();
      boolean result = command.startsWith("code ") || command.startsWith("password ");
      return expectAnswer(result ? "RESULT " : "OK");
    }

    private String expectAnswer(String prefix) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
      List<String> skipped = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        String line = take(deadline);
        if (line == null) {
          break;
        }
        if (line.startsWith(prefix) || line.startsWith("ERROR")) {
          out.addAll(skipped);
          return line;
        }
        skipped.add(line);
      }
      throw new AssertionError("node " + name + " did not answer; stderr:\n" + stderr());
    }

    void expect(String line) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
      String got = take(deadline);
      if (!line.equals(got)) {
        throw new AssertionError(
            "node " + name + " said " + got + ", not " + line + "; stderr:\n" + stderr());
      }
    }

    String poll() {
      return out.poll();
    }

    private String take(long deadline) {
      try {
        return out.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    private String stderr() {
      try {
        String all = Files.readString(errors);
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    void stop() {
      try {
        in.write("quit\n");
        in.flush();
      } catch (IOException e) {
        // gone already
      }
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      try {
        Files.deleteIfExists(errors);
      } catch (IOException e) {
        // a temporary file
      }
    }
  }
}
