package dev.signinflow.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wall time of commands, run in turn so that each run of a command has its baseline next to it.
 * Arguments: {@code runs} then triples {@code name marker command}: with a marker, the time until
 * the marker appears on the command's output (standard error included), after which the process is
 * killed; with {@code -}, the time until the process exits. The command is split on spaces.
 */
public final class StartupTimer {
  private StartupTimer() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    int n = (args.length - 1) / 3;
    double[][] ms = new double[n][runs];
    for (int r = 0; r < runs; r++) {
      for (int i = 0; i < n; i++) {
        String marker = args[2 + 3 * i];
        List<String> command = Arrays.asList(args[3 + 3 * i].split(" "));
        ms[i][r] = time(command, marker.equals("-") ? null : marker);
      }
    }
    for (int i = 0; i < n; i++) {
      System.out.printf(
          "%-24s median %.0f ms (min %.0f, max %.0f) over %d runs; ratio to %s %.2f%n",
          args[1 + 3 * i],
          IdleFlowMemory.median(ms[i]),
          IdleFlowMemory.min(ms[i]),
          IdleFlowMemory.max(ms[i]),
          runs,
          args[1],
          IdleFlowMemory.median(ms[i]) / IdleFlowMemory.median(ms[0]));
    }
  }

  private static double time(List<String> command, String marker)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    InputStream out = p.getInputStream();
    if (marker == null) {
      out.transferTo(OutputStreamSink.INSTANCE);
      p.waitFor();
      return (System.nanoTime() - start) / 1e6;
    }
    byte[] want = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<Byte> seen = new ArrayList<>();
    int matched = 0;
    int b;
    while ((b = out.read()) != -1) {
      seen.add((byte) b);
      matched = b == want[matched] ? matched + 1 : (b == want[0] ? 1 : 0);
      if (matched == want.length) {
        double t = (System.nanoTime() - start) / 1e6;
        p.destroyForcibly().waitFor();
        return t;
      }
    }
    p.waitFor();
    throw new IllegalStateException(
        command + " exited " + p.exitValue() + " before printing '" + marker + "': " + seen.size());
  }

  /** Discards output. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
