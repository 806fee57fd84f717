package dev.signinflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.transport.fake.FakeClerk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load driver of {@code benchmarks/run-service-node.sh}, small: 20 users and 5 ms of latency
 * against the emulator on loopback, with its default rate limits and a clock that stands still. It
 * checks what the driver counts, never how fast anything was.
 */
class ServiceNodeLoadTest {
  private static final String KEY = "sk_test_Lo4dT3stK3yForTheServiceNode";
  private static final int USERS = 20;
  private static final int SIGN_INS_PER_USER = 3;
  private static final int BASELINE_SIGN_INS = 3;

  private final FakeClerk fake = FakeClerk.builder().secretKey(KEY).build();
  private final FakeFapiServer server = FakeFapiServer.builder(fake).port(0).start();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    server.close();
  }

  private ServiceNodeLoad.Report run(String secretKey) throws InterruptedException {
    ServiceNodeLoad.Config config =
        new ServiceNodeLoad.Config(
            USERS,
            Duration.ofMillis(5),
            Duration.ZERO,
            // Bounds, not expectations: the run ends when every user made its sign-ins.
            Duration.ofMinutes(1),
            SIGN_INS_PER_USER,
            BASELINE_SIGN_INS,
            Duration.ofSeconds(30),
            fake.clock());
    return ServiceNodeLoad.run(
        server.baseUrl(),
        secretKey,
        config,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @Test
  void everyUserSignsInOnNewDevicesWithoutA429() throws InterruptedException {
    ServiceNodeLoad.Report r = run(KEY);

    assertThat(r.load().completed()).isEqualTo(USERS * SIGN_INS_PER_USER);
    assertThat(r.load().failures()).isEmpty();
    assertThat(r.load().stuck()).isZero();
    assertThat(r.baseline().completed()).isEqualTo(BASELINE_SIGN_INS);
    assertThat(r.rateLimited()).isZero();
    // create, prepare, attempt, touch: the floor is four latencies.
    assertThat(r.callsPerSignIn()).isEqualTo(4.0);
    assertThat(r.floorMillis()).isEqualTo(20.0);
    // Without proxy mode the node's own address would have had 5 creates per 10 s.
    assertThat(r.load().gateway().calls()).isEqualTo(4L * USERS * SIGN_INS_PER_USER);
  }

  @Test
  void measuresEverySignInOfTheWindow() throws InterruptedException {
    ServiceNodeLoad.Report r = run(KEY);

    assertThat(r.load().latencies()).hasSize(USERS * SIGN_INS_PER_USER).isSorted();
    assertThat(r.load().completedInWindow()).isEqualTo(USERS * SIGN_INS_PER_USER);
    assertThat(r.peakThreads()).isGreaterThanOrEqualTo(USERS);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("FAPI calls per sign-in: 4.00; floor = 4 calls x 5 ms = 20 ms")
        .contains("no lost or stuck flow: met")
        .contains("429s 0 (0 expected): met");
  }

  @Test
  void aWrongSecretKeyFailsEveryFlowAtItsFirstStepAndIsNeverPrinted() throws InterruptedException {
    String wrong = "sk_test_NotTheEmulatorsKey0123456789";

    ServiceNodeLoad.Report r = run(wrong);

    assertThat(r.load().completed()).isZero();
    assertThat(r.load().failures())
        .containsOnlyKeys(
            "submitPassword: CLERK_ERROR in IDENTIFYING (proxy_request_invalid_secret_key)");
    assertThat(r.load().failed()).isEqualTo(USERS * SIGN_INS_PER_USER);
    assertThat(r.load().stuck()).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("no lost or stuck flow: MISSED")
        .doesNotContain(wrong)
        .doesNotContain(KEY);
  }
}
