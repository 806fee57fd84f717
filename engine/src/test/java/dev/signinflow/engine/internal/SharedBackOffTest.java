package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.signinflow.engine.Answers;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.MutableClock;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedBackOff}'s memory of 429s: the later of two racing {@code Retry-After}s wins, the
 * waits are bounded (past ones dropped when full, a new one not kept while all still wait), and the
 * calls it does not limit pass through untouched.
 */
class SharedBackOffTest {
  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
  private static final Identifier ADA = Identifier.parse("ada@example.com");

  private final MutableClock clock = MutableClock.at(T0);

  private static GatewayResult<SignIn> limitedUntil(Instant at) {
    return new GatewayResult.RateLimited<>(at, List.of(), Optional.empty());
  }

  private static RequestContext from(int n) {
    try {
      return RequestContext.builder()
          .clientIp(
              InetAddress.getByAddress(
                  new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}))
          .build();
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A gateway whose bucket is the end user's address, as in proxy mode. */
  private static SignInGateway perAddress() {
    SignInGateway g = mock(SignInGateway.class, withSettings().stubOnly());
    when(g.rateLimitBucket(any()))
        .thenAnswer(inv -> ((RequestContext) inv.getArgument(0)).clientIpText());
    return g;
  }

  private static GatewayResult<SignIn> create(SharedBackOff b, RequestContext ctx) {
    return b.createSignIn(ctx, Optional.empty(), ADA, Password.of("pw"));
  }

  @Test
  void ofTwoRacing429sTheLaterRetryAfterWins() {
    SignInGateway inner = mock(SignInGateway.class);
    AtomicInteger calls = new AtomicInteger();
    SharedBackOff[] backOff = new SharedBackOff[1];
    when(inner.createSignIn(any(), any(), any(), any()))
        .thenAnswer(
            inv -> {
              if (calls.incrementAndGet() == 1) {
                // A second flow's create reaches the server before this one's 429 is kept.
                assertThat(create(backOff[0], RequestContext.none()))
                    .isInstanceOf(GatewayResult.RateLimited.class);
                return limitedUntil(T0.plusSeconds(30));
              }
              return limitedUntil(T0.plusSeconds(60));
            });
    backOff[0] = new SharedBackOff(inner, clock);

    create(backOff[0], RequestContext.none());
    clock.advance(Duration.ofSeconds(45));
    GatewayResult<SignIn> later = create(backOff[0], RequestContext.none());

    assertThat(later).isInstanceOf(GatewayResult.RateLimited.class);
    assertThat(((GatewayResult.RateLimited<SignIn>) later).retryAt()).isEqualTo(T0.plusSeconds(60));
    verify(inner, times(2)).createSignIn(any(), any(), any(), any());
  }

  @Test
  void whenEveryBucketStillWaitsANewBucketsWaitIsNotKept() {
    SignInGateway inner = perAddress();
    when(inner.createSignIn(any(), any(), any(), any()))
        .thenReturn(limitedUntil(T0.plusSeconds(30)));
    SharedBackOff b = new SharedBackOff(inner, clock);
    for (int i = 0; i < SharedBackOff.MAX_BUCKETS; i++) {
      create(b, from(i));
    }
    assertThat(b.size()).isEqualTo(SharedBackOff.MAX_BUCKETS);

    create(b, from(SharedBackOff.MAX_BUCKETS));

    assertThat(b.size()).isEqualTo(SharedBackOff.MAX_BUCKETS);
    assertThat(b)
        .hasToString("SharedBackOff[" + inner + ", " + SharedBackOff.MAX_BUCKETS + " waiting]");
  }

  @Test
  void whenFullThePastWaitsAreDroppedToKeepANewOne() {
    SignInGateway inner = perAddress();
    when(inner.createSignIn(any(), any(), any(), any()))
        .thenReturn(limitedUntil(T0.plusSeconds(30)));
    SharedBackOff b = new SharedBackOff(inner, clock);
    for (int i = 0; i < SharedBackOff.MAX_BUCKETS; i++) {
      create(b, from(i));
    }
    clock.advance(Duration.ofSeconds(31));
    when(inner.createSignIn(any(), any(), any(), any()))
        .thenReturn(limitedUntil(T0.plusSeconds(90)));

    create(b, from(SharedBackOff.MAX_BUCKETS));

    assertThat(b.size()).isEqualTo(1);
  }

  @Test
  void theCallsItDoesNotLimitAndTheBucketPassThrough() {
    SignInGateway inner = mock(SignInGateway.class);
    RequestContext ctx = from(7);
    when(inner.rateLimitBucket(ctx)).thenReturn(Optional.of("10.0.0.7"));
    GatewayResult<Session> ended = Answers.session(dev.signinflow.engine.SessionStatus.ENDED);
    when(inner.endSession(ctx, Optional.empty(), Answers.SESSION_ID)).thenReturn(ended);
    SharedBackOff b = new SharedBackOff(inner, clock);

    assertThat(b.rateLimitBucket(ctx)).contains("10.0.0.7");
    assertThat(b.endSession(ctx, Optional.empty(), Answers.SESSION_ID)).isSameAs(ended);
  }
}
