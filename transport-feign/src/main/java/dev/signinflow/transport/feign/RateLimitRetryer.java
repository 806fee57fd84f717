package dev.signinflow.transport.feign;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import feign.RetryableException;
import feign.Retryer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Feign's {@link Retryer} for the one retry this transport makes: once, after a 429 ({@link
 * FapiRateLimit}) whose {@code Retry-After} is at most {@code maxWait} away (zero turns retries
 * off), after waiting it out. Nothing else is retried — no other status, and no request that failed
 * on the network (Feign hands those here too), since a POST may have been applied.
 *
 * <p>The retry carries the client token the 429 returned, or else the one sent before it; it is
 * marked ({@link ClientTokens#markRetry}) so that its answer, if it returns no token, carries that
 * one. Interrupted while waiting, it hands back the 429 and keeps the interrupt. Feign clones it
 * for every call; a clone is used by one thread.
 */
final class RateLimitRetryer implements Retryer {
  private final Clock clock;
  private final Duration maxWait;
  private final Pause pause;
  private boolean retried;

  /** Waits before the retry; tests replace it. */
  @FunctionalInterface
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  RateLimitRetryer(Clock clock, Duration maxWait, Pause pause) {
    this.clock = requireNonNull(clock, "clock");
    this.maxWait = requireNonNull(maxWait, "maxWait");
    this.pause = requireNonNull(pause, "pause");
  }

  @Override
  public void continueOrPropagate(RetryableException e) {
    if (retried || !(e instanceof FapiRateLimit limited)) {
      throw e;
    }
    GatewayResult.RateLimited<?> first = limited.result();
    Duration wait = Duration.between(clock.instant(), first.retryAt());
    // Zero turns retries off: a Retry-After of 0 must not sneak under a ceiling of 0.
    if (maxWait.isZero() || wait.compareTo(maxWait) > 0) {
      throw e;
    }
    try {
      if (!wait.isNegative()) {
        pause.pause(wait);
      }
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      throw e;
    }
    retried = true;
    Optional<ClientToken> latest = first.clientToken().or(() -> ClientTokens.sent(e.request()));
    ClientTokens.markRetry(e.request().requestTemplate(), latest);
  }

  @Override
  public Retryer clone() {
    return new RateLimitRetryer(clock, maxWait, pause);
  }
}
