package dev.signinflow.benchmarks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.transport.fake.FapiOperation;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load test of one service node: many end users signing in at once through one {@link
 * SignInEngine} over one {@link FeignSignInGateway} in proxy mode, against the emulator in another
 * process (or, in a test, on loopback in the same one) that holds every Frontend API answer for a
 * fixed latency, with its default per-address rate limits on.
 *
 * <p>Each of {@code users} threads is one end user at a time: it signs in a seeded {@code
 * +clerk_test} user (code {@code 424242}, nothing to read from an outbox) on a new device, from an
 * address no other sign-in uses — password, Client Trust, the code, {@code finalizeSession} — and
 * then the next end user takes its place, closed-loop. Every address makes one sign-in, so the
 * emulator's limits (5 creates and 3 attempts per 10 s per address) never apply unless the proxy
 * headers are lost: then every call counts against the node's own address and the sixth create is a
 * 429. The transport's automatic retry after a 429 is off, so each 429 is counted.
 *
 * <p>Three phases, one after the other in the same JVM:
 *
 * <ul>
 *   <li><b>saturated</b>: the users sign in back to back; the node and the emulator do as many
 *       sign-ins as the machine allows, and the queue holds the rest;
 *   <li><b>paced</b>: the same users, each reading the code for a think time (uniform between half
 *       and one and a half times {@code think}) between the password and the code, as a person
 *       does; the users start spread over one think time;
 *   <li><b>baseline</b>: one user alone, back to back, {@code baselineSignIns} times: the same
 *       stack without contention.
 * </ul>
 *
 * <p>The first {@code warmup} of a load phase is not measured; its figures are over the next {@code
 * measure}: sign-ins completed in the window per second, and p50/p99 of the sign-ins started in it.
 * A sign-in's time is the node's: the three steps, the think time left out. The floor is the number
 * of FAPI calls per sign-in times the latency: the time a sign-in would take on a node that costs
 * nothing. Every flow must end {@code COMPLETE} with an active session; a flow not finished {@code
 * flowBound} after its phase stopped starting flows counts as stuck.
 *
 * <p>Arguments: {@code fapiUrl users latencyMs warmupSeconds measureSeconds thinkMs
 * baselineSignIns}; the emulator's secret key comes from the environment variable {@code
 * EMULATOR_SECRET_KEY} and is never printed.
 *
 * <p>Over 600 lines on purpose: a benchmark driver is read top to bottom with its output next to it
 * — seeding, the three phases, the counters and the report are one program, kept in one file so
 * that every figure in performance §7 can be traced to the code that printed it.
 */
public final class ServiceNodeLoad {
  static final String PASSWORD = "correct horse battery staple";
  static final String PROXY_URL = "https://app.example.com/__clerk";

  /** The code of Clerk's test identities ({@code FakeClerk.TEST_CODE}). */
  static final String TEST_CODE = "424242";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** How a user thread lets its think time pass. */
  @FunctionalInterface
  interface Pause {
    void pause(Duration d) throws InterruptedException;

