package dev.signinflow.benchmarks;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.FakeSettings;
import dev.signinflow.transport.fake.FakeUser;
import java.time.Clock;
import java.time.Duration;

/**
 * The emulator under load, in its own process: rate limits and the resend cooldown off, one test
 * identity ({@link #USER}, whose codes are always {@link FakeClerk#TEST_CODE}). Prints {@code ready
 * <url>} and serves until killed. Argument: the port (default 4011).
 */
public final class BenchEmulator {
  static final String USER = "bench+clerk_test@example.com";
  static final String PASSWORD = "correct horse battery staple";

  private BenchEmulator() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 4011;
    FakeFapiServer server = FakeFapiServer.builder(fake()).port(port).start();
    System.out.println("ready " + server.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The fake behind the emulator under load, with {@link #USER} in it. */
  static FakeClerk fake() {
    FakeSettings settings =
        FakeSettings.defaults().toBuilder()
            .rateLimitWindow(Duration.ZERO)
            .resendCooldown(Duration.ZERO)
            .testIdentities(true)
            .build();
    FakeClerk fake =
        FakeClerk.builder()
            .clock(FakeClock.following(Clock.systemUTC()))
            .settings(settings)
            .build();
    fake.addUser(FakeUser.withEmail(USER).password(PASSWORD).firstName("Bench"));
    return fake;
  }
}
