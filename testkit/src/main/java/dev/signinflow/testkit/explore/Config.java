package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ResendPolicy;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.fake.FakeClerk;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How every world of a run is built: the gateway under test (and the one compared with it), the
 * engine's options, the resend policy and the fake's random seed.
 */
record Config(
    Function<FakeClerk, SignInGateway> gateway,
    Optional<Function<FakeClerk, SignInGateway>> mirror,
    Consumer<SignInEngine.Builder> engineOptions,
    ResendPolicy resendPolicy,
    long seed,
    boolean busyProbe,
    SystemUnderTest sut) {

  Config {
    requireNonNull(gateway, "gateway");
    requireNonNull(mirror, "mirror");
    requireNonNull(engineOptions, "engineOptions");
    requireNonNull(resendPolicy, "resendPolicy");
    requireNonNull(sut, "sut");
  }

  Config withSeedAndPolicy(long newSeed, ResendPolicy policy) {
    return new Config(gateway, mirror, engineOptions, policy, newSeed, busyProbe, sut);
  }

  /** The longest a past instant can still matter: cooldowns and rate windows look back so far. */
  Duration horizon(Scenario s) {
    Duration h = resendPolicy.cooldown();
    if (s.settings().resendCooldown().compareTo(h) > 0) {
      h = s.settings().resendCooldown();
    }
    if (s.settings().rateLimitWindow().compareTo(h) > 0) {
      h = s.settings().rateLimitWindow();
    }
    return h;
  }

  /** The clock step of {@link Action#ADVANCE_PAST_COOLDOWN}. */
  Duration pastCooldown(Scenario s) {
    Duration c = resendPolicy.cooldown();
    if (s.settings().resendCooldown().compareTo(c) > 0) {
      c = s.settings().resendCooldown();
    }
    return c.plusSeconds(1);
  }
}
