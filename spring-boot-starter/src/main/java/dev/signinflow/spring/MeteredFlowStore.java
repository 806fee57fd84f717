package dev.signinflow.spring;

import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.spi.FlowLease;
import dev.signinflow.engine.spi.FlowStore;
import dev.signinflow.engine.spi.StoredFlow;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flow store that counts the leases this node holds: each event on a stored flow takes one lease
 * and ends it with exactly one commit or release, so the count is the events in flight.
 */
final class MeteredFlowStore implements FlowStore {
  private final FlowStore delegate;
  private final AtomicInteger inFlight;

  MeteredFlowStore(FlowStore delegate, AtomicInteger inFlight) {
    this.delegate = delegate;
    this.inFlight = inFlight;
  }

  @Override
  public void create(FlowId id, String snapshotJson, Instant expiresAt, Instant now) {
    delegate.create(id, snapshotJson, expiresAt, now);
  }

  @Override
  public Optional<StoredFlow> load(FlowId id, Instant now) {
    return delegate.load(id, now);
  }

  @Override
  public LeaseResult lease(FlowId id, Instant now, Instant until) {
    LeaseResult r = delegate.lease(id, now, until);
    if (r instanceof Leased) {
      inFlight.incrementAndGet();
    }
    return r;
  }

  @Override
  public boolean commit(FlowLease lease, String snapshotJson, Instant expiresAt, Instant now) {
    try {
      return delegate.commit(lease, snapshotJson, expiresAt, now);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public void release(FlowLease lease) {
    try {
      delegate.release(lease);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public void delete(FlowId id) {
    delegate.delete(id);
  }

  @Override
  public String toString() {
    return "Metered[" + delegate + "]";
  }
}
