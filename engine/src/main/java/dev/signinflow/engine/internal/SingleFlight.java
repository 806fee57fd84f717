package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * At most one piece of work in flight per key: a caller that finds work running for its key waits
 * for it and shares its result instead of starting its own. Work that finished is forgotten, so the
 * next caller runs it again (what it made should be cached by the work itself).
 *
 * <p>Thread-safe. The work must not throw; if it does, its exception reaches every caller sharing
 * it (wrapped in a {@link java.util.concurrent.CompletionException} for those who waited).
 *
 * @param <K> the key
 * @param <V> the work's result
 */
final class SingleFlight<K, V> {
  private final ConcurrentMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();
  private final Runnable onWait;

  /**
   * A single flight; {@code onWait} runs in each caller that is about to wait for another's work.
   */
  SingleFlight(Runnable onWait) {
    this.onWait = requireNonNull(onWait, "onWait");
  }

  /** Runs the work for this key, or waits for the run in flight and returns its result. */
  V run(K key, Supplier<V> work) {
    requireNonNull(key, "key");
    requireNonNull(work, "work");
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> theirs = running.putIfAbsent(key, mine);
    if (theirs != null) {
      onWait.run();
      return theirs.join();
    }
    try {
      V v = work.get();
      mine.complete(v);
      return v;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  @Override
  public String toString() {
    return "SingleFlight[" + running.size() + " in flight]";
  }
}
