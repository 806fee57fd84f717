package dev.signinflow.transport.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.DelegatingGateway;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
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
    assertThat(failed.errors().global())
        .extracting(ClerkError::code)
        .containsExactly("store_unavailable");
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
    assertThat(r.state()).isEqualTo(SignInState.IDENTIFYING);
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

  /**
   * A store that throws {@link FlowStoreException} on the named operations (on all when none is
   * named) while {@code down} is set, and records how long each lease is asked for.
   */
  private static final class FailingStore implements FlowStore {
    private final FlowStore delegate;
    private final AtomicBoolean down;
    private final Set<String> operations;
    private final List<Duration> leaseTimes = new CopyOnWriteArrayList<>();

    FailingStore(FlowStore delegate, AtomicBoolean down, String... operations) {
      this.delegate = delegate;
      this.down = down;
      this.operations = Set.of(operations);
    }

    private void check(String operation) {
      if (down.get() && (operations.isEmpty() || operations.contains(operation))) {
        throw new FlowStoreException("connection refused (test)");
      }
    }

    @Override
    public void create(FlowId id, String snapshotJson, Instant expiresAt, Instant now) {
      check("create");
      delegate.create(id, snapshotJson, expiresAt, now);
    }

    @Override
    public Optional<StoredFlow> load(FlowId id, Instant now) {
      check("load");
      return delegate.load(id, now);
    }

    @Override
    public LeaseResult lease(FlowId id, Instant now, Instant until) {
      check("lease");
      leaseTimes.add(Duration.between(now, until));
      return delegate.lease(id, now, until);
    }

    @Override
    public boolean commit(FlowLease lease, String snapshotJson, Instant expiresAt, Instant now) {
      check("commit");
      return delegate.commit(lease, snapshotJson, expiresAt, now);
    }

    @Override
    public void release(FlowLease lease) {
      check("release");
      delegate.release(lease);
    }

    @Override
    public void delete(FlowId id) {
      check("delete");
      delegate.delete(id);
    }
  }

  @Test
  void aStoredFlowOutlivesItsAbandonedSignInByTheFlowLifetimeToSaySo() {
    fake.settings(fake.settings().toBuilder().signInLifetime(Duration.ofHours(2)).build());
    SignInEngine a = node();
    SignInFlow flow = a.startFlow(LAPTOP);
    FlowId id = flow.id().orElseThrow();
    Instant started = fake.clock().instant();
    assertThat(store.load(id, started).orElseThrow().expiresAt())
        .isEqualTo(started.plus(SignInEngine.FLOW_LIFETIME));

    assertThat(flow.submitPassword(ADA, PASSWORD).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);

    Instant abandoned = started.plus(Duration.ofHours(2));
    assertThat(store.load(id, started).orElseThrow().expiresAt())
        .isEqualTo(abandoned.plus(SignInEngine.FLOW_LIFETIME));
    fake.clock().advance(Duration.ofHours(2));
    StepResult told = a.flow(id).orElseThrow().verifyCode("424242");
    assertThat(told.kind()).isEqualTo(OutcomeKind.SIGN_IN_GONE);
    assertThat(told.state()).isEqualTo(SignInState.IDENTIFYING);
    fake.clock().advance(SignInEngine.FLOW_LIFETIME);
    assertThat(a.flow(id)).isEmpty();
  }

  @Test
  void aSignInStartedLateInItsFlowKeepsTheFlowForItsOwnLifetime() {
    SignInEngine a = node();
    SignInFlow flow = a.startFlow(LAPTOP);
    FlowId id = flow.id().orElseThrow();
    fake.clock().advance(SignInEngine.FLOW_LIFETIME.minusMinutes(5));

    assertThat(flow.submitPassword(ADA, PASSWORD).state())
        .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    // Past a day after the flow started, within the code's ten minutes.
    fake.clock().advance(Duration.ofMinutes(6));

    SignInFlow later = a.flow(id).orElseThrow();
    assertThat(later.verifyCode(code()).state()).isEqualTo(SignInState.COMPLETE);
  }

  @Test
  void anEventFindingTheFlowHeldShowsTheStateAnotherNodeSavedLast() {
    SignInEngine a = node();
    SignInEngine b = node();
    SignInFlow onA = a.startFlow(LAPTOP);
    FlowId id = onA.id().orElseThrow();
    SignInFlow onB = b.flow(id).orElseThrow();
    assertThat(onA.submitPassword(ADA, PASSWORD).state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    Instant now = fake.clock().instant();
    // A third node is working on the flow.
    assertThat(store.lease(id, now, now.plus(SignInEngine.DEFAULT_FLOW_LEASE)))
        .isInstanceOf(FlowStore.Leased.class);

    StepResult busy = onB.verifyCode(code());

    assertThat(busy.kind()).isEqualTo(OutcomeKind.BUSY);
    assertThat(busy.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(onB.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(attempts.get()).isZero();
  }

  @Test
  void anUnreadableStoredSnapshotIsUnavailableAndTheFlowIsGivenBackAtOnce() {
    SignInEngine engine = node();
    SignInFlow flow = engine.startFlow(LAPTOP);
    FlowId id = flow.id().orElseThrow();
    flow.submitPassword(ADA, PASSWORD);
    Instant now = fake.clock().instant();
    FlowStore.Leased other = (FlowStore.Leased) store.lease(id, now, now.plusSeconds(30));
    assertThat(
            store.commit(other.lease(), "{\"not\":\"a snapshot\"}", other.flow().expiresAt(), now))
        .isTrue();

    StepResult r = flow.verifyCode(code());

    assertThat(r).isInstanceOf(StepResult.StoreUnavailable.class);
    assertThat(r.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(attempts.get()).isZero();
    assertThat(store.lease(id, now, now.plusSeconds(30))).isInstanceOf(FlowStore.Leased.class);
  }

  @Test
  void anEventThatThrowsGivesTheFlowBackAtOnceInItsStoredState() {
    // A bug, not an answer: the engine's clock fails inside the step, after the code was sent.
    AtomicBoolean clockBreaks = new AtomicBoolean(false);
    AtomicBoolean firstPrepare = new AtomicBoolean(true);
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return fake.clock().getZone();
          }

          @Override
          public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Instant instant() {
            if (clockBreaks.getAndSet(false)) {
              throw new IllegalStateException("the clock broke (test)");
            }
            return fake.clock().instant();
          }
        };
    SignInGateway breaksTheClock =
        new DelegatingGateway(FakeSignInGateway.over(fake)) {
          @Override
          public GatewayResult<SignIn> prepareSecondFactor(
              RequestContext context,
              Optional<ClientToken> clientToken,
              String signInId,
              Factor factor,
              Optional<String> redirectUrl) {
            clockBreaks.set(firstPrepare.getAndSet(false));
            return super.prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl);
          }
        };
    SignInEngine engine =
        SignInEngine.builder()
            .gateway(breaksTheClock)
            .clock(clock)
            .clientTokenStore(tokens)
            .flowStore(store)
            .random(new Random(7))
            .build();
    SignInFlow flow = engine.startFlow(LAPTOP);
    FlowId id = flow.id().orElseThrow();

    assertThatThrownBy(() -> flow.submitPassword(ADA, PASSWORD))
        .isInstanceOf(IllegalStateException.class);

    assertThat(engine.flow(id).orElseThrow().state()).isEqualTo(SignInState.IDENTIFYING);
    StepResult again = flow.submitPassword(ADA, PASSWORD);
    assertThat(again.kind()).isEqualTo(OutcomeKind.SUCCESS);
    assertThat(again.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
  }

  @Test
  void aStoreThatFailsToSaveTheEventGivesUnavailableAndKeepsTheStoredState() {
    AtomicBoolean down = new AtomicBoolean(false);
    SignInEngine engine =
        node(counting(FakeSignInGateway.over(fake)), new FailingStore(store, down, "commit"));
    SignInFlow flow = engine.startFlow(LAPTOP);
    FlowId id = flow.id().orElseThrow();
    flow.submitPassword(ADA, PASSWORD);
    String code = code();

    down.set(true);
    StepResult r = flow.verifyCode(code);

    assertThat(r).isInstanceOf(StepResult.StoreUnavailable.class);
    assertThat(r.state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    assertThat(r.toString()).doesNotContain(code);
    assertThat(attempts.get()).isEqualTo(1);
    Instant now = fake.clock().instant();
    StoredFlow stored = store.load(id, now).orElseThrow();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(engine.flow(id).orElseThrow().state()).isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
    // Given back at once: the user's retry is not told the flow is busy.
    assertThat(store.lease(id, now, now.plusSeconds(30))).isInstanceOf(FlowStore.Leased.class);
  }

  @Test
  void eachEventLeasesTheFlowForTheEnginesFlowLease() {
    FailingStore recording = new FailingStore(store, new AtomicBoolean(false));
    SignInEngine defaults = node(FakeSignInGateway.over(fake), recording);
    SignInEngine shortLease =
        SignInEngine.builder()
            .gateway(FakeSignInGateway.over(fake))
            .clock(fake.clock())
            .clientTokenStore(tokens)
            .flowStore(recording)
            .flowLease(Duration.ofSeconds(7))
            .random(new Random(11))
            .build();

    defaults.startFlow(LAPTOP).submitPassword(ADA, PASSWORD);
    shortLease.startFlow(DeviceId.of("phone-1")).refresh();

    assertThat(recording.leaseTimes)
        .containsExactly(SignInEngine.DEFAULT_FLOW_LEASE, Duration.ofSeconds(7));
  }
}
