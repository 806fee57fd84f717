package dev.signinflow.transport.fake;

import java.time.Duration;

/**
 * How {@link FakeSignInGateway} lives through an injected {@link Fault.Latency}. The default moves
 * the fake's clock forward by the delay — simulated time, so tests stay fast and repeatable; {@link
 * #realTime()} really waits, for a demo or a timeout test against a real client.
 */
@FunctionalInterface
public interface Sleeper {
  /** Lets this much time pass. */
  void sleep(Duration delay);

  /** Waits in real time on the calling thread. */
  static Sleeper realTime() {
    return delay -> {
      try {
        Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
