package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.DelegatingGateway;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.FlowLease;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.FlowStoreException;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.StoredFlow;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Flows kept in a flow store and addressed by id, as a service on several nodes keeps them: two
 * engines ("nodes") share one store, one token store and one fake. The store here is the in-memory
 * one; store-redis runs the same scenarios on Redis.
 */
class StoredFlowsOverTheFakeTest {
  private static final String ADA = "ada@example.com";
  private static final String PASSWORD = "correct horse battery staple";
  private static final DeviceId LAPTOP = DeviceId.of("laptop-1");

  private final FakeClerk fake = FakeClerk.create();
  private final FlowStore store = FlowStore.inMemory();
  private final ClientTokenStore tokens = ClientTokenStore.inMemory();
  private final AtomicInteger attempts = new AtomicInteger();

  StoredFlowsOverTheFakeTest() {
    fake.addUser(FakeUser.withEmail(ADA).password(PASSWORD));
  }

  private SignInEngine node(SignInGateway gateway, FlowStore flows) {
    return SignInEngine.builder()
        .gateway(gateway)
        .clock(fake.clock())
        .clientTokenStore(tokens)
        .flowStore(flows)
        .random(new Random(gateway.hashCode()))
        .build();
  }

  private SignInEngine node() {
    return node(counting(FakeSignInGateway.over(fake)), store);
  }

  /** Counts the attempts that reach the fake. */
  private SignInGateway counting(SignInGateway gateway) {
    return new DelegatingGateway(gateway) {
      @Override
      public GatewayResult<SignIn> attemptSecondFactor(
          RequestContext context,
          Optional<ClientToken> clientToken,
          String signInId,
          Strategy strategy,
          VerificationCode code) {
        attempts.incrementAndGet();
        return super.attemptSecondFactor(context, clientToken, signInId, strategy, code);
      }
    };
  }

  private String code() {
    return fake.lastCodeSentTo(ADA).orElseThrow();
  }

