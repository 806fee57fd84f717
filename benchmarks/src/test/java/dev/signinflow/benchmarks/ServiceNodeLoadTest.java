package dev.signinflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.transport.fake.FakeClerk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The load driver of {@code benchmarks/run-service-node.sh}, small: 20 users and 5 ms of latency
 * against the emulator on loopback, with its default rate limits and a clock that stands still;
 * think time passes without waiting. One run, read by each test. It checks what the driver counts,
 * never how fast anything was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceNodeLoadTest {
  private static final String KEY = "sk_test_Lo4dT3stK3yForTheServiceNode";
  private static final int USERS = 20;
  private static final int SIGN_INS_PER_USER = 3;
  private static final int BASELINE_SIGN_INS = 3;
  private static final Duration THINK = Duration.ofSeconds(5);

  private final FakeClerk fake = FakeClerk.builder().secretKey(KEY).build();
  private final FakeFapiServer server = FakeFapiServer.builder(fake).port(0).start();
  private final List<Duration> thought = Collections.synchronizedList(new ArrayList<>());
  private ServiceNodeLoad.Report report;
  private String printed;

  @BeforeAll
  void runTheDriver() throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report = run(server, KEY, new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private ServiceNodeLoad.Report run(FakeFapiServer emulator, String secretKey, PrintStream out)
      throws InterruptedException {
    ServiceNodeLoad.Config config =
        new ServiceNodeLoad.Config(
            USERS,
            Duration.ofMillis(5),
            Duration.ZERO,
            // Bounds, not expectations: a phase ends when every user made its sign-ins.
            Duration.ofMinutes(1),
            THINK,
            SIGN_INS_PER_USER,
            BASELINE_SIGN_INS,
            Duration.ofSeconds(30),
            emulator.fake().clock(),
            thought::add);
    return ServiceNodeLoad.run(emulator.baseUrl(), secretKey, config, out);
  }

  @Test
  void everyUserSignsInOnNewDevicesInEveryPhase() {
    assertThat(report.saturated().completed()).isEqualTo(USERS * SIGN_INS_PER_USER);
    assertThat(report.paced().completed()).isEqualTo(USERS * SIGN_INS_PER_USER);
    assertThat(report.baseline().completed()).isEqualTo(BASELINE_SIGN_INS);
    assertThat(report.phases()).allSatisfy(p -> assertThat(p.failures()).isEmpty());
    assertThat(report.phases()).allSatisfy(p -> assertThat(p.stuck()).isZero());
    assertThat(printed).contains("no lost or stuck flow: met");
  }

  @Test
  void noUserIsRateLimitedBehindTheNode() {
    // Each sign-in comes from its own address; without proxy mode all of them would count
    // against the node's, and the sixth create within 10 s would be a 429.
    assertThat(report.rateLimited()).isZero();
    assertThat(printed).contains("429s 0 (0 expected): met");
  }

  @Test
  void countsFourFapiCallsPerSignIn() {
    // create, prepare, attempt, touch: the floor is four latencies.
    assertThat(report.callsPerSignIn()).isEqualTo(4.0);
    assertThat(report.floorMillis()).isEqualTo(20.0);
    assertThat(report.saturated().gateway().calls()).isEqualTo(4L * USERS * SIGN_INS_PER_USER);
    assertThat(printed).contains("FAPI calls per sign-in: 4.00; floor = 4 calls x 5 ms = 20 ms");
  }

  @Test
  void measuresEverySignInOfTheWindow() {
    assertThat(report.saturated().latencies()).hasSize(USERS * SIGN_INS_PER_USER).isSorted();
    assertThat(report.saturated().completedInWindow()).isEqualTo(USERS * SIGN_INS_PER_USER);
    assertThat(report.paced().latencies()).hasSize(USERS * SIGN_INS_PER_USER);
    assertThat(report.baseline().latencies()).hasSize(BASELINE_SIGN_INS);
    assertThat(report.peakThreads()).isGreaterThanOrEqualTo(USERS);
  }

  @Test
  void pacedUsersThinkOncePerSignInAfterAStartSpreadOverOneThinkTime() {
    assertThat(thought).hasSize(USERS + USERS * SIGN_INS_PER_USER);
    assertThat(thought)
        .allSatisfy(
            d -> assertThat(d).isBetween(Duration.ZERO, THINK.multipliedBy(3).dividedBy(2)));
  }

  @Test
  void aWrongSecretKeyFailsEveryFlowAtItsFirstStepAndIsNeverPrinted() throws InterruptedException {
    String wrong = "sk_test_NotTheEmulatorsKey0123456789";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServiceNodeLoad.Report r;
    try (FakeFapiServer other =
        FakeFapiServer.builder(FakeClerk.builder().secretKey(KEY).build()).port(0).start()) {
      r = run(other, wrong, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    assertThat(r.saturated().completed()).isZero();
    assertThat(r.saturated().failures())
        .containsOnlyKeys(
            "submitPassword: CLERK_ERROR in IDENTIFYING (proxy_request_invalid_secret_key)");
    assertThat(r.saturated().failed()).isEqualTo(USERS * SIGN_INS_PER_USER);
    assertThat(r.phases()).allSatisfy(p -> assertThat(p.stuck()).isZero());
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("no lost or stuck flow: MISSED")
        .doesNotContain(wrong)
        .doesNotContain(KEY);
  }
}
