package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSignInGateway;
import dev.signinflow.transport.fake.FakeUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two engines — two nodes of one service, in one JVM here — sharing one Redis (a single node or a
 * cluster) and one fake Clerk: a flow moves between them, and races on one flow are settled by the
 * store's lease.
 */
@RealRedis
class TwoEnginesOneRedisTest {
  static final String ADA = "ada@example.com";
  static final String PASSWORD = "correct horse battery staple";

  enum Redis {
    SINGLE_NODE,
    CLUSTER
  }

  private final FakeClerk fake = FakeClerk.create();
  private final Gate gate = new Gate();
  private final String prefix = SharedRedis.prefix();
  private final List<ExecutorService> pools = new ArrayList<>();

  TwoEnginesOneRedisTest() {
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
  }

  @AfterEach
  void stopPools() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  private SignInEngine engine(Redis redis) {
    SignInEngine.Builder b =
        SignInEngine.builder()
            .gateway(gate.around(FakeSignInGateway.over(fake)))
            .clock(fake.clock())
            .flowLease(Duration.ofSeconds(30));
    if (redis == Redis.SINGLE_NODE) {
      var c = SharedRedis.standalone().connection();
      b.flowStore(RedisFlowStore.builder(c).keyPrefix(prefix).build())
          .clientTokenStore(
              RedisClientTokenStore.builder(c, TestKeys.RING).keyPrefix(prefix).build())
          .sessionTokenCache(
              RedisSessionTokenCache.builder(c, TestKeys.RING)
                  .keyPrefix(prefix)
                  .clock(fake.clock())
                  .build());
    } else {
      var c = SharedRedis.cluster().connection();
      b.flowStore(RedisFlowStore.builder(c).keyPrefix(prefix).build())
          .clientTokenStore(
              RedisClientTokenStore.builder(c, TestKeys.RING).keyPrefix(prefix).build())
          .sessionTokenCache(
              RedisSessionTokenCache.builder(c, TestKeys.RING)
                  .keyPrefix(prefix)
                  .clock(fake.clock())
                  .build());
    }
    return b.build();
  }

  private RedisClientTokenStore tokens(Redis redis) {
    return (redis == Redis.SINGLE_NODE
            ? RedisClientTokenStore.builder(SharedRedis.standalone().connection(), TestKeys.RING)
            : RedisClientTokenStore.builder(SharedRedis.cluster().connection(), TestKeys.RING))
        .keyPrefix(prefix)
        .build();
  }

  private FlowId awaitingCode(SignInEngine node, DeviceId device) {
    SignInFlow flow = node.startFlow(device);
    assertThat(flow.submitPassword(ADA, PASSWORD).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    return flow.id().orElseThrow();
  }

  private String code() {
    return fake.lastCodeSentTo(ADA).orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(Redis.class)
  void aFlowStartedOnOneNodeIsCompletedOnTheOther(Redis redis) {
    SignInEngine a = engine(redis);
    SignInEngine b = engine(redis);
    DeviceId device = DeviceId.of("ada-laptop");
    FlowId id = awaitingCode(a, device);

    StepResult verified = b.flow(id).orElseThrow().verifyCode(code());
    StepResult finalized = a.flow(id).orElseThrow().finalizeSession();

    assertThat(verified.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(finalized.kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(a.flow(id).orElseThrow().view().session()).isPresent();
    // Node B minted the session token; node A gets the same one from the shared cache.
    SessionResult<SessionToken> onB = b.sessionToken(device);
    SessionResult<SessionToken> onA = a.sessionToken(device);
    assertThat(onB).isInstanceOf(SessionResult.Ok.class);
    assertThat(((SessionResult.Ok<SessionToken>) onA).value())
        .isEqualTo(((SessionResult.Ok<SessionToken>) onB).value());
    // The device's client token, sealed in Redis, is the one Clerk now knows as Ada's device...
    ClientToken token = tokens(redis).load(device).orElseThrow();
    assertThat(fake.isKnownDevice(fake.userId(ADA).orElseThrow(), token.reveal())).isTrue();
    // ...so the device is trusted, whichever node it comes back to.
    StepResult again = b.startFlow(device).submitPassword(ADA, PASSWORD);
    assertThat(again.state()).isEqualTo(SignInState.COMPLETE);
  }

  @ParameterizedTest
  @EnumSource(Redis.class)
  void ofFiftyConcurrentEventsOnOneFlowOverBothNodesExactlyOneApplies(Redis redis)
      throws Exception {
    SignInEngine a = engine(redis);
    SignInEngine b = engine(redis);
    FlowId id = awaitingCode(a, DeviceId.of("ada-laptop"));
    String code = code();
    int n = 50;
    // The first event to lease the flow is held at the server until the other 49 are answered,
    // so they all find the flow leased: no timing decides the outcome.
    gate.arm();
    CountDownLatch othersAnswered = new CountDownLatch(n - 1);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    pools.add(pool);
    List<Future<StepResult>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SignInEngine node = i % 2 == 0 ? a : b;
      Callable<StepResult> event =
          () -> {
            start.await(30, TimeUnit.SECONDS);
            StepResult r = node.flow(id).orElseThrow().verifyCode(code);
            if (r.kind() == OutcomeKind.BUSY) {
              othersAnswered.countDown();
            }
            return r;
          };
      results.add(pool.submit(event));
    }
    start.countDown();
    assertThat(gate.awaitHeld(30)).as("one event reached the server").isTrue();
    assertThat(othersAnswered.await(30, TimeUnit.SECONDS)).as("49 answered BUSY").isTrue();
    gate.open();

    Map<OutcomeKind, Integer> kinds = new EnumMap<>(OutcomeKind.class);
    for (Future<StepResult> f : results) {
      kinds.merge(f.get(30, TimeUnit.SECONDS).kind(), 1, Integer::sum);
    }
    assertThat(kinds)
        .containsOnly(Map.entry(OutcomeKind.SUCCESS, 1), Map.entry(OutcomeKind.BUSY, 49));
    assertThat(gate.attempts()).isEqualTo(1);
    assertThat(b.flow(id).orElseThrow().state()).isEqualTo(SignInState.COMPLETE);
  }

  @ParameterizedTest
  @EnumSource(Redis.class)
  void aNodeWhoseLeaseRanOutCannotSaveOverTheNodeThatTookTheFlow(Redis redis) throws Exception {
    SignInEngine a = engine(redis);
    SignInEngine b = engine(redis);
    FlowId id = awaitingCode(a, DeviceId.of("ada-laptop"));
    String code = code();
    gate.arm();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pools.add(pool);

    // Node A's right code is accepted by the server, but the answer is slow to come back: its
    // 30 s lease runs out meanwhile...
    Future<StepResult> slow = pool.submit(() -> a.flow(id).orElseThrow().verifyCode(code));
    assertThat(gate.awaitHeld(30)).isTrue();
    fake.clock().advance(Duration.ofSeconds(31));
    // ...node B takes the flow and the user starts over...
    StepResult fast = b.flow(id).orElseThrow().reset();
    gate.open();
    StepResult stale = slow.get(30, TimeUnit.SECONDS);

    // ...and node A's late COMPLETE is not saved over node B's state.
    assertThat(fast.state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(stale.kind()).isEqualTo(OutcomeKind.BUSY);
    assertThat(a.flow(id).orElseThrow().state()).isEqualTo(SignInState.IDENTIFYING);
    assertThat(gate.attempts()).isEqualTo(1);
  }
}
