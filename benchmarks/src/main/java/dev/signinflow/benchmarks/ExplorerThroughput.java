package dev.signinflow.benchmarks;

import static dev.signinflow.testkit.explore.DeviceHistory.KNOWN;
import static dev.signinflow.testkit.explore.DeviceHistory.NEW;
import static dev.signinflow.testkit.explore.InstanceSettings.CLIENT_TRUST_EMAIL_CODE;
import static dev.signinflow.testkit.explore.InstanceSettings.EMAIL_LINK;
import static dev.signinflow.testkit.explore.InstanceSettings.LEGACY_EMAIL_LINK;
import static dev.signinflow.testkit.explore.UserProfile.NO_MFA;
import static dev.signinflow.testkit.explore.UserProfile.SMS_MFA;

import dev.signinflow.emulator.FakeFapiServer;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import dev.signinflow.testkit.explore.ExplorationReport;
import dev.signinflow.testkit.explore.FaultPlan;
import dev.signinflow.testkit.explore.Scenario;
import dev.signinflow.testkit.explore.ScenarioMatrix;
import dev.signinflow.testkit.explore.TransitionExplorer;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSignInGateway;
import dev.signinflow.transport.feign.FeignSignInGateway;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Explorer throughput (docs/performance.md §3): sequences per second of the transition explorer, in
 * memory and over HTTP, with wall and process CPU time.
 *
 * <ol>
 *   <li>{@code default}: the build's run — the representative scenarios at depth 6 with the random
 *       walks and resume checks — in memory. Its wall time is held against the 3-minute target.
 *   <li>{@code http} and its baseline {@code memory}, alternating: the seven scenarios of the
 *       differential run at depth 4, without walks or resume checks, once through {@link
 *       FeignSignInGateway} to a {@link FakeFapiServer} on loopback started for each sequence, and
 *       once in memory, the same sequences.
 * </ol>
 *
 * Arguments: rounds (default 3), and {@code skip-default} to leave out the first run.
 */
