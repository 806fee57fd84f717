package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ForwardingSignInGateway;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A gateway that remembers the server's 429s and answers later calls of the same limit class, for
 * the same rate-limit bucket, itself until the server's {@code Retry-After} has passed: no herd of
 * flows each collecting its own 429 (and each counting against the limit again).
 *
 * <p>Clerk limits the Frontend API per IP address and per kind of request: sign-in creates,
 * attempts, and the sends of codes have their own counts. The limit classes here are those three
 * ({@link LimitClass}); every other call goes through untouched. The bucket is the gateway's {@link
 * SignInGateway#rateLimitBucket(RequestContext)}: the end user's address in proxy mode, so one
 * user's limit holds back only that user, and one bucket for the whole service otherwise, which is
 * how Clerk counts it then.
 *
 * <p>A call answered here is a {@link GatewayResult.RateLimited} with the server's {@code retryAt}
 * and errors, and no client token. Thread-safe. The waits are kept in a map of at most {@link
 * #MAX_BUCKETS} entries: past waits are dropped as the map grows, and when every entry is still
 * waiting, a new bucket's 429 is not remembered (its calls reach the server, which answers again).
 */
public final class SharedBackOff extends ForwardingSignInGateway {
  /** The most buckets waited on at once. */
  public static final int MAX_BUCKETS = 100_000;

  /** The kinds of call Clerk counts separately. */
  enum LimitClass {
    CREATE,
    PREPARE,
    ATTEMPT
  }

  private record Key(LimitClass limitClass, String bucket) {}

  private record Wait(Instant until, List<ClerkError> errors) {}

  private final Clock clock;
  private final Map<Key, Wait> waits = new ConcurrentHashMap<>();

  /** Backs off for this gateway, by this clock. */
  public SharedBackOff(SignInGateway gateway, Clock clock) {
    super(gateway);
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password) {
    return limited(
        LimitClass.CREATE,
        context,
        () -> delegate().createSignIn(context, clientToken, identifier, password));
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    return limited(
        LimitClass.PREPARE,
        context,
        () -> delegate().prepareSecondFactor(context, clientToken, signInId, factor, redirectUrl));
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    return limited(
        LimitClass.ATTEMPT,
        context,
        () -> delegate().attemptSecondFactor(context, clientToken, signInId, strategy, code));
  }

  /** How many buckets are waited on now, past waits not yet dropped included (for tests). */
  int size() {
    return waits.size();
  }

  private <T> GatewayResult<T> limited(
      LimitClass limitClass, RequestContext context, Supplier<GatewayResult<T>> call) {
    // Nothing waited on (the usual case): no key to build, no clock to read.
    Key key = waits.isEmpty() ? null : key(limitClass, context);
    Wait wait = key == null ? null : waits.get(key);
    if (wait != null) {
      if (clock.instant().isBefore(wait.until)) {
        return new GatewayResult.RateLimited<>(wait.until, wait.errors, Optional.empty());
      }
      waits.remove(key, wait);
    }
    GatewayResult<T> result = call.get();
    if (result instanceof GatewayResult.RateLimited<T> r) {
      Instant now = clock.instant();
      if (now.isBefore(r.retryAt())) {
        remember(
            key != null ? key : key(limitClass, context), new Wait(r.retryAt(), r.errors()), now);
      }
    }
    return result;
  }

  private Key key(LimitClass limitClass, RequestContext context) {
    return new Key(limitClass, delegate().rateLimitBucket(context).orElse(""));
  }

  private void remember(Key key, Wait wait, Instant now) {
    if (waits.size() >= MAX_BUCKETS) {
      waits.values().removeIf(w -> !now.isBefore(w.until));
      if (waits.size() >= MAX_BUCKETS) {
        return;
      }
    }
    // Of two 429s racing, the later Retry-After wins.
    waits.merge(key, wait, (a, b) -> a.until.isAfter(b.until) ? a : b);
  }

  @Override
  public String toString() {
    return "SharedBackOff[" + delegate() + ", " + waits.size() + " waiting]";
  }
}
