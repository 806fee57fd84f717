package dev.signinflow.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Runs {@code signin} in this process on a scripted terminal with no console. */
final class InProcess {
  /** What a run ended with and printed. */
  record Run(int exit, String out, String err) {
    /** Standard output and standard error together. */
    String printed() {
      return out + err;
    }
  }

  private InProcess() {}

  /** Runs {@code signin args…} with {@code stdin} as standard input. */
  static Run signin(String stdin, String... args) {
    return signin(stdin, Clock.systemUTC(), args);
  }

  /** Runs {@code signin args…} with {@code stdin} as standard input and this clock. */
  static Run signin(String stdin, Clock clock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            null);
    int exit = Signin.run(terminal, clock, args);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