public final class ExplorerThroughput {
  private ExplorerThroughput() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    boolean withDefault = args.length < 2 || !args[1].equals("skip-default");
    System.out.printf(
        "%d processors, %d rounds%n", Runtime.getRuntime().availableProcessors(), rounds);
    if (withDefault) {
      List<double[]> runs = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        runs.add(
            run(
                "default",
                () -> TransitionExplorer.builder().scenarios(ScenarioMatrix.representative())));
      }
      summarize("default", runs);
    }
    List<double[]> http = new ArrayList<>();
    List<double[]> memory = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      http.add(run("http", () -> differential(OverHttp::new)));
      memory.add(run("memory", () -> differential(FakeSignInGateway::over)));
    }
    double h = summarize("http", http);
    double m = summarize("memory", memory);
    System.out.printf("http/memory sequences per second: %.3f%n", h / m);
  }

  private static TransitionExplorer.Builder differential(
      Function<FakeClerk, SignInGateway> gateway) {
    return TransitionExplorer.builder()
        .scenarios(
            List.of(
                Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, NEW, FaultPlan.NONE),
                Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, KNOWN, FaultPlan.NONE),
                Scenario.of(EMAIL_LINK, NO_MFA, NEW, FaultPlan.NONE),
                Scenario.of(LEGACY_EMAIL_LINK, NO_MFA, NEW, FaultPlan.NONE),
                Scenario.of(CLIENT_TRUST_EMAIL_CODE, SMS_MFA, NEW, FaultPlan.NONE),
                Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, NEW, FaultPlan.SERVER_ERROR),
                Scenario.of(CLIENT_TRUST_EMAIL_CODE, SMS_MFA, NEW, FaultPlan.RATE_LIMITED_PREPARE)))
        .depth(4)
        .randomWalks(0, 0)
        .resumeSampleRate(0)
        .gateway(gateway);
  }

  /** One exploration: {sequences, steps, wall seconds, CPU seconds}. */
  private static double[] run(String name, Supplier<TransitionExplorer.Builder> explorer) {
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    ExplorationReport report = explorer.get().noOutputFiles().build().explore();
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    if (!report.violations().isEmpty()) {
      throw new IllegalStateException(name + ": " + report.violations().size() + " violations");
    }
    System.out.printf(
        "%-8s %,d sequences, %,d steps in %.1f s (CPU %.1f s): %,.0f sequences/s%n",
        name, report.sequences(), report.steps(), wall, cpu, report.sequences() / wall);
    return new double[] {report.sequences(), report.steps(), wall, cpu};
  }

  private static double summarize(String name, List<double[]> runs) {
    double[] rate = runs.stream().mapToDouble(r -> r[0] / r[2]).toArray();
    double[] wall = runs.stream().mapToDouble(r -> r[2]).toArray();
    double[] cpu = runs.stream().mapToDouble(r -> r[3]).toArray();
    System.out.printf(
        "%-8s sequences/s median %,.0f (%,.0f–%,.0f); wall %.1f s (%.1f–%.1f); CPU %.1f s%n",
        name,
        IdleFlowMemory.median(rate),
        IdleFlowMemory.min(rate),
        IdleFlowMemory.max(rate),
        IdleFlowMemory.median(wall),
        IdleFlowMemory.min(wall),
        IdleFlowMemory.max(wall),
        IdleFlowMemory.median(cpu));
    return IdleFlowMemory.median(rate);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The Feign transport to a server of the fake, started for one sequence and closed after it. */
  private static final class OverHttp implements SignInGateway, AutoCloseable {
    private final FakeFapiServer server;
    private final FeignSignInGateway gateway;

    OverHttp(FakeClerk fake) {
      server = FakeFapiServer.builder(fake).maxThreads(4).stopTimeout(Duration.ZERO).start();
      gateway =
          FeignSignInGateway.builder()
              .frontendApi(server.baseUrl().toString())
              .clock(fake.clock())
              .maxAutomaticRetryWait(Duration.ZERO)
              .build();
    }

    @Override
    public GatewayResult<SignIn> createSignIn(
        RequestContext context,
        Optional<ClientToken> token,
        Identifier identifier,
        Password password) {
      return gateway.createSignIn(context, token, identifier, password);
    }

    @Override
    public GatewayResult<SignIn> prepareSecondFactor(
        RequestContext context,
        Optional<ClientToken> token,
        String signInId,
        Factor factor,
        Optional<String> redirect) {
      return gateway.prepareSecondFactor(context, token, signInId, factor, redirect);
    }

    @Override
    public GatewayResult<SignIn> attemptSecondFactor(
        RequestContext context,
        Optional<ClientToken> token,
        String signInId,
        Strategy strategy,
        VerificationCode code) {
      return gateway.attemptSecondFactor(context, token, signInId, strategy, code);
    }

    @Override
    public GatewayResult<SignIn> getSignIn(
        RequestContext context, Optional<ClientToken> token, String signInId) {
      return gateway.getSignIn(context, token, signInId);
    }

    @Override
    public GatewayResult<Session> activateSession(
        RequestContext context, Optional<ClientToken> token, String sessionId) {
      return gateway.activateSession(context, token, sessionId);
    }

    @Override
    public GatewayResult<dev.signinflow.engine.spi.Client> getClient(
        RequestContext context, Optional<ClientToken> token) {
      return gateway.getClient(context, token);
    }

    @Override
    public GatewayResult<SessionToken> createSessionToken(
        RequestContext context,
        Optional<ClientToken> token,
        String sessionId,
        Optional<String> organizationId) {
      return gateway.createSessionToken(context, token, sessionId, organizationId);
    }

    @Override
    public GatewayResult<Session> endSession(
        RequestContext context, Optional<ClientToken> token, String sessionId) {
      return gateway.endSession(context, token, sessionId);
    }

    @Override
    public GatewayResult<Session> removeSession(
        RequestContext context, Optional<ClientToken> token, String sessionId) {
      return gateway.removeSession(context, token, sessionId);
    }

    @Override
    public GatewayResult<dev.signinflow.engine.spi.Client> removeAllSessions(
        RequestContext context, Optional<ClientToken> token) {
      return gateway.removeAllSessions(context, token);
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