    /** Really waits. */
    static Pause sleeping() {
      return d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());
    }
  }

  /**
   * What to run.
   *
   * @param users end users signing in at once
   * @param latency how long the emulator holds every answer
   * @param warmup the load before each measured window
   * @param measure each measured window; a phase stops starting sign-ins at its end
   * @param think the mean think time of the paced phase
   * @param signInsPerUser the most sign-ins each user thread makes in a phase (a bound for short
   *     runs)
   * @param baselineSignIns sign-ins of the single user
   * @param flowBound how long after a phase stops a flow may still take before it counts as stuck
   * @param clock the engine's clock (the emulator's, in a test)
   * @param pause how think time passes
   */
  record Config(
      int users,
      Duration latency,
      Duration warmup,
      Duration measure,
      Duration think,
      int signInsPerUser,
      int baselineSignIns,
      Duration flowBound,
      Clock clock,
      Pause pause) {
    Config {
      requireNonNull(latency, "latency");
      requireNonNull(warmup, "warmup");
      requireNonNull(measure, "measure");
      requireNonNull(think, "think");
      requireNonNull(flowBound, "flowBound");
      requireNonNull(clock, "clock");
      requireNonNull(pause, "pause");
      if (users < 1 || signInsPerUser < 1 || baselineSignIns < 1) {
        throw new IllegalArgumentException(
            "users, signInsPerUser and baselineSignIns must be at least 1");
      }
    }
  }

  /**
   * One phase of sign-ins.
   *
   * @param name what it was
   * @param users user threads
   * @param think the mean think time
   * @param started sign-ins started, warm-up included
   * @param completed of them, ended {@code COMPLETE} with an active session
   * @param failures the others by the step and outcome they ended with
   * @param stuck sign-ins still running {@code flowBound} after the phase stopped
   * @param windowSeconds the measured window
   * @param completedInWindow sign-ins completed in the window
   * @param latencies the node's time of the completed sign-ins started in the window, sorted, in
   *     nanoseconds
   * @param gateway the calls that reached the transport, warm-up included
   * @param cpuNanos the node's CPU time in the window; -1 when the JVM does not tell
   */
  record Phase(
      String name,
      int users,
      Duration think,
      long started,
      long completed,
      Map<String, Long> failures,
      int stuck,
      double windowSeconds,
      long completedInWindow,
      long[] latencies,
      CountingGateway.Counts gateway,
      long cpuNanos) {
    double perSecond() {
      return completedInWindow / windowSeconds;
    }

    double percentileMillis(double p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      return latencies[Math.min(latencies.length - 1, (int) (latencies.length * p))] / 1e6;
    }

    long failed() {
      return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean whole() {
      return failed() == 0 && stuck == 0;
    }
  }

  /**
   * What the run found.
   *
   * @param saturated the users back to back
   * @param paced the users with think time
   * @param baseline one user alone
   * @param callsPerSignIn FAPI calls per started sign-in, all phases
   * @param floorMillis {@code callsPerSignIn} (rounded) times the latency
   * @param threadsBefore live threads before the load
   * @param peakThreads the most live threads during the load
   * @param heapBefore heap used after a full GC before the load, in bytes
   * @param heapAfter heap used after a full GC after every phase, every device's client token and
   *     the last flow of each user still held
   */
  record Report(
      Phase saturated,
      Phase paced,
      Phase baseline,
      double callsPerSignIn,
      double floorMillis,
      int threadsBefore,
      int peakThreads,
      long heapBefore,
      long heapAfter) {
    List<Phase> phases() {
      return List.of(saturated, paced, baseline);
    }

    long rateLimited() {
      return phases().stream().mapToLong(p -> p.gateway().rateLimited()).sum();
    }

    boolean whole() {
      return phases().stream().allMatch(Phase::whole);
    }

    /** The p99 of a phase over the floor, minus one: 0.10 is 10 % over. */
    double p99Overhead(Phase p) {
      return p.percentileMillis(0.99) / floorMillis - 1;
    }
  }

  private final URI fapi;
  private final Config config;
  private final PrintStream out;
  private final CountingGateway gateway;
  private final SignInEngine engine;
  private final AtomicLong endUsers = new AtomicLong();
  private final HttpClient control =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ServiceNodeLoad(URI fapi, String secretKey, Config config, PrintStream out) {
    this.fapi = fapi;
    this.config = config;
    this.out = out;
    this.gateway =
        new CountingGateway(
            FeignSignInGateway.builder()
                .frontendApi(fapi.toString())
                .proxyMode(PROXY_URL, secretKey)
                // Off: every 429 reaches the engine as it came, and is counted.
                .maxAutomaticRetryWait(Duration.ZERO)
                .clock(config.clock())
                .build());
    this.engine = SignInEngine.builder().gateway(gateway).clock(config.clock()).build();
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 7) {
      System.err.println(
          "usage: ServiceNodeLoad fapiUrl users latencyMs warmupSeconds measureSeconds thinkMs"
              + " baselineSignIns   (the emulator's secret key in EMULATOR_SECRET_KEY)");
      System.exit(2);
    }
    String key = System.getenv("EMULATOR_SECRET_KEY");
    if (key == null || key.isBlank()) {
      System.err.println("ServiceNodeLoad: set EMULATOR_SECRET_KEY to the emulator's secret key");
      System.exit(2);
    }
    Config config =
        new Config(
            Integer.parseInt(args[1]),
            Duration.ofMillis(Long.parseLong(args[2])),
            Duration.ofSeconds(Long.parseLong(args[3])),
            Duration.ofSeconds(Long.parseLong(args[4])),
            Duration.ofMillis(Long.parseLong(args[5])),
            Integer.MAX_VALUE,
            Integer.parseInt(args[6]),
            Duration.ofSeconds(60),
            Clock.systemUTC(),
            Pause.sleeping());
    Report r = run(URI.create(args[0]), key, config, System.out);
    System.exit(r.whole() ? 0 : 1);
  }

  /**
   * Seeds the users, arms the latency on every operation, runs the three phases and prints the
   * figures.
   */
  static Report run(URI fapi, String secretKey, Config config, PrintStream out)
      throws InterruptedException {
    return new ServiceNodeLoad(fapi, secretKey, config, out).run();
  }

  private Report run() throws InterruptedException {
    out.printf(
        Locale.ROOT,
        "service node load against %s: %d users at once, each sign-in a new device from its own"
            + " address, proxy mode, %d ms on every FAPI answer%n",
        fapi,
        config.users(),
        config.latency().toMillis());
    out.println("load average at start: " + loadAverage());
    out.printf(
        Locale.ROOT,
        "seeded %d users (+clerk_test, code %s); latency armed on %d operations%n",
        seed(),
        TEST_CODE,
        armLatency());
    SignInFlow[] last = new SignInFlow[config.users()];
    long heapBefore = usedAfterGc();
    int threadsBefore = THREADS.getThreadCount();
    THREADS.resetPeakThreadCount();
    Phase saturated =
        phase(
            "saturated",
            config.users(),
            Duration.ZERO,
            config.warmup(),
            config.signInsPerUser(),
            last);
    Phase paced =
        phase(
            "paced",
            config.users(),
            config.think(),
            config.warmup(),
            config.signInsPerUser(),
            last);
    int peakThreads = THREADS.getPeakThreadCount();
    Phase baseline =
        phase(
            "baseline",
            1,
            Duration.ZERO,
            Duration.ZERO,
            config.baselineSignIns(),
            new SignInFlow[1]);
    long heapAfter = usedAfterGc();
    long started = saturated.started() + paced.started() + baseline.started();
    long calls = saturated.gateway().calls() + paced.gateway().calls() + baseline.gateway().calls();
    double callsPerSignIn = started == 0 ? Double.NaN : calls / (double) started;
    double floor = Math.round(callsPerSignIn) * (double) config.latency().toMillis();
    Report report =
        new Report(
            saturated,
            paced,
            baseline,
            callsPerSignIn,
            floor,
            threadsBefore,
            peakThreads,
            heapBefore,
            heapAfter);
    print(report);
    // The flows stay reachable up to here, so that the heap after GC holds them.
    Arrays.fill(last, null);
    return report;
  }

  // ---- the phases -------------------------------------------------------------------------------

  private final class User implements Runnable {
    final int index;
    final Duration think;
    final long stopStarting;
    final int max;
    final SignInFlow[] last;
    final LongAdder started;
    final Map<String, Long> failures;
    final CountDownLatch done;
    final Random random;
    long[] starts = new long[64];
    long[] ends = new long[64];
    long[] thought = new long[64];
    int completed;

    User(
        int index,
        Duration think,
        long stopStarting,
        int max,
        SignInFlow[] last,
        LongAdder started,
        Map<String, Long> failures,
        CountDownLatch done) {
      this.index = index;
      this.think = think;
      this.stopStarting = stopStarting;
      this.max = max;
      this.last = last;
      this.started = started;
      this.failures = failures;
      this.done = done;
      this.random = new Random(index);
    }

    /** Uniform between half and one and a half times the think time. */
    Duration thinkTime() {
      return think.isZero()
          ? Duration.ZERO
          : Duration.ofNanos((long) (think.toNanos() * (0.5 + random.nextDouble())));
    }

    @Override
    public void run() {
      try {
        if (!think.isZero()) {
          // Spread the users' first sign-ins over one think time.
          config.pause().pause(Duration.ofNanos((long) (think.toNanos() * random.nextDouble())));
        }
        for (int i = 0; i < max; i++) {
          long t0 = System.nanoTime();
          if (t0 - stopStarting >= 0) {
            return;
          }
          started.increment();
          long[] paused = new long[1];
          String failure;
          try {
            failure = signIn(index, last, thinkTime(), paused);
          } catch (RuntimeException e) {
            failure = "exception " + e.getClass().getSimpleName();
          }
          long t1 = System.nanoTime();
          if (failure == null) {
            if (completed == starts.length) {
              starts = Arrays.copyOf(starts, completed * 2);
              ends = Arrays.copyOf(ends, completed * 2);
              thought = Arrays.copyOf(thought, completed * 2);
            }
            starts[completed] = t0;
            ends[completed] = t1;
            thought[completed++] = paused[0];
          } else {
            failures.merge(failure, 1L, Long::sum);
          }
        }
      } catch (InterruptedException e) {
        failures.merge("interrupted", 1L, Long::sum);
      } finally {
        done.countDown();
      }
    }
  }

  /**
   * One end user's sign-in on a new device, from an address of its own, reading the code for {@code
   * think}.
   *
   * @param paused gets the time spent thinking, in nanoseconds
   * @return null when it ended {@code COMPLETE} with an active session, else the step and outcome
   *     it ended with
   */
  private String signIn(int user, SignInFlow[] last, Duration think, long[] paused)
      throws InterruptedException {
    long n = endUsers.incrementAndGet();
    RequestContext context =
        RequestContext.builder().clientIp(address(n)).userAgent("ServiceNodeLoad/1").build();
    SignInFlow flow = engine.newFlow(DeviceId.of("load-device-" + n));
    last[user] = flow;
    StepResult r = flow.submitPassword(context, email(user), PASSWORD);
    if (!r.succeeded() || r.state() != SignInState.NEEDS_CLIENT_TRUST) {
      return failure("submitPassword", r);
    }
    if (!think.isZero()) {
      long p0 = System.nanoTime();
      config.pause().pause(think);
      paused[0] = System.nanoTime() - p0;
    }
    r = flow.verifyCode(context, TEST_CODE);
    if (!r.succeeded() || r.state() != SignInState.COMPLETE) {
      return failure("verifyCode", r);
    }
    r = flow.finalizeSession(context);
    if (!r.succeeded()) {
      return failure("finalizeSession", r);
    }
    boolean active =
        flow.view().session().filter(s -> s.status() == SessionStatus.ACTIVE).isPresent();
    return active ? null : "finalizeSession: no active session";
  }

  private static String failure(String step, StepResult r) {
    return step
        + ": "
        + r.kind()
        + " in "
        + r.state()
        + r.errors().first().map(e -> " (" + e.code() + ")").orElse("");
  }

  /** 10.0.0.1, 10.0.0.2, ...: a distinct address for each of up to 2^24 - 1 end users. */
  static String address(long n) {
    if (n < 1 || n >= 1 << 24) {
      throw new IllegalStateException("out of addresses in 10.0.0.0/8 after " + n);
    }
    return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
  }

  static String email(int user) {
    return "load-" + user + "+clerk_test@example.com";
  }

  private Phase phase(
      String name, int users, Duration think, Duration warmup, int max, SignInFlow[] last)
      throws InterruptedException {
    LongAdder started = new LongAdder();
    Map<String, Long> failures = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(users);
    CountingGateway.Counts calls0 = gateway.counts();
    long start = System.nanoTime();
    long measureStart = start + warmup.toNanos();
    long stopStarting = measureStart + config.measure().toNanos();
    User[] workers = new User[users];
    Thread[] threads = new Thread[users];
    for (int i = 0; i < users; i++) {
      workers[i] = new User(i, think, stopStarting, max, last, started, failures, done);
      threads[i] = new Thread(workers[i], name + "-user-" + i);
      threads[i].start();
    }
    done.await(measureStart - System.nanoTime(), TimeUnit.NANOSECONDS);
    // The window starts when planned, even when the threads took longer to start.
    long windowStart = Math.min(measureStart, System.nanoTime());
    long cpu0 = cpuNanos();
    done.await(stopStarting - windowStart, TimeUnit.NANOSECONDS);
    long windowEnd = System.nanoTime();
    long cpu1 = cpuNanos();
    int stuck = 0;
    if (!done.await(config.flowBound().toNanos(), TimeUnit.NANOSECONDS)) {
      for (Thread t : threads) {
        if (t.isAlive()) {
          stuck++;
          t.interrupt();
        }
      }
    }
    for (Thread t : threads) {
      t.join(config.flowBound().toMillis() + 1);
    }
    long completed = 0;
    for (User w : workers) {
      completed += w.completed;
    }
    long inWindow = 0;
    long[] latencies = new long[Math.toIntExact(completed)];
    int at = 0;
    for (User w : workers) {
      for (int i = 0; i < w.completed; i++) {
        if (w.ends[i] - windowStart >= 0 && w.ends[i] - windowEnd <= 0) {
          inWindow++;
        }
        if (w.starts[i] - windowStart >= 0 && w.starts[i] - windowEnd < 0) {
          latencies[at++] = w.ends[i] - w.starts[i] - w.thought[i];
        }
      }
    }
    latencies = Arrays.copyOf(latencies, at);
    Arrays.sort(latencies);
    return new Phase(
        name,
        users,
        think,
        started.sum(),
        completed,
        new TreeMap<>(failures),
        stuck,
        Math.max(1e-9, (windowEnd - windowStart) / 1e9),
        inWindow,
        latencies,
        gateway.counts().minus(calls0),
        cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
  }

  // ---- the emulator's control plane -------------------------------------------------------------

  /** Adds the users through {@code POST /__fake/users}; one there already is left as it is. */
  private int seed() {
    for (int u = 0; u < config.users(); u++) {
      int status = post("/__fake/users", Map.of("email", email(u), "password", PASSWORD));
      if (status != 201 && status != 409) {
        throw new IllegalStateException("POST /__fake/users answered " + status);
      }
    }
    return config.users();
  }

  /** Holds every answer of every operation for the latency: {@code POST /__fake/faults}. */
  private int armLatency() {
    for (FapiOperation op : FapiOperation.values()) {
      int status =
          post(
              "/__fake/faults",
              Map.of(
                  "operation",
                  op.name().toLowerCase(Locale.ROOT),
                  "fault",
                  "latency",
                  "latency_ms",
                  config.latency().toMillis(),
                  "always",
                  true));
      if (status != 200) {
        throw new IllegalStateException("POST /__fake/faults answered " + status);
      }
    }
    return FapiOperation.values().length;
  }

  private int post(String path, Map<String, Object> body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(fapi.resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      return control.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException("the emulator's control plane: " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // ---- the node's JVM
  // -----------------------------------------------------------------------------

  private static long cpuNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }

  private static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** The first three fields of {@code /proc/loadavg}, or "n/a" where there is none. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)" : "n/a";
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  // ---- the report
  // ---------------------------------------------------------------------------------

  private void print(Report r) {
    double floor = r.floorMillis;
    out.printf(
        Locale.ROOT,
        "FAPI calls per sign-in: %.2f; floor = %d calls x %d ms = %.0f ms%n",
        r.callsPerSignIn,
        Math.round(r.callsPerSignIn),
        config.latency().toMillis(),
        floor);
    for (Phase p : r.phases()) {
      out.printf(
          Locale.ROOT,
          "== %s: %d user%s, think time %d ms, %d s warm-up, then a window of %.1f s%n",
          p.name,
          p.users,
          p.users == 1 ? "" : "s",
          p.think.toMillis(),
          (p == r.baseline ? Duration.ZERO : config.warmup()).toSeconds(),
          p.windowSeconds);
      out.printf(
          Locale.ROOT,
          "sign-ins started %d, complete with an active session %d, failed %d, stuck %d%s%n",
          p.started,
          p.completed,
          p.failed(),
          p.stuck,
          p.failures.isEmpty() ? "" : " " + p.failures);
      out.printf(
          Locale.ROOT,
          "FAPI calls %d; 429s from the emulator %d; unavailable %d%n",
          p.gateway.calls(),
          p.gateway.rateLimited(),
          p.gateway.unavailable());
      // Closed loop: a user starts a sign-in every floor plus think time at best.
      double ideal = p.users * 1000.0 / (floor + p.think.toMillis());
      out.printf(
          Locale.ROOT,
          "completed sign-ins/s: %.1f; at the floor the same users would make %.1f/s: ratio %.3f%n",
          p.perSecond(),
          ideal,
          p.perSecond() / ideal);
      out.printf(
          Locale.ROOT,
          "per sign-in, the node's time (%d sign-ins): p50 %.1f ms (%.3f x floor), p99 %.1f ms"
              + " (%.3f x floor), max %.1f ms%n",
          p.latencies.length,
          p.percentileMillis(0.5),
          p.percentileMillis(0.5) / floor,
          p.percentileMillis(0.99),
          p.percentileMillis(0.99) / floor,
          p.latencies.length == 0 ? Double.NaN : p.latencies[p.latencies.length - 1] / 1e6);
      if (p.cpuNanos >= 0 && p.completedInWindow > 0) {
        out.printf(
            Locale.ROOT,
            "node CPU: %.0f us per sign-in, %.2f cores busy on average%n",
            p.cpuNanos / 1e3 / p.completedInWindow,
            p.cpuNanos / 1e9 / p.windowSeconds);
      }
    }
    out.println("== the node's JVM");
    out.printf(
        Locale.ROOT,
        "live threads: %d before the load, peak %d during the saturated and paced phases%n",
        r.threadsBefore,
        r.peakThreads);
    out.printf(
        Locale.ROOT,
        "heap used after a full GC: %.1f MB before the load, %.1f MB after it (holding the"
            + " engine's in-memory client tokens of %,d devices and the last flow of each user)%n",
        r.heapBefore / 1e6,
        r.heapAfter / 1e6,
        r.phases().stream().mapToLong(Phase::started).sum());
    out.println("load average at end: " + loadAverage());
    out.printf(
        Locale.ROOT,
        "targets: no lost or stuck flow: %s; 429s %d (0 expected): %s; p99 overhead over the"
            + " floor < 10 %%: paced %.1f %% %s, saturated %.1f %% %s, baseline %.1f %% %s%n",
        r.whole() ? "met" : "MISSED",
        r.rateLimited(),
        r.rateLimited() == 0 ? "met" : "MISSED",
        100 * r.p99Overhead(r.paced),
        verdict(r.p99Overhead(r.paced)),
        100 * r.p99Overhead(r.saturated),
        verdict(r.p99Overhead(r.saturated)),
        100 * r.p99Overhead(r.baseline),
        verdict(r.p99Overhead(r.baseline)));
  }

  private static String verdict(double overhead) {
    return overhead < 0.10 ? "met" : "missed";
  }
}
