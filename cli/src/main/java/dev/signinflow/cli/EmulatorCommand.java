package dev.signinflow.cli;

import dev.signinflow.emulator.DemoSeed;
import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.emulator.FakeSettingsJson;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.FakeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code signin emulator}: runs the fake Frontend API in the foreground until interrupted. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = "Runs the Clerk Frontend API emulator (FakeFapiServer) until Ctrl-C.")
final class EmulatorCommand implements Callable<Integer> {
  enum Seed {
    demo,
    none
  }

  private final Terminal terminal;

  EmulatorCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Option(
      names = "--port",
      defaultValue = "4010",
      description = "the port on 127.0.0.1 (0: any free one; default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--seed",
      defaultValue = "demo",
      description = "users to start with: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  Seed seed;

  @Option(
      names = "--max-clients",
      paramLabel = "N",
      defaultValue = "" + FakeClerk.DEFAULT_MAX_CLIENTS,
      description =
          "clients (devices) kept at most; the least recently used is forgotten as if expired"
              + " (default ${DEFAULT-VALUE})")
  int maxClients;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      description = "instance settings as JSON (see docs/emulator.md)")
  Path settingsFile;

  @Option(
      names = "--allow-origin",
      paramLabel = "URL",
      description =
          "an origin, such as http://localhost:5173, whose browser pages may call the control"
              + " plane (CORS); repeatable; by default none may")
  List<String> allowOrigins = new ArrayList<>();

  @Option(
      names = "--secret-key",
      paramLabel = "KEY",
      description =
          "the instance's secret key (sk_test_... or sk_live_...) that proxy requests must carry"
              + " in Clerk-Secret-Key; shown only redacted; by default none (proxy requests are"
              + " refused)")
  String secretKey;

  @Override
  public Integer call() throws InterruptedException {
    if (maxClients < 1) {
      terminal
          .err()
          .println("signin emulator: --max-clients must be at least 1, not " + maxClients);
      return Signin.USAGE;
    }
    FakeSettings settings = FakeSettings.defaults();
    if (settingsFile != null) {
      try {
        settings =
            FakeSettingsJson.apply(
                settings, Files.readString(settingsFile, StandardCharsets.UTF_8));
      } catch (IOException e) {
        terminal
            .err()
            .println(
                TerminalText.safe(
                    "signin emulator: cannot read " + settingsFile + ": " + e.getMessage()));
        return Signin.USAGE;
      } catch (IllegalArgumentException e) {
        // The message may quote the settings file: escaped.
        terminal
            .err()
            .println(TerminalText.safe("signin emulator: " + settingsFile + ": " + e.getMessage()));
        return Signin.USAGE;
      }
    }
    // A person drives this one: its clock runs with the system's, and codes are unpredictable.
    FakeClerk fake =
        FakeClerk.builder()
            .clock(FakeClock.following(Clock.systemUTC()))
            .random(new Random(new SecureRandom().nextLong()))
            .settings(settings)
            .maxClients(maxClients)
            .build();
    if (seed == Seed.demo) {
      DemoSeed.plant(fake);
    }
    FakeFapiServer.Builder builder = FakeFapiServer.builder(fake);
    try {
      builder.port(port);
      for (String origin : allowOrigins) {
        builder.allowOrigin(origin);
      }
      if (secretKey != null) {
        // Its message never repeats the key.
        builder.secretKey(secretKey);
      }
    } catch (IllegalArgumentException e) {
      // The message may quote an --allow-origin argument: escaped.
      terminal.err().println(TerminalText.safe("signin emulator: " + e.getMessage()));
      return Signin.USAGE;
    }
    FakeFapiServer server;
    try {
      server = builder.start();
    } catch (IllegalStateException e) {
      terminal.err().println("signin emulator: cannot listen on 127.0.0.1:" + port + " (in use?)");
      return Signin.UNAVAILABLE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "signin-emulator-stop"));
    terminal.out().println("Frontend API:  " + server.baseUrl());
    terminal.out().println("Control plane: " + server.controlUrl());
    terminal.out().flush();
    if (seed == Seed.demo) {
      terminal
          .err()
          .println(
              "Demo users (password \""
                  + DemoSeed.PASSWORD
                  + "\"): "
                  + DemoSeed.ADA
                  + ", "
                  + DemoSeed.GRACE
                  + " (TOTP secret "
                  + DemoSeed.GRACE_TOTP_SECRET
                  + "), "
                  + DemoSeed.SMS_USER);
    }
    fake.secretKeyRedacted()
        .ifPresent(k -> terminal.err().println("Secret key:    " + k + " (for proxy requests)"));
    terminal.err().println("Press Ctrl-C to stop.");
    stopped.await();
    return Signin.OK;
  }
}
