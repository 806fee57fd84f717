package dev.signinflow.transport.fake;

/**
 * When an injected {@link Fault} fires: on the next request only, on the next {@code n}, on every
 * one, or on each with a probability drawn from the fake's seeded random source (so a run is
 * reproducible).
 *
 * @param times how many more requests it fires on; {@link Integer#MAX_VALUE} for always
 * @param probability the chance it fires on each request it may fire on, 0 to 1
 */
public record FaultTrigger(int times, double probability) {
  public FaultTrigger {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times);
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
    }
  }

  /** The next request only. */
  public static FaultTrigger once() {
    return new FaultTrigger(1, 1);
  }

  /** The next {@code n} requests. */
  public static FaultTrigger times(int n) {
    return new FaultTrigger(n, 1);
  }

  /** Every request until the faults are cleared. */
  public static FaultTrigger always() {
    return new FaultTrigger(Integer.MAX_VALUE, 1);
  }

  /** Each request with this probability, until the faults are cleared. */
  public static FaultTrigger withProbability(double p) {
    return new FaultTrigger(Integer.MAX_VALUE, p);
  }
}
