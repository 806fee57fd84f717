package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.FlowId;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link FlowStore#inMemory()}: a concurrent map; each flow's entry is replaced atomically ({@link
 * ConcurrentMap#compute}), which is the compare-and-set. Expired flows are dropped when found, and
 * swept every {@value #SWEEP_EVERY} creates.
 */
final class InMemoryFlowStore implements FlowStore {
  static final int SWEEP_EVERY = 1024;

  /** A flow, its latest fence, and the end of its lease (null when not leased). */
  private record Entry(StoredFlow flow, long fence, Instant leasedUntil) {}

  private final ConcurrentMap<FlowId, Entry> flows = new ConcurrentHashMap<>();
  private final AtomicInteger creates = new AtomicInteger();

  @Override
  public void create(FlowId id, String snapshotJson, Instant expiresAt, Instant now) {
    requireNonNull(id, "id");
    StoredFlow flow = new StoredFlow(snapshotJson, 1, expiresAt);
    Entry fresh = new Entry(flow, 0, null);
    Entry before = flows.compute(id, (k, e) -> e == null || expired(e, now) ? fresh : e);
    if (before != fresh) {
      throw new IllegalStateException("a flow with this id is stored already: " + id);
    }
    if (creates.incrementAndGet() % SWEEP_EVERY == 0) {
      flows.values().removeIf(e -> expired(e, now));
    }
  }

  @Override
  public Optional<StoredFlow> load(FlowId id, Instant now) {
    Entry e = flows.get(requireNonNull(id, "id"));
    return e == null || expired(e, now) ? Optional.empty() : Optional.of(e.flow);
  }

  @Override
  public LeaseResult lease(FlowId id, Instant now, Instant until) {
    requireNonNull(id, "id");
    LeaseResult[] result = new LeaseResult[1];
    flows.computeIfPresent(
        id,
        (k, e) -> {
          if (expired(e, now)) {
            result[0] = new Missing();
            return null;
          }
          if (e.leasedUntil != null && now.isBefore(e.leasedUntil)) {
            result[0] = new Held(e.flow, e.leasedUntil);
            return e;
          }
          long fence = e.fence + 1;
          result[0] = new Leased(new FlowLease(id, fence, e.flow.version(), until), e.flow);
          return new Entry(e.flow, fence, until);
        });
    return result[0] == null ? new Missing() : result[0];
  }

  @Override
  public boolean commit(FlowLease lease, String snapshotJson, Instant expiresAt, Instant now) {
    requireNonNull(lease, "lease");
    requireNonNull(snapshotJson, "snapshotJson");
    boolean[] saved = new boolean[1];
    flows.computeIfPresent(
        lease.flow(),
        (k, e) -> {
          if (e.fence != lease.fence() || e.flow.version() != lease.version() || expired(e, now)) {
            return e;
          }
          saved[0] = true;
          return new Entry(
              new StoredFlow(snapshotJson, e.flow.version() + 1, expiresAt), e.fence, null);
        });
    return saved[0];
  }

  @Override
  public void release(FlowLease lease) {
    requireNonNull(lease, "lease");
    flows.computeIfPresent(
        lease.flow(), (k, e) -> e.fence == lease.fence() ? new Entry(e.flow, e.fence, null) : e);
  }

  @Override
  public void delete(FlowId id) {
    flows.remove(requireNonNull(id, "id"));
  }

  private static boolean expired(Entry e, Instant now) {
    return !now.isBefore(e.flow.expiresAt());
  }

  @Override
  public String toString() {
    return "InMemoryFlowStore[" + flows.size() + " flows]";
  }
}
