package dev.signinflow.benchmarks;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SessionStatus;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.Verification;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SessionToken;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.engine.spi.VerificationCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway that answers at once, so a benchmark measures only the engine: every new device gets
 * Client Trust with an email code, {@link #RIGHT_CODE} completes the sign-in, any other code is
 * rejected; the session calls answer constants (a client whose one session is active, a token good
 * until 2100, an ended or removed session, a client without sessions). With {@code uniqueIds} each
 * sign-in gets its own id strings (for memory figures); without, the answers are constants and the
 * gateway allocates only nothing. Thread-safe.
 */
final class InstantGateway implements SignInGateway {
  static final String RIGHT_CODE = "424242";
  static final String WRONG_CODE = "000000";

  private static final Factor EMAIL = Factor.of(Strategy.EMAIL_CODE, "idn_1", "a***@example.com");
  private static final GatewayResult<SignIn> CREATED =
      new GatewayResult.Success<>(trust("sia_1"), Optional.empty());
  private static final GatewayResult<SignIn> PREPARED =
      new GatewayResult.Success<>(prepared(trust("sia_1")), Optional.empty());
  private static final GatewayResult<SignIn> COMPLETED =
      new GatewayResult.Success<>(
          SignIn.of("sia_1", SignInStatus.COMPLETE).withCreatedSessionId("sess_1"),
          Optional.empty());
  private static final GatewayResult<SignIn> WRONG =
      new GatewayResult.Rejected<>(
          422,
          List.of(ClerkError.of("form_code_incorrect", "Incorrect code", "Incorrect code")),
          Optional.empty());
  private static final GatewayResult<Session> ACTIVE =
      new GatewayResult.Success<>(
          Session.of("sess_1", "user_1", SessionStatus.ACTIVE, List.of()), Optional.empty());
  private static final GatewayResult<Client> SIGNED_IN =
      new GatewayResult.Success<>(
          new Client(
              Optional.of("client_1"),
              List.of(
                  new ClientSession(
                      Session.of("sess_1", "user_1", SessionStatus.ACTIVE, List.of()),
                      List.of("ada@example.com"))),
              Optional.of("sess_1")),
          Optional.empty());
  private static final GatewayResult<Client> NO_SESSIONS =
      new GatewayResult.Success<>(
          new Client(Optional.of("client_1"), List.of(), Optional.empty()), Optional.empty());

  /**
   * An unsigned session JWT for sess_1 that expires in 2100 ({@code exp} 4102444800): a cached
   * token never needs a refresh within a benchmark.
   */
  private static final GatewayResult<SessionToken> TOKEN =
      new GatewayResult.Success<>(
          SessionToken.of(
              base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")
                  + "."
                  + base64Url(
                      "{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"iat\":4102444740,"
                          + "\"exp\":4102444800}")
                  + ".c2lnbmF0dXJl"),
          Optional.empty());

  private static final GatewayResult<Session> ENDED =
      new GatewayResult.Success<>(
          Session.of("sess_1", "user_1", SessionStatus.ENDED, List.of()), Optional.empty());
  private static final GatewayResult<Session> REMOVED =
      new GatewayResult.Success<>(
          Session.of("sess_1", "user_1", SessionStatus.REMOVED, List.of()), Optional.empty());

  private final boolean uniqueIds;
  private final AtomicLong ids = new AtomicLong();

  private InstantGateway(boolean uniqueIds) {
    this.uniqueIds = uniqueIds;
  }

  /** Constant answers: the gateway costs (almost) nothing. */
  static InstantGateway constant() {
    return new InstantGateway(false);
  }

  /** Each sign-in has its own id and factor id, as a real server's would. */
  static InstantGateway uniqueIds() {
    return new InstantGateway(true);
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static SignIn trust(String id) {
    return SignIn.of(id, SignInStatus.NEEDS_CLIENT_TRUST)
        .withClientTrustState(ClientTrustState.NEW)
        .withSecondFactors(List.of(EMAIL));
  }

  private static SignIn prepared(SignIn s) {
    return s.withVerification(
        new Verification(VerificationStatus.UNVERIFIED, Strategy.EMAIL_CODE, 0, Optional.empty()));
  }

  @Override
  public GatewayResult<SignIn> createSignIn(
      RequestContext context,
      Optional<ClientToken> clientToken,
      Identifier identifier,
      Password password) {
    if (!uniqueIds) {
      return CREATED;
    }
    long n = ids.incrementAndGet();
    SignIn s =
        SignIn.of(
                "sia_2Xb" + Long.toString(n, 36) + "q7Zk0PnVt3LmA9wRcE",
                SignInStatus.NEEDS_CLIENT_TRUST)
            .withClientTrustState(ClientTrustState.NEW)
            .withSecondFactors(
                List.of(
                    Factor.of(
                        Strategy.EMAIL_CODE,
                        "idn_2Xb" + Long.toString(n, 36) + "Jd8sLq0VmN4tYx",
                        "u" + n + "***@example.com")));
    return new GatewayResult.Success<>(s, Optional.empty());
  }

  @Override
  public GatewayResult<SignIn> prepareSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Factor factor,
      Optional<String> redirectUrl) {
    if (!uniqueIds) {
      return PREPARED;
    }
    SignIn s =
        prepared(
            SignIn.of(signInId, SignInStatus.NEEDS_CLIENT_TRUST)
                .withClientTrustState(ClientTrustState.NEW)
                .withSecondFactors(List.of(factor)));
    return new GatewayResult.Success<>(s, Optional.empty());
  }

  @Override
  public GatewayResult<SignIn> attemptSecondFactor(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String signInId,
      Strategy strategy,
      VerificationCode code) {
    return RIGHT_CODE.equals(code.reveal()) ? COMPLETED : WRONG;
  }

  @Override
  public GatewayResult<SignIn> getSignIn(
      RequestContext context, Optional<ClientToken> clientToken, String signInId) {
    return PREPARED;
  }

  @Override
  public GatewayResult<Session> activateSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return ACTIVE;
  }

  /** A client whose one session, sess_1, is active. */
  @Override
  public GatewayResult<Client> getClient(
      RequestContext context, Optional<ClientToken> clientToken) {
    return SIGNED_IN;
  }

  @Override
  public GatewayResult<SessionToken> createSessionToken(
      RequestContext context,
      Optional<ClientToken> clientToken,
      String sessionId,
      Optional<String> organizationId) {
    return TOKEN;
  }

  @Override
  public GatewayResult<Session> endSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return ENDED;
  }

  @Override
  public GatewayResult<Session> removeSession(
      RequestContext context, Optional<ClientToken> clientToken, String sessionId) {
    return REMOVED;
  }

  @Override
  public GatewayResult<Client> removeAllSessions(
      RequestContext context, Optional<ClientToken> clientToken) {
    return NO_SESSIONS;
  }
}
