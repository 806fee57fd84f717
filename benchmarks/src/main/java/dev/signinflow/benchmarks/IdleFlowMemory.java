package dev.signinflow.benchmarks;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Retained heap per idle flow parked in NEEDS_CLIENT_TRUST, and its snapshot size. Retained heap is
 * the used heap after repeated full GCs with 2N flows alive minus that with N alive, over N: the
 * difference cancels the engine, class metadata and JIT noise. The baseline, in the same run, is
 * the same measurement for the flows' snapshot JSON strings held instead of the flows. Run with a
 * fixed heap and a stop-the-world collector: {@code -Xms1g -Xmx1g -XX:+UseSerialGC}.
 */
public final class IdleFlowMemory {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private IdleFlowMemory() {}

  public static void main(String[] args) throws InterruptedException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    SignInEngine engine =
        SignInEngine.builder()
            .gateway(InstantGateway.uniqueIds())
            .clock(new SteppingClock())
            .build();
    double[] perFlow = new double[rounds];
    double[] perSnapshot = new double[rounds];
    int[] sizes = null;
    int next = 0;
    for (int r = 0; r < rounds; r++) {
      SignInFlow[] flows = new SignInFlow[2 * n];
      String[] snapshots = new String[2 * n];
      long before = usedAfterGc();
      for (int i = 0; i < n; i++) {
        flows[i] = parked(engine, next++);
      }
      long one = usedAfterGc();
      for (int i = n; i < 2 * n; i++) {
        flows[i] = parked(engine, next++);
      }
      long two = usedAfterGc();
      perFlow[r] = (two - one) / (double) n;
      if (sizes == null) {
        sizes = new int[2 * n];
        for (int i = 0; i < 2 * n; i++) {
          sizes[i] = flows[i].snapshot().toJson().getBytes(StandardCharsets.UTF_8).length;
        }
        System.out.println("sample snapshot: " + flows[0].snapshot().toJson());
      }
      // The baseline: the same flows kept as snapshot strings instead.
      for (int i = 0; i < n; i++) {
        snapshots[i] = flows[i].snapshot().toJson();
      }
      long s1 = usedAfterGc();
      for (int i = n; i < 2 * n; i++) {
        snapshots[i] = flows[i].snapshot().toJson();
      }
      long s2 = usedAfterGc();
      perSnapshot[r] = (s2 - s1) / (double) n;
      System.out.printf(
          "round %d: %,d flows: %.0f B/flow retained (first N over an empty heap: %.0f B);"
              + " snapshot strings %.0f B each%n",
          r + 1, n, perFlow[r], (one - before) / (double) n, perSnapshot[r]);
      Arrays.fill(flows, null);
      Arrays.fill(snapshots, null);
    }
    Arrays.sort(sizes);
    System.out.printf(
        "retained per idle flow: median %.0f B (min %.0f, max %.0f) over %d rounds%n",
        median(perFlow), min(perFlow), max(perFlow), rounds);
    System.out.printf(
        "baseline, retained per snapshot string: median %.0f B (min %.0f, max %.0f);"
            + " flow/snapshot-string ratio %.2f%n",
        median(perSnapshot),
        min(perSnapshot),
        max(perSnapshot),
        median(perFlow) / median(perSnapshot));
    System.out.printf(
        "snapshot JSON size: median %d B (min %d, max %d) over %,d flows%n",
        sizes[sizes.length / 2], sizes[0], sizes[sizes.length - 1], sizes.length);
  }

  private static SignInFlow parked(SignInEngine engine, int i) {
    SignInFlow flow = engine.newFlow(DeviceId.of("device-" + i));
    flow.submitPassword("user" + i + "@example.com", "correct horse battery staple");
    if (flow.state() != SignInState.NEEDS_CLIENT_TRUST) {
      throw new IllegalStateException("flow " + i + " is in " + flow.state());
    }
    return flow;
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double min(double[] xs) {
    return Arrays.stream(xs).min().orElse(Double.NaN);
  }

  static double max(double[] xs) {
    return Arrays.stream(xs).max().orElse(Double.NaN);
  }
}
