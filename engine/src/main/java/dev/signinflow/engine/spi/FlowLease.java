package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.FlowId;
import java.time.Instant;

/**
 * The right to run one event of a stored flow: given by {@link FlowStore#lease}, ended by {@link
 * FlowStore#commit} or {@link FlowStore#release}.
 *
 * <p>The fence is a number the store raises with every lease of the flow. A save is accepted only
 * with the flow's latest fence and the version the lease read: a node whose lease ran out while it
 * was slow, and whose flow was leased again meanwhile, cannot overwrite the newer state.
 *
 * @param flow the flow
 * @param fence this lease's fence
 * @param version the version of the flow the lease read
 * @param until when the lease ends by itself, so that a node that died cannot hold the flow
 */
public record FlowLease(FlowId flow, long fence, long version, Instant until) {
  public FlowLease {
    requireNonNull(flow, "flow");
    requireNonNull(until, "until");
  }
}
