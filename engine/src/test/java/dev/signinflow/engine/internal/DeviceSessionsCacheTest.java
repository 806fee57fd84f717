package dev.signinflow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
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
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What {@link DeviceSessions} keeps of a device's session token: dropped whenever the server shows
 * the session gone, kept only while good, and a failing cache never failing the caller.
 */
class DeviceSessionsCacheTest {
  private static final DeviceId DEVICE = DeviceId.of("d1");
  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  private final MutableClock clock = MutableClock.at(T0);
  private final SignInGateway gateway = mock(SignInGateway.class);
  private final ClientTokenStore tokens = ClientTokenStore.inMemory();
  private final SessionTokenCache cache = SessionTokenCache.inMemory();

  private DeviceSessions sessions(SessionTokenCache c) {
    return new DeviceSessions(gateway, tokens, c, clock, Duration.ofSeconds(10), () -> {});
  }

  private DeviceSessions signedInDevice() {
    tokens.save(DEVICE, Answers.TOKEN);
    return sessions(cache);
  }

  private static SessionToken jwt(Instant exp) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String claims = "{\"sid\":\"" + Answers.SESSION_ID + "\",\"exp\":" + exp.getEpochSecond() + "}";
    return SessionToken.of(
        b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + ".c2ln");
  }

  private static GatewayResult<Client> client(boolean withSession) {
    Session s = Session.of(Answers.SESSION_ID, Answers.USER_ID, SessionStatus.ACTIVE, List.of());
    return Answers.ok(
        withSession
            ? new Client(
                Optional.of("client_1"),
                List.of(new ClientSession(s, List.of("ada@example.com"))),
                Optional.of(Answers.SESSION_ID))
            : new Client(Optional.of("client_1"), List.of(), Optional.empty()));
  }

  private void cached() {
    cache.put(DEVICE, jwt(T0.plusSeconds(3600)));
  }

  @Test
  void aDeviceWithoutAClientTokenIsSignedOutWithoutACall() {
    DeviceSessions s = sessions(cache);

    assertThat(s.signOut(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
    assertThat(s.token(RequestContext.none(), DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    verifyNoInteractions(gateway);
  }

  @Test
  void signingOutWhenTheClientCannotBeReadIsUnavailableAndKeepsTheCachedToken() {
    DeviceSessions s = signedInDevice();
    cached();
    when(gateway.getClient(any(), any())).thenReturn(Answers.unavailable());

    SessionResult<List<Session>> r = s.signOut(RequestContext.none(), DEVICE);

    assertThat(r).isInstanceOf(SessionResult.Failed.class);
    assertThat(((SessionResult.Failed<List<Session>>) r).kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(cache.get(DEVICE)).isPresent();
  }

  @Test
  void aNewSessionTokenWhenTheClientCannotBeReadIsUnavailable() {
    DeviceSessions s = signedInDevice();
    when(gateway.getClient(any(), any())).thenReturn(Answers.unavailable());

    SessionResult<SessionToken> r = s.token(RequestContext.none(), DEVICE);

    assertThat(r).isInstanceOf(SessionResult.Failed.class);
    assertThat(((SessionResult.Failed<SessionToken>) r).kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(cache.get(DEVICE)).isEmpty();
  }

  @Test
  void readingAClientWithoutACurrentSessionDropsTheCachedToken() {
    DeviceSessions s = signedInDevice();
    cached();
    when(gateway.getClient(any(), any())).thenReturn(client(false));

    assertThat(s.current(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
    assertThat(cache.get(DEVICE)).isEmpty();
  }

  @Test
  void signingOutADeviceWithNoSessionLeftDropsTheCachedToken() {
    DeviceSessions s = signedInDevice();
    cached();
    when(gateway.getClient(any(), any())).thenReturn(client(false));

    assertThat(s.signOut(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
    assertThat(cache.get(DEVICE)).isEmpty();
  }

  @Test
  void signingOutSessionsTheServerNoLongerHasCountsAsSignedOutAndDropsTheToken() {
    DeviceSessions s = signedInDevice();
    cached();
    when(gateway.getClient(any(), any())).thenReturn(client(true));
    when(gateway.removeAllSessions(any(), any()))
        .thenReturn(Answers.rejected(404, "resource_not_found", null));

    assertThat(s.signOut(RequestContext.none(), DEVICE))
        .isInstanceOf(SessionResult.SignedOut.class);
    assertThat(cache.get(DEVICE)).isEmpty();
  }

  @Test
  void aSignOutTheServerFailsKeepsTheTokenAndSaysWhy() {
    DeviceSessions s = signedInDevice();
    cached();
    when(gateway.getClient(any(), any())).thenReturn(client(true));
    when(gateway.removeAllSessions(any(), any()))
        .thenReturn(
            new GatewayResult.Unavailable<>(
                "connection reset", Optional.empty(), Optional.empty()));

    SessionResult<List<Session>> r = s.signOut(RequestContext.none(), DEVICE);

    assertThat(r).isInstanceOf(SessionResult.Failed.class);
    assertThat(((SessionResult.Failed<List<Session>>) r).kind()).isEqualTo(OutcomeKind.UNAVAILABLE);
    assertThat(cache.get(DEVICE)).isPresent();
  }

  @Test
  void mintingForADeviceWhoseSessionEndedDropsTheExpiredToken() {
    DeviceSessions s = signedInDevice();
    cache.put(DEVICE, jwt(T0.minusSeconds(1)));
    when(gateway.getClient(any(), any())).thenReturn(client(false));

    assertThat(s.token(RequestContext.none(), DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(cache.get(DEVICE)).isEmpty();
  }

  @Test
  void mintingForASessionTheServerNoLongerHasDropsTheExpiredToken() {
    DeviceSessions s = signedInDevice();
    cache.put(DEVICE, jwt(T0.minusSeconds(1)));
    when(gateway.getClient(any(), any())).thenReturn(client(true));
    when(gateway.createSessionToken(any(), any(), any(), any()))
        .thenReturn(Answers.rejected(401, "signed_out", null));

    assertThat(s.token(RequestContext.none(), DEVICE)).isInstanceOf(SessionResult.SignedOut.class);
    assertThat(cache.get(DEVICE)).isEmpty();
  }

  /** A cache that fails at everything, with a message that must not be logged. */
  private static final class BrokenCache implements SessionTokenCache {
    @Override
    public Optional<SessionToken> get(DeviceId device) {
      throw new IllegalStateException("SECRET-in-cache");
    }

    @Override
    public void put(DeviceId device, SessionToken token) {
      throw new IllegalStateException("SECRET-in-cache");
    }

    @Override
    public void evict(DeviceId device) {
      throw new IllegalStateException("SECRET-in-cache");
    }
  }

  @Test
  void aCacheThatFailsOnGetPutAndEvictNeverFailsTheCaller() {
    tokens.save(DEVICE, Answers.TOKEN);
    DeviceSessions s = sessions(new BrokenCache());
    when(gateway.getClient(any(), any())).thenReturn(client(true));
    SessionToken minted = jwt(T0.plusSeconds(3600));
    when(gateway.createSessionToken(any(), any(), any(), any())).thenReturn(Answers.ok(minted));

    assertThat(s.token(RequestContext.none(), DEVICE).ok()).contains(minted);
    s.sessionChanged(DEVICE);
  }

  @Test
  void printsItsCacheAndItsFlightsWithoutAToken() {
    DeviceSessions s = signedInDevice();
    cached();

    assertThat(s.toString())
        .isEqualTo(
            "DeviceSessions[InMemorySessionTokenCache[1 devices], SingleFlight[0 in flight]]");
    assertThat(tokens).hasToString("InMemoryClientTokenStore[1 devices]");
  }
}
