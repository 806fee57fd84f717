package dev.signinflow.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the command reads and writes: standard input (or the console, for hidden passwords),
 * standard output for results, standard error for progress. Tests give it their own streams.
 */
final class Terminal {
  private final BufferedReader in;
  private final PrintStream out;
  private final PrintStream err;
  private final Console console;

  Terminal(InputStream in, PrintStream out, PrintStream err, Console console) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.err = err;
    this.console = console;
  }

  static Terminal system() {
    return new Terminal(System.in, System.out, System.err, System.console());
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** Shows a prompt on standard error and reads a line; empty at the end of input. */
  Optional<String> prompt(String prompt) {
    err.print(prompt);
    err.flush();
    return line();
  }

  /** The next line of standard input, without its line end; empty at the end of input. */
  Optional<String> line() {
    try {
      return Optional.ofNullable(in.readLine());
    } catch (IOException e) {
      throw new UncheckedIOException("standard input could not be read", e);
    }
  }

  /** Reads a secret without echo when there is a console, else a line of standard input. */
  Optional<String> secret(String prompt) {
    if (console != null) {
      char[] chars = console.readPassword("%s", prompt);
      return chars == null ? Optional.empty() : Optional.of(new String(chars));
    }
    return prompt(prompt);
  }

  /** True when a person can answer prompts. */
  boolean interactive() {
    return console != null;
  }
}
