package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.signinflow.engine.Answers;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.MutableClock;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionResult;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SessionTokenCache;
import dev.signinflow.engine.spi.SignInGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DeviceSessions} over a Mockito gateway: the single refresh in flight per device (driven by
 * latches, never by sleeping), the token cache against the clock, and how each server answer
 * becomes a {@link SessionResult}.
 */
class DeviceSessionsTest {
  private static final DeviceId DEVICE = DeviceId.of("d1");
  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  private final MutableClock clock = MutableClock.at(T0);
  private final SignInGateway gateway = mock(SignInGateway.class);
  private final ClientTokenStore tokens = ClientTokenStore.inMemory();
  private final SessionTokenCache cache = SessionTokenCache.inMemory();
  private ExecutorService pool;

  @AfterEach
  void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private DeviceSessions sessions(Runnable onWait) {
    tokens.save(DEVICE, Answers.TOKEN);
    return new DeviceSessions(gateway, tokens, cache, clock, Duration.ofSeconds(10), onWait);
  }

  private DeviceSessions sessions() {
    return sessions(() -> {});
  }

  private static SessionToken jwt(Instant exp, String sid) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String claims = "{\"sid\":\"" + sid + "\",\"exp\":" + exp.getEpochSecond() + "}";
    return SessionToken.of(
        b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + ".c2ln");
  }

  private static GatewayResult<Client> clientWith(SessionStatus status) {
    Session s = Session.of(Answers.SESSION_ID, Answers.USER_ID, status, List.of());
    return Answers.ok(
        new Client(
            Optional.of("client_1"),
            List.of(new ClientSession(s, List.of("ada@example.com"))),
            Optional.of(Answers.SESSION_ID)));
  }

  private void signedIn() {
    when(gateway.getClient(any(), any())).thenReturn(clientWith(SessionStatus.ACTIVE));
  }

  @Test
  void concurrentCallersShareOneRefresh() throws Exception {
    int callers = 8;
    signedIn();
    CountDownLatch minting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch waiting = new CountDownLatch(callers - 1);
    SessionToken token = jwt(T0.plusSeconds(60), Answers.SESSION_ID);
    when(gateway.createSessionToken(any(), any(), eq(Answers.SESSION_ID), eq(Optional.empty())))
        .thenAnswer(
            inv -> {
              minting.countDown();
              assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
              return Answers.ok(token);
            });
    DeviceSessions s = sessions(waiting::countDown);
    pool = Executors.newFixedThreadPool(callers);

    List<Future<SessionResult<SessionToken>>> results = new ArrayList<>();
    results.add(pool.submit(() -> s.token(RequestContext.none(), DEVICE)));
    assertThat(minting.await(30, TimeUnit.SECONDS)).as("the first caller mints").isTrue();
    for (int i = 1; i < callers; i++) {
      results.add(pool.submit(() -> s.token(RequestContext.none(), DEVICE)));
    }
    assertThat(waiting.await(30, TimeUnit.SECONDS)).as("the others wait for it").isTrue();
    release.countDown();

    for (Future<SessionResult<SessionToken>> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS).ok()).contains(token);
    }
    verify(gateway, times(1)).createSessionToken(any(), any(), any(), any());
    verify(gateway, times(1)).getClient(any(), any());
  }

  @Test
  void differentDevicesRefreshIndependently() {
    signedIn();
    when(gateway.createSessionToken(any(), any(), any(), any()))
        .thenReturn(Answers.ok(jwt(T0.plusSeconds(60), Answers.SESSION_ID)));
    DeviceSessions s = sessions();
    DeviceId other = DeviceId.of("d2");
    tokens.save(other, Answers.TOKEN);

    s.token(RequestContext.none(), DEVICE);
    s.token(RequestContext.none(), other);

    verify(gateway, times(2)).createSessionToken(any(), any(), any(), any());
  }

  @Test
  void aCachedTokenIsServedUntilTheMarginBeforeItsExpiry() {
    signedIn();
    SessionToken first = jwt(T0.plusSeconds(60), Answers.SESSION_ID);
    SessionToken second = jwt(T0.plusSeconds(110), Answers.SESSION_ID);
    when(gateway.createSessionToken(any(), any(), any(), any()))
        .thenReturn(Answers.ok(first), Answers.ok(second));
    DeviceSessions s = sessions();

    assertThat(s.token(RequestContext.none(), DEVICE).ok()).contains(first);
    clock.advance(Duration.ofMillis(49_999));
    assertThat(s.token(RequestContext.none(), DEVICE).ok()).contains(first);
    clock.advance(Duration.ofMillis(1));
    assertThat(s.token(RequestContext.none(), DEVICE).ok()).contains(second);
    verify(gateway, times(2)).createSessionToken(any(), any(), any(), any());
  }

  @Test
  void aFlowChangingTheSessionDropsTheCachedToken() {
    signedIn();
    when(gateway.createSessionToken(any(), any(), any(), any()))
        .thenReturn(
            Answers.ok(jwt(T0.plusSeconds(60), Answers.SESSION_ID)),
            Answers.ok(jwt(T0.plusSeconds(61), Answers.SESSION_ID)));
    DeviceSessions s = sessions();
    SessionToken first = s.token(RequestContext.none(), DEVICE).ok().orElseThrow();

    s.sessionChanged(DEVICE);

    assertThat(s.token(RequestContext.none(), DEVICE).ok())
        .isPresent()
        .isNotEqualTo(Optional.of(first));
  }

  @Test
  void noSignedInSessionIsSignedOut() {
    when(gateway.getClient(any(), any())).thenReturn(clientWith(SessionStatus.ENDED));
    DeviceSessions s = sessions();

    assertThat(s.token(RequestContext.none(), DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.current(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.signOut(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
  }

  @Test
  void aSessionGoneBetweenReadAndMintIsSignedOut() {
    signedIn();
    when(gateway.createSessionToken(any(), any(), any(), any())).thenReturn(Answers.notFound());

    assertThat(sessions().token(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
  }

  @Test
  void aClientTheServerDoesNotKnowIsSignedOut() {
    when(gateway.getClient(any(), any())).thenReturn(Answers.ok(Client.none()));

    assertThat(sessions().current(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
  }

  @Test
  void failuresAreTypedResults() {
    signedIn();
    Instant retryAt = T0.plusSeconds(30);
    when(gateway.createSessionToken(any(), any(), any(), any()))
        .thenReturn(
            Answers.rateLimited(retryAt),
            Answers.unavailable(),
            Answers.rejected(400, "invalid_action_for_session", null));
    DeviceSessions s = sessions();

    SessionResult<SessionToken> limited = s.token(RequestContext.none(), DEVICE);
    SessionResult<SessionToken> down = s.token(RequestContext.none(), DEVICE);
    SessionResult<SessionToken> refused = s.token(RequestContext.none(), DEVICE);

    assertThat(limited)
        .isEqualTo(
            new SessionResult.Failed<SessionToken>(
                OutcomeKind.RATE_LIMITED,
                ((SessionResult.Failed<SessionToken>) limited).errors(),
                Optional.of(retryAt)));
    assertThat(((SessionResult.Failed<SessionToken>) down).kind())
        .isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(
            ((SessionResult.Failed<SessionToken>) refused)
                .errors()
                .has("invalid_action_for_session"))
        .isTrue();
  }

  @Test
  void aThrowingGatewayIsUnavailableNotAnException() {
    when(gateway.getClient(any(), any())).thenThrow(new IllegalStateException("adapter bug"));

    SessionResult<Session> r = sessions().current(RequestContext.none(), DEVICE);

    assertThat(r).isInstanceOf(SessionResult.Failed.class);
    assertThat(((SessionResult.Failed<Session>) r).kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
  }

  @Test
  void signOutRemovesEverySessionAndForgetsTheToken() {
    signedIn();
    when(gateway.createSessionToken(any(), any(), any(), any()))
        .thenReturn(Answers.ok(jwt(T0.plusSeconds(60), Answers.SESSION_ID)));
    when(gateway.removeAllSessions(any(), any())).thenReturn(Answers.ok(Client.none()));
    DeviceSessions s = sessions();
    s.token(RequestContext.none(), DEVICE);

    SessionResult<List<Session>> out = s.signOut(RequestContext.none(), DEVICE);

    assertThat(out.ok().orElseThrow())
        .singleElement()
        .satisfies(x -> assertThat(x.status()).isEqualTo(SessionStatus.REMOVED));
    assertThat(cache.get(DEVICE)).isEmpty();
    assertThat(tokens.load(DEVICE)).as("the device keeps its client token").isPresent();
  }

  @Test
  void aFailingCacheIsAMissNotAnException() {
    signedIn();
    SessionToken token = jwt(T0.plusSeconds(60), Answers.SESSION_ID);
    when(gateway.createSessionToken(any(), any(), any(), any())).thenReturn(Answers.ok(token));
    when(gateway.removeAllSessions(any(), any())).thenReturn(Answers.ok(Client.none()));
    SessionTokenCache broken =
        new SessionTokenCache() {
          @Override
          public Optional<SessionToken> get(DeviceId device) {
            throw new IllegalStateException("cache down");
          }

          @Override
          public void put(DeviceId device, SessionToken t) {
            throw new IllegalStateException("cache down");
          }

          @Override
          public void evict(DeviceId device) {
            throw new IllegalStateException("cache down");
          }
        };
    tokens.save(DEVICE, Answers.TOKEN);
    DeviceSessions s =
        new DeviceSessions(gateway, tokens, broken, clock, Duration.ofSeconds(10), () -> {});

    assertThat(s.token(RequestContext.none(), DEVICE).ok()).contains(token);
    assertThat(s.token(RequestContext.none(), DEVICE).ok())
        .as("minted again: nothing kept")
        .contains(token);
    s.sessionChanged(DEVICE);
    assertThat(s.signOut(RequestContext.none(), DEVICE).ok()).isPresent();
    verify(gateway, times(2)).createSessionToken(any(), any(), any(), any());
  }

  @Test
  void aDeviceWithoutAClientTokenCallsNothing() {
    DeviceSessions s = new DeviceSessions(gateway, tokens, cache, clock, Duration.ofSeconds(10));

    assertThat(s.token(RequestContext.none(), DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.current(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.signOut(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
    verifyNoInteractions(gateway);
  }
}
