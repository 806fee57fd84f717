package dev.signinflow.store.redis;

import dev.signinflow.engine.DelegatingGateway;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway that, once {@linkplain #arm() armed}, holds the answer to the next code attempt — the
 * server has acted on it — until {@linkplain #open() opened} (at most 30 s), so a test can act
 * while one node is in the middle of an event, as when an answer is slow to come back; and that
 * counts code attempts. Several gateways (one per engine) may share one gate.
 */
final class Gate {
  private static final long HOLD_SECONDS = 30;

  private final AtomicBoolean armed = new AtomicBoolean();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);
  private final AtomicInteger attempts = new AtomicInteger();

  /** The next attempt through any gateway of this gate will wait. */
  Gate arm() {
    armed.set(true);
    return this;
  }

  /** The next attempt will not wait (when none came since {@link #arm()}). */
  void disarm() {
    armed.set(false);
  }

  /** Lets the held attempt go on. */
  void open() {
    open.countDown();
  }

  /** Waits until an attempt is held; false when none came in time. */
  boolean awaitHeld(long seconds) throws InterruptedException {
    return entered.await(seconds, TimeUnit.SECONDS);
  }

  /** Code attempts that reached the server through this gate's gateways. */
  int attempts() {
    return attempts.get();
  }

  /** The gateway, through this gate. */
  SignInGateway around(SignInGateway gateway) {
    return new DelegatingGateway(gateway) {
      @Override
      public GatewayResult<SignIn> attemptSecondFactor(
          RequestContext context,
          Optional<ClientToken> clientToken,
          String signInId,
          Strategy strategy,
          VerificationCode code) {
        attempts.incrementAndGet();
        GatewayResult<SignIn> answer =
            super.attemptSecondFactor(context, clientToken, signInId, strategy, code);
        if (armed.compareAndSet(true, false)) {
          entered.countDown();
          try {
            open.await(HOLD_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return answer;
      }
    };
  }
}
