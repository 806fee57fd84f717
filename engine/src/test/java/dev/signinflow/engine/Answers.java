package dev.signinflow.engine;

import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Ready-made gateway answers for engine tests: Clerk's shapes, with a rotating client token. */
public final class Answers {
  private Answers() {}

  /** The token every scripted answer returns unless a test says otherwise. */
  public static final ClientToken TOKEN = ClientToken.of("client_jwt.stub.1");

  public static final String SIGN_IN_ID = "sia_stub1";
  public static final String SESSION_ID = "sess_stub1";
  public static final String USER_ID = "user_stub1";

  public static final Factor EMAIL_CODE =
      Factor.of(Strategy.EMAIL_CODE, "idn_email1", "a***@example.com");
  public static final Factor PHONE_CODE =
      Factor.of(Strategy.PHONE_CODE, "idn_phone1", "+1*******0100");
  public static final Factor EMAIL_LINK =
      Factor.of(Strategy.EMAIL_LINK, "idn_email1", "a***@example.com");
  public static final Factor TOTP = Factor.of(Strategy.TOTP);
  public static final Factor BACKUP_CODE = Factor.of(Strategy.BACKUP_CODE);

  public static <T> GatewayResult<T> ok(T value) {
    return new GatewayResult.Success<>(value, Optional.of(TOKEN));
  }

  public static GatewayResult<SignIn> signIn(SignInStatus status, Factor... factors) {
    SignIn s = SignIn.of(SIGN_IN_ID, status).withSecondFactors(List.of(factors));
    if (status == SignInStatus.COMPLETE) {
      s = s.withCreatedSessionId(SESSION_ID);
    }
    return ok(s);
  }

  public static GatewayResult<SignIn> clientTrust(Factor factor) {
    return ok(
        SignIn.of(SIGN_IN_ID, SignInStatus.NEEDS_CLIENT_TRUST)
            .withClientTrustState(ClientTrustState.NEW)
            .withSecondFactors(List.of(factor)));
  }

  public static GatewayResult<SignIn> unknownStatus(String raw) {
    return ok(SignIn.of(SIGN_IN_ID, SignInStatus.UNKNOWN).withRawStatus(raw));
  }

  public static GatewayResult<Session> session(SessionStatus status, SessionTask... tasks) {
    return ok(Session.of(SESSION_ID, USER_ID, status, List.of(tasks)));
  }

  public static <T> GatewayResult<T> rejected(int http, String code, String paramName) {
    Map<String, String> meta = paramName == null ? Map.of() : Map.of("param_name", paramName);
    return new GatewayResult.Rejected<>(
        http,
        List.of(
            new ClerkError(
                code, code + " message", code + " long message", meta, Optional.of("trace_stub"))),
        Optional.of(TOKEN));
  }

  public static <T> GatewayResult<T> passwordIncorrect() {
    return rejected(422, "form_password_incorrect", "password");
  }

  public static <T> GatewayResult<T> codeIncorrect() {
    return rejected(422, "form_code_incorrect", "code");
  }

  public static <T> GatewayResult<T> verificationExpired() {
    return rejected(400, "verification_expired", null);
  }

  public static <T> GatewayResult<T> verificationFailed() {
    return rejected(400, "verification_failed", null);
  }

  public static <T> GatewayResult<T> gone() {
    return rejected(403, "resource_forbidden", null);
  }

  public static <T> GatewayResult<T> notFound() {
    return rejected(404, "resource_not_found", null);
  }

  public static <T> GatewayResult<T> rateLimited(Instant retryAt) {
    return new GatewayResult.RateLimited<>(retryAt, List.of(), Optional.of(TOKEN));
  }

  public static <T> GatewayResult<T> unavailable() {
    return new GatewayResult.Unavailable<>(
        "connection refused", Optional.empty(), Optional.empty());
  }
}
