package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signinflow.engine.spi.FlowLease;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.StoredFlow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FlowStore} does, whatever keeps the flows: subclass it with {@link #newStore()}
 * (a fresh, empty store per test) to check an implementation. Time is passed in, as the engine
 * passes its clock's; nothing here waits.
 */
public abstract class FlowStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final Instant EXPIRES = T0.plus(Duration.ofHours(24));
  private static final Duration LEASE = Duration.ofSeconds(60);

  private final Random random = new Random(7);
  protected FlowStore store;

  /** A fresh, empty store. */
  protected abstract FlowStore newStore() throws Exception;

  /** Called after each test, to close what {@link #newStore()} opened. */
  protected void closeStore() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() throws Exception {
    closeStore();
  }

  private FlowId created(String json) {
    FlowId id = FlowId.random(random);
    store.create(id, json, EXPIRES, T0);
    return id;
  }

  private FlowStore.Leased leased(FlowId id, Instant now) {
    FlowStore.LeaseResult r = store.lease(id, now, now.plus(LEASE));
    assertThat(r).isInstanceOf(FlowStore.Leased.class);
    return (FlowStore.Leased) r;
  }

  @Test
  void aCreatedFlowLoadsAtVersionOne() {
    FlowId id = created("{\"a\":1}");

    assertThat(store.load(id, T0)).hasValue(new StoredFlow("{\"a\":1}", 1, EXPIRES));
  }

  @Test
  void anUnknownFlowIsMissing() {
    FlowId id = FlowId.random(random);

    assertThat(store.load(id, T0)).isEmpty();
    assertThat(store.lease(id, T0, T0.plus(LEASE))).isInstanceOf(FlowStore.Missing.class);
  }

  @Test
  void creatingAnIdTwiceIsRefusedAndKeepsTheFirst() {
    FlowId id = created("first");

    assertThatThrownBy(() -> store.create(id, "second", EXPIRES, T0))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.load(id, T0).orElseThrow().snapshotJson()).isEqualTo("first");
  }

  @Test
  void aCommitUnderTheLeaseSavesTheNextVersionAndEndsTheLease() {
    FlowId id = created("v1");
    FlowStore.Leased l = leased(id, T0);

    assertThat(l.flow().version()).isEqualTo(1);
    assertThat(store.commit(l.lease(), "v2", EXPIRES, T0.plusSeconds(1))).isTrue();

    assertThat(store.load(id, T0.plusSeconds(1))).hasValue(new StoredFlow("v2", 2, EXPIRES));
    assertThat(leased(id, T0.plusSeconds(2)).flow().version()).isEqualTo(2);
  }

  @Test
  void aSecondLeaseWhileTheFirstHoldsIsHeld() {
    FlowId id = created("v1");
    FlowStore.Leased first = leased(id, T0);

    FlowStore.LeaseResult second = store.lease(id, T0.plusSeconds(1), T0.plusSeconds(61));

    assertThat(second).isInstanceOf(FlowStore.Held.class);
    FlowStore.Held held = (FlowStore.Held) second;
    assertThat(held.flow().snapshotJson()).isEqualTo("v1");
    assertThat(held.until()).isEqualTo(first.lease().until());
  }

  @Test
  void aReleasedLeaseFreesTheFlowWithoutANewVersion() {
    FlowId id = created("v1");
    FlowStore.Leased l = leased(id, T0);

    store.release(l.lease());

    FlowStore.Leased again = leased(id, T0.plusSeconds(1));
    assertThat(again.flow()).isEqualTo(new StoredFlow("v1", 1, EXPIRES));
    assertThat(again.lease().fence()).isGreaterThan(l.lease().fence());
  }

  @Test
  void anExpiredLeaseMayBeTakenAndTheStaleHoldersSaveIsFenced() {
    FlowId id = created("v1");
    FlowStore.Leased slow = leased(id, T0);
    Instant after = slow.lease().until().plusSeconds(1);

    FlowStore.Leased fast = leased(id, after);
    assertThat(store.commit(fast.lease(), "fast", EXPIRES, after)).isTrue();

    assertThat(store.commit(slow.lease(), "slow", EXPIRES, after.plusSeconds(1))).isFalse();
    assertThat(store.load(id, after.plusSeconds(1))).hasValue(new StoredFlow("fast", 2, EXPIRES));
  }

  @Test
  void aStaleLeaseCannotReleaseTheNewOne() {
    FlowId id = created("v1");
    FlowStore.Leased slow = leased(id, T0);
    Instant after = slow.lease().until().plusSeconds(1);
    FlowStore.Leased fast = leased(id, after);

    store.release(slow.lease());

    assertThat(store.lease(id, after.plusSeconds(1), after.plusSeconds(61)))
        .isInstanceOf(FlowStore.Held.class);
    assertThat(store.commit(fast.lease(), "fast", EXPIRES, after.plusSeconds(1))).isTrue();
  }

  @Test
  void aLeaseThatRanOutStillSavesWhenNoOneElseTookTheFlow() {
    FlowId id = created("v1");
    FlowStore.Leased l = leased(id, T0);

    Instant late = l.lease().until().plusSeconds(5);

    assertThat(store.commit(l.lease(), "v2", EXPIRES, late)).isTrue();
    assertThat(store.load(id, late).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void aCommitAfterTheFlowWasDeletedIsRefusedAndWritesNothing() {
    FlowId id = created("v1");
    FlowStore.Leased l = leased(id, T0);

    store.delete(id);

    assertThat(store.commit(l.lease(), "v2", EXPIRES, T0.plusSeconds(1))).isFalse();
    assertThat(store.load(id, T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void aFlowPastItsExpiryIsGone() {
    FlowId id = created("v1");

    assertThat(store.load(id, EXPIRES.minusMillis(1))).isPresent();
    assertThat(store.load(id, EXPIRES)).isEmpty();
    assertThat(store.lease(id, EXPIRES, EXPIRES.plus(LEASE))).isInstanceOf(FlowStore.Missing.class);
  }

  @Test
  void anExpiredIdMayBeCreatedAgain() {
    FlowId id = created("old");

    store.create(id, "new", EXPIRES.plus(Duration.ofHours(24)), EXPIRES);

    assertThat(store.load(id, EXPIRES).orElseThrow().snapshotJson()).isEqualTo("new");
  }

  @Test
  void snapshotsKeepEveryCharacter() {
    String json = "{\"s\":\"é ü 漢字 \\\"quoted\\\" \\\\ \\n\",\"emoji\":\"\uD83D\uDE00\"}";
    FlowId id = created(json);

    assertThat(store.load(id, T0).orElseThrow().snapshotJson()).isEqualTo(json);
  }

  @Test
  void ofManyConcurrentLeasesExactlyOneIsLeased() throws Exception {
    FlowId id = created("v1");
    int n = 32;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<FlowStore.LeaseResult>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<FlowStore.LeaseResult> c =
            () -> {
              start.await(10, TimeUnit.SECONDS);
              return store.lease(id, T0, T0.plus(LEASE));
            };
        results.add(pool.submit(c));
      }
      start.countDown();
      int leasedCount = 0;
      for (Future<FlowStore.LeaseResult> f : results) {
        if (f.get(30, TimeUnit.SECONDS) instanceof FlowStore.Leased) {
          leasedCount++;
        }
      }
      assertThat(leasedCount).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void flowsAreIndependent() {
    FlowId a = created("a1");
    FlowId b = created("b1");
    FlowStore.Leased la = leased(a, T0);

    FlowStore.Leased lb = leased(b, T0);
    assertThat(store.commit(lb.lease(), "b2", EXPIRES, T0)).isTrue();

    assertThat(store.load(a, T0).orElseThrow().snapshotJson()).isEqualTo("a1");
    assertThat(store.commit(la.lease(), "a2", EXPIRES, T0)).isTrue();
  }

  @Test
  void aLeaseNamesTheFlowAndTheVersionItRead() {
    FlowId id = created("v1");

    FlowLease lease = leased(id, T0).lease();

    assertThat(lease.flow()).isEqualTo(id);
    assertThat(lease.version()).isEqualTo(1);
    assertThat(lease.until()).isEqualTo(T0.plus(LEASE));
  }
}
