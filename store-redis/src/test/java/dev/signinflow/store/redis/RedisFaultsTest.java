package dev.signinflow.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.FlowStoreException;
import dev.signinflow.engine.spi.StoredFlow;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeSignInGateway;
import dev.signinflow.transport.fake.FakeUser;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Redis failing under a running service: paused (SIGSTOP, as a stalled server or a long fork looks
 * to a client), crashed (SIGKILL) and restarted with its data (AOF), or restarted empty. Each test
 * has a server of its own. The store's command timeout is 1 s here, so a paused server is noticed
 * quickly.
 */
@RealRedis
class RedisFaultsTest {
  private static final String ADA = TwoEnginesOneRedisTest.ADA;
  private static final String PASSWORD = TwoEnginesOneRedisTest.PASSWORD;
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final DeviceId DEVICE = DeviceId.of("ada-laptop");

  private final FakeClerk fake = FakeClerk.create();
  private final Gate gate = new Gate();
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private RedisServer server;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisFlowStore flows;
  private RedisClientTokenStore tokens;
  private RedisSessionTokenCache sessions;
  private SignInEngine engine;

  RedisFaultsTest() {
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
  }

  /**
   * A server of this test's own; with {@code keepData}, every write is in its AOF at once. The
   * engine keeps flows, client tokens and session tokens on it.
   */
  private void start(boolean keepData) {
    start(keepData, true);
  }

