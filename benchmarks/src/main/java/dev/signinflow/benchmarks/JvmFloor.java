package dev.signinflow.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The start-up baseline: a JVM that prints the demo's first prompt at once and reads a line, with
 * no framework loaded.
 */
public final class JvmFloor {
  private JvmFloor() {}

  public static void main(String[] args) throws IOException {
    System.err.print("Email [ada@example.com]: ");
    System.err.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }
}
