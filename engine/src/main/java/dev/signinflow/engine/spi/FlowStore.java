package dev.signinflow.engine.spi;

import dev.signinflow.engine.FlowId;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps sign-in flows by {@link FlowId} between a user's requests, for every node of a service: the
 * engine leases a flow, runs one event, and saves it ({@link #commit}) or gives it back ({@link
 * #release}). Saving is a compare-and-set on the flow's version under a fenced lease, so when two
 * nodes race on one flow exactly one event runs, the other is answered {@code BUSY}, and no update
 * is lost or applied twice.
 *
 * <p>Time comes from the engine's clock (the {@code now} arguments), never the store's own, so that
 * leases and expiries follow the clock tests advance. A flow past its {@link
 * StoredFlow#expiresAt()} is gone: {@link #load} and {@link #lease} do not find it.
 *
 * <p>Failures of the store itself are {@link FlowStoreException}s. Implementations must be safe for
 * use by many threads at once. {@link #inMemory()} serves one node; {@code store-redis} serves
 * many. Every implementation passes the engine's {@code FlowStoreContract} suite.
 */
public interface FlowStore {

  /**
   * Stores a new flow at version 1.
   *
   * @throws IllegalStateException when a flow with this id is stored already
   */
  void create(FlowId id, String snapshotJson, Instant expiresAt, Instant now);

  /** The flow as stored now, leased or not; empty when there is none (or it expired). */
  Optional<StoredFlow> load(FlowId id, Instant now);

  /**
   * Leases the flow until {@code until} when no unexpired lease holds it: {@link Leased} with the
   * flow as stored; {@link Held} when another lease holds it; {@link Missing} when there is no such
   * flow.
   */
  LeaseResult lease(FlowId id, Instant now, Instant until);

  /**
   * Saves the flow's new snapshot at the next version and ends the lease, when the lease is the
   * flow's latest ({@link FlowLease#fence()}) and the flow is still at the version it read.
   *
   * @return true when saved; false when refused (a newer lease, a newer version, or the flow is
   *     gone): nothing was written
   */
  boolean commit(FlowLease lease, String snapshotJson, Instant expiresAt, Instant now);

  /** Ends the lease without saving, when it is still the flow's latest; else does nothing. */
  void release(FlowLease lease);

  /** Forgets the flow, leased or not. */
  void delete(FlowId id);

  /** What {@link #lease} found. */
  sealed interface LeaseResult permits Leased, Held, Missing {}

  /**
   * The flow is leased to the caller.
   *
   * @param lease the lease
   * @param flow the flow as stored
   */
  record Leased(FlowLease lease, StoredFlow flow) implements LeaseResult {}

  /**
   * Another lease holds the flow.
   *
   * @param flow the flow as stored
   * @param until when that lease ends by itself
   */
  record Held(StoredFlow flow, Instant until) implements LeaseResult {}

  /** No such flow: never created, expired, or forgotten (a store restarted empty). */
  record Missing() implements LeaseResult {}

  /**
   * A store in this process's memory, for one node; expired flows are dropped as others are made.
   */
  static FlowStore inMemory() {
    return new InMemoryFlowStore();
  }
}