  @Test
  void aFlowStartedOnOneNodeIsCompletedOnAnother() {
    SignInEngine a = node();
    SignInEngine b = node();

    SignInFlow started = a.startFlow(LAPTOP);
    FlowId id = started.id().orElseThrow();
    assertThat(started.submitPassword(ADA, PASSWORD).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);

    SignInFlow onB = b.flow(FlowId.of(id.value())).orElseThrow();
    assertThat(onB.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(onB.verifyCode(code()).state()).isEqualTo(SignInState.COMPLETE);
    assertThat(onB.finalizeSession().succeeded()).isTrue();

    SignInFlow backOnA = a.flow(id).orElseThrow();
    assertThat(backOnA.state()).isEqualTo(SignInState.COMPLETE);
    assertThat(backOnA.view().session()).isPresent();
  }

  @Test
  void ofFiftyConcurrentEventsOnOneFlowOverTwoNodesExactlyOneApplies() throws Exception {
    CountDownLatch othersDone = new CountDownLatch(49);
    AtomicBoolean first = new AtomicBoolean(true);
    SignInGateway slowFirstAttempt =
        new DelegatingGateway(counting(FakeSignInGateway.over(fake))) {
          @Override
          public GatewayResult<SignIn> attemptSecondFactor(
              RequestContext context,
              Optional<ClientToken> clientToken,
              String signInId,
              Strategy strategy,
              VerificationCode code) {
            if (first.getAndSet(false)) {
              // The winner holds the lease until every other event has been answered.
              await(othersDone);
            }
            return super.attemptSecondFactor(context, clientToken, signInId, strategy, code);
          }
        };
    SignInEngine a = node(slowFirstAttempt, store);
    SignInEngine b = node(slowFirstAttempt, store);
    SignInFlow flow = a.startFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    FlowId id = flow.id().orElseThrow();
    String code = code();

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<StepResult> results = new ArrayList<>();
    try {
      List<Future<StepResult>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        SignInEngine node = i % 2 == 0 ? a : b;
        Callable<StepResult> event =
            () -> {
              StepResult r = node.flow(id).orElseThrow().verifyCode(code);
              if (r.kind() == OutcomeKind.BUSY) {
                othersDone.countDown();
              }
              return r;
            };
        futures.add(pool.submit(event));
      }
      for (Future<StepResult> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(results.stream().filter(r -> r.kind() == OutcomeKind.SUCCESS)).hasSize(1);
    assertThat(results.stream().filter(r -> r.kind() == OutcomeKind.BUSY)).hasSize(49);
    assertThat(attempts.get()).isEqualTo(1);
    assertThat(a.flow(id).orElseThrow().state()).isEqualTo(SignInState.COMPLETE);
    assertThat(store.load(id, fake.clock().instant()).orElseThrow().version()).isEqualTo(3);
  }

  @Test
  void aSlowNodeWhoseLeaseRanOutCannotOverwriteTheFlow() throws Exception {
    CountDownLatch slowInside = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    SignInGateway slow =
        new DelegatingGateway(FakeSignInGateway.over(fake)) {
          @Override
          public GatewayResult<SignIn> getSignIn(
              RequestContext context, Optional<ClientToken> clientToken, String signInId) {
            if (first.getAndSet(false)) {
              slowInside.countDown();
              await(goOn);
            }
            return super.getSignIn(context, clientToken, signInId);
          }
        };
    SignInEngine slowNode = node(slow, store);
    SignInEngine fastNode = node();
    SignInFlow flow = fastNode.startFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    FlowId id = flow.id().orElseThrow();

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<StepResult> stale = pool.submit(() -> slowNode.flow(id).orElseThrow().refresh());
      assertThat(slowInside.await(10, TimeUnit.SECONDS)).isTrue();
      fake.clock().advance(SignInEngine.DEFAULT_FLOW_LEASE.plusSeconds(1));
      StepResult fresh = fastNode.flow(id).orElseThrow().verifyCode(code());
      goOn.countDown();

      assertThat(fresh.state()).isEqualTo(SignInState.COMPLETE);
      StepResult r = stale.get(10, TimeUnit.SECONDS);
      assertThat(r.kind()).isEqualTo(OutcomeKind.BUSY);
    } finally {
      goOn.countDown();
      pool.shutdownNow();
    }
    assertThat(fastNode.flow(id).orElseThrow().state()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void aStoreThatFailsGivesUnavailableAndLosesNothing() {
    AtomicBoolean down = new AtomicBoolean(false);
    SignInEngine engine = node(FakeSignInGateway.over(fake), new FailingStore(store, down));
    SignInFlow flow = engine.startFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    FlowId id = flow.id().orElseThrow();
    String code = code();

    down.set(true);
    StepResult failed = flow.verifyCode(code);

    assertThat(failed).isInstanceOf(StepResult.StoreUnavailable.class);
    assertThat(failed.kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(failed.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(failed.toString()).doesNotContain(code);
    assertThat(attempts.get()).isZero();
    assertThatThrownBy(() -> engine.flow(id)).isInstanceOf(FlowStoreException.class);

    down.set(false);
    assertThat(engine.flow(id).orElseThrow().verifyCode(code).state())
        .isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void anExpiredOrUnknownFlowIsNotFoundNeverAWrongState() {
    SignInEngine engine = node();
    SignInFlow flow = engine.startFlow(LAPTOP);
    FlowId id = flow.id().orElseThrow();

    assertThat(engine.flow(FlowId.random(new Random(1)))).isEmpty();
    fake.clock().advance(SignInEngine.FLOW_LIFETIME);

    assertThat(engine.flow(id)).isEmpty();
    StepResult r = flow.submitPassword(ADA, PASSWORD);
    assertThat(r).isInstanceOf(StepResult.FlowNotFound.class);
    assertThat(r.kind()).isEqualTo(OutcomeKind.FLOW_NOT_FOUND);
    assertThat(r.errors().global()).extracting(e -> e.code()).containsExactly("flow_not_found");
  }

  @Test
  void theStoredSnapshotHoldsNoSecret() {
    SignInEngine engine = node();
    SignInFlow flow = engine.startFlow(LAPTOP);
    flow.submitPassword(ADA, PASSWORD);
    String code = code();
    flow.verifyCode(code);
    Instant now = fake.clock().instant();

    String json =
        store.load(flow.id().orElseThrow(), now).map(StoredFlow::snapshotJson).orElseThrow();
    assertThat(json).doesNotContain(PASSWORD).doesNotContain(code);
    assertThat(json).doesNotContain(tokens.load(LAPTOP).orElseThrow().reveal());
    assertThat(flow.toString()).contains("FlowId[").doesNotContain(flow.id().get().value());
  }

  @Test
  void anEventThatChangesNothingDoesNotBumpTheVersion() {
    SignInEngine engine = node();
    SignInFlow flow = engine.startFlow(LAPTOP);
    FlowId id = flow.id().orElseThrow();

    StepResult r = flow.submitPassword("", "");

    assertThat(r.kind()).isEqualTo(OutcomeKind.INVALID_INPUT);
    assertThat(store.load(id, fake.clock().instant()).orElseThrow().version()).isEqualTo(1);
    assertThat(flow.submitPassword(ADA, PASSWORD).kind()).isEqualTo(OutcomeKind.SUCCESS);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out waiting");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A store that throws {@link FlowStoreException} while {@code down} is set. */
  private static final class FailingStore implements FlowStore {
    private final FlowStore delegate;
    private final AtomicBoolean down;

    FailingStore(FlowStore delegate, AtomicBoolean down) {
      this.delegate = delegate;
      this.down = down;
    }

    private void check() {
      if (down.get()) {
        throw new FlowStoreException("connection refused (test)");
      }
    }

    @Override
    public void create(FlowId id, String snapshotJson, Instant expiresAt, Instant now) {
      check();
      delegate.create(id, snapshotJson, expiresAt, now);
    }

    @Override
    public Optional<StoredFlow> load(FlowId id, Instant now) {
      check();
      return delegate.load(id, now);
    }

    @Override
    public LeaseResult lease(FlowId id, Instant now, Instant until) {
      check();
      return delegate.lease(id, now, until);
    }

    @Override
    public boolean commit(FlowLease lease, String snapshotJson, Instant expiresAt, Instant now) {
      check();
      return delegate.commit(lease, snapshotJson, expiresAt, now);
    }

    @Override
    public void release(FlowLease lease) {
      check();
      delegate.release(lease);
    }

    @Override
    public void delete(FlowId id) {
      check();
      delegate.delete(id);
    }
  }
}