  /**
   * As above; without {@code tokensOnRedis} the engine keeps client tokens in memory, so that a
   * test sees what the flow store alone does when Redis fails in the middle of an event (see {@link
   * #withTokensOnRedisAFailedTokenSaveAfterClerkAnsweredIsUnavailable}).
   */
  private void start(boolean keepData, boolean tokensOnRedis) {
    server =
        keepData
            ? RedisServer.start("--appendonly", "yes", "--appendfsync", "always")
            : RedisServer.start();
    client = SharedRedis.client(server.uri());
    connection = client.connect();
    flows = RedisFlowStore.builder(connection).commandTimeout(TIMEOUT).build();
    tokens =
        RedisClientTokenStore.builder(connection, TestKeys.RING).commandTimeout(TIMEOUT).build();
    sessions =
        RedisSessionTokenCache.builder(connection, TestKeys.RING)
            .commandTimeout(TIMEOUT)
            .clock(fake.clock())
            .build();
    engine =
        SignInEngine.builder()
            .gateway(gate.around(FakeSignInGateway.over(fake)))
            .clock(fake.clock())
            .flowStore(flows)
            .clientTokenStore(tokensOnRedis ? tokens : ClientTokenStore.inMemory())
            .sessionTokenCache(sessions)
            .build();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    if (connection != null) {
      connection.close();
      client.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Waits (at most 15 s) until the client has reconnected to the restarted server: on Lettuce's
   * connection-activated event, not by polling.
   */
  private void awaitReconnected() throws InterruptedException {
    CompletableFuture<Void> activated = new CompletableFuture<>();
    Disposable events =
        client
            .getResources()
            .eventBus()
            .get()
            .filter(e -> e instanceof ConnectionActivatedEvent)
            .subscribe(e -> activated.complete(null));
    try {
      if (!connection.isOpen()) {
        activated.get(15, TimeUnit.SECONDS);
      }
      assertThat(connection.sync().ping()).isEqualTo("PONG");
    } catch (TimeoutException | ExecutionException e) {
      throw new AssertionError("the client did not reconnect:\n" + server.lastLog(), e);
    } finally {
      events.dispose();
    }
  }

  private SignInFlow awaitingCode() {
    SignInFlow flow = engine.startFlow(DEVICE);
    assertThat(flow.submitPassword(ADA, PASSWORD).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    return flow;
  }

  private String code() {
    return fake.lastCodeSentTo(ADA).orElseThrow();
  }

  private StoredFlow stored(SignInFlow flow) {
    return flows.load(flow.id().orElseThrow(), fake.clock().instant()).orElseThrow();
  }

  @Test
  void aPausedRedisMakesTheEventUnavailableWritesNothingAndTheFlowGoesOnOnceItResumes() {
    start(false);
    SignInFlow flow = awaitingCode();
    StoredFlow before = stored(flow);

    server.pause();
    StepResult during;
    try {
      during = flow.verifyCode(code());
    } finally {
      server.resume();
    }

    assertThat(during.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(during.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(gate.attempts()).as("nothing reached Clerk").isZero();
    // The lease Redis ran late was given back behind it: the flow is as it was, and free.
    assertThat(stored(flow)).isEqualTo(before);
    StepResult after = flow.verifyCode(code());
    assertThat(after.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(gate.attempts()).isEqualTo(1);
  }

  @Test
  void aSaveWhoseAnswerWasLostWhileRedisPausedIsAppliedWholeAndFreesTheFlow() throws Exception {
    start(false, false);
    SignInFlow flow = awaitingCode();
    StoredFlow before = stored(flow);
    gate.arm();

    Future<StepResult> event = pool.submit(() -> flow.verifyCode(code()));
    assertThat(gate.awaitHeld(30)).isTrue();
    server.pause();
    StepResult during;
    try {
      gate.open();
      during = event.get(30, TimeUnit.SECONDS);
    } finally {
      server.resume();
    }

    // The event's result is unknown to the engine (UNAVAILABLE), but Redis ran the save it had
    // received when it resumed: all of it, and the lease ended with it.
    assertThat(during.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    StoredFlow after = stored(flow);
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(engine.flow(flow.id().orElseThrow()).orElseThrow().state())
        .isEqualTo(SignInState.COMPLETE);
    assertThat(engine.flow(flow.id().orElseThrow()).orElseThrow().finalizeSession().kind())
        .isEqualTo(OutcomeKind.SUCCESS);
  }

  @Test
  void aCrashedRedisMakesEventsAndTokensUnavailableAndTheFlowGoesOnOnceItIsBackWithItsData()
      throws Exception {
    start(true);
    SignInFlow flow = awaitingCode();
    StoredFlow before = stored(flow);

    server.kill();
    StepResult during = flow.verifyCode(code());
    assertThatThrownBy(() -> tokens.load(DEVICE))
        .isInstanceOfSatisfying(
            TokenStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.UNAVAILABLE));
    assertThatThrownBy(() -> sessions.get(DEVICE)).isInstanceOf(TokenStoreException.class);
    // Lettuce words a lost server differently from run to run ("not connected",
    // "RedisException", "Connection closed"): the type is what is promised.
    assertThatThrownBy(() -> engine.flow(flow.id().orElseThrow()))
        .isInstanceOf(FlowStoreException.class);
    server.restart();
    awaitReconnected();

    assertThat(during.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(gate.attempts()).isZero();
    assertThat(stored(flow)).isEqualTo(before);
    assertThat(flow.verifyCode(code()).state()).isEqualTo(SignInState.COMPLETE);
    assertThat(tokens.load(DEVICE)).isPresent();
  }

  @Test
  void aCrashBetweenTheServersAnswerAndTheSaveLeavesTheFlowAsItWasLeasedUntilTheLeaseEnds()
      throws Exception {
    start(true, false);
    SignInFlow flow = awaitingCode();
    StoredFlow before = stored(flow);
    gate.arm();

    // Clerk accepts the code; Redis dies before the engine saves it.
    Future<StepResult> event = pool.submit(() -> flow.verifyCode(code()));
    assertThat(gate.awaitHeld(30)).isTrue();
    server.kill();
    gate.open();
    StepResult during = event.get(30, TimeUnit.SECONDS);
    server.restart();
    awaitReconnected();

    assertThat(during.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    // Nothing half-written: the state before the event, still leased by the node that failed.
    assertThat(stored(flow)).isEqualTo(before);
    assertThat(flow.refresh().kind()).isEqualTo(OutcomeKind.BUSY);
    fake.clock().advance(SignInEngine.DEFAULT_FLOW_LEASE.plusSeconds(1));
    // Once the lease ends, asking Clerk again finds the sign-in complete.
    assertThat(flow.refresh().state()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void aLeaseTheStoreLostIsFencedAfterARestartWithData() throws Exception {
    start(true);
    Instant t0 = fake.clock().instant();
    FlowId id = FlowId.of("fault-flow-0123456789");
    flows.create(id, "{\"v\":1}", t0.plus(Duration.ofHours(1)), t0);
    FlowStore.Leased slow = (FlowStore.Leased) flows.lease(id, t0, t0.plusSeconds(60));

    server.kill();
    assertThatThrownBy(() -> flows.commit(slow.lease(), "{\"v\":2}", t0.plusSeconds(3600), t0))
        .isInstanceOf(FlowStoreException.class)
        .hasMessageNotContaining("\"v\"");
    server.restart();
    awaitReconnected();

    assertThat(flows.load(id, t0).orElseThrow().snapshotJson()).isEqualTo("{\"v\":1}");
    assertThat(flows.lease(id, t0.plusSeconds(1), t0.plusSeconds(61)))
        .isInstanceOf(FlowStore.Held.class);
    Instant later = t0.plusSeconds(61);
    FlowStore.Leased fresh = (FlowStore.Leased) flows.lease(id, later, later.plusSeconds(60));
    assertThat(fresh.lease().fence()).isGreaterThan(slow.lease().fence());
    assertThat(flows.commit(slow.lease(), "{\"v\":\"stale\"}", t0.plusSeconds(3600), later))
        .isFalse();
    assertThat(flows.commit(fresh.lease(), "{\"v\":2}", t0.plusSeconds(3600), later)).isTrue();
  }

  @Test
  void aRedisRestartedEmptyForgetsTheFlowAndTheDeviceIsNewAgain() throws Exception {
    start(false);
    SignInFlow first = awaitingCode();
    assertThat(first.verifyCode(code()).state()).isEqualTo(SignInState.COMPLETE);
    // The device is trusted: another sign-in needs no code.
    SignInFlow pending = engine.startFlow(DEVICE);
    assertThat(engine.startFlow(DEVICE).submitPassword(ADA, PASSWORD).state())
        .isEqualTo(SignInState.COMPLETE);
    ClientToken trusted = tokens.load(DEVICE).orElseThrow();

    server.kill();
    server.restartEmpty();
    awaitReconnected();

    assertThat(engine.flow(pending.id().orElseThrow())).isEmpty();
    StepResult gone = pending.submitPassword(ADA, PASSWORD);
    assertThat(gone).isInstanceOf(StepResult.FlowNotFound.class);
    assertThat(tokens.load(DEVICE)).isEmpty();
    // Without its client token the device is new to Clerk: Client Trust asks for a code again.
    assertThat(engine.startFlow(DEVICE).submitPassword(ADA, PASSWORD).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(tokens.load(DEVICE).orElseThrow()).isNotEqualTo(trusted);
  }

  @Test
  void withTokensOnRedisAFailedTokenSaveAfterClerkAnsweredIsUnavailable() throws Exception {
    start(true);
    SignInFlow flow = awaitingCode();
    StoredFlow before = stored(flow);
    gate.arm();

    Future<StepResult> event = pool.submit(() -> flow.verifyCode(code()));
    assertThat(gate.awaitHeld(30)).isTrue();
    server.kill();
    gate.open();
    StepResult during = event.get(30, TimeUnit.SECONDS);
    server.restart();
    awaitReconnected();

    assertThat(during.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(stored(flow)).isEqualTo(before);
  }

  @Test
  void withRedisDownTheEnginesSessionCallsAnswerUnavailable() {
    start(false);
    server.kill();

    SessionResult<?> token = engine.sessionToken(DEVICE);

    assertThat(token).isInstanceOf(SessionResult.Failed.class);
    assertThat(((SessionResult.Failed<?>) token).kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
  }
}
