package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The server side of one {@link SignInGatewayContract} test: provisions users on a Clerk instance
 * and reads what the server sent, so the contract can stay ignorant of how a given adapter reaches
 * its server.
 *
 * <p>The instance a world stands for has a password first factor, email codes enabled, Client Trust
 * ("Device Trust") on, no MFA required of users who did not enable it, and session tokens that live
 * about a minute (Clerk's are 60 seconds). Identities are ordinary ones, never Clerk's test
 * identities ({@code +clerk_test} emails accept {@code 424242} and send nothing, so the outbox
 * would stay empty).
 *
 * <p>A world is created fresh for each test and used by one thread; it need not be thread-safe. Its
 * methods fail the test (throw) when the server cannot be set up; they are test fixtures, not part
 * of the port.
 */
public interface ContractWorld {

  /**
   * A user's credentials, as the contract types them into {@link SignInGateway#createSignIn}.
   *
   * @param identifier the user's email address, which is also where codes are sent
   * @param password the user's password
   */
  record User(Identifier identifier, Password password) {
    public User {
      requireNonNull(identifier, "identifier");
      requireNonNull(password, "password");
    }
  }

  /**
   * Creates a new user with a password and one verified email address (the identifier), no MFA, no
   * phone. On a device the user never had a session on, a right password gets {@code
   * needs_client_trust} (or, with the {@linkplain #legacyClientTrustShape() legacy shape}, {@code
   * needs_second_factor} with {@code client_trust_state=new}) offering {@code email_code} to that
   * address. Each call makes a different user.
   */
  User newUserWithVerifiedEmail();

  /**
   * Creates a new user with a password, a verified email address (the identifier) and TOTP MFA
   * enabled, so a right password gets {@code needs_second_factor} offering {@code totp}. Each call
   * makes a different user.
   */
  User newUserWithTotp();

  /**
   * The TOTP code the user's authenticator app shows at the server's current time ({@link #now()}):
   * RFC 6238, 30-second step, 6 digits, HmacSHA1 over the user's secret.
   *
   * @param user a user made by {@link #newUserWithTotp()}
   */
  VerificationCode currentTotp(User user);

  /**
   * The last code the server sent to this email address or phone number (the fake's outbox), or
   * empty when it has sent none. Sending a new code makes the older one not the last.
   */
  Optional<VerificationCode> lastCodeSentTo(Identifier identifier);

  /** The server's current time, the one verification expiries are measured against. */
  Instant now();

  /**
   * True when the instance answers Client Trust with Clerk's legacy shape: {@code
   * needs_second_factor} with {@code client_trust_state=new} instead of {@code needs_client_trust}.
   */
  boolean legacyClientTrustShape();

  /**
   * The session tasks the instance gives every new session, in order, such as {@code
   * choose-organization}. Empty means sessions are created {@code active}; otherwise they are
   * {@code pending} with these tasks.
   */
  List<SessionTask> sessionTasks();

  /**
   * True when the instance allows one signed-in session per client (Clerk's default): a sign-in on
   * a signed-in client answers 400 {@code session_exists}. False in multi-session mode, where only
   * the same user signing in again is refused, with 400 {@code identifier_already_signed_in} and
   * {@code meta.session_id}.
   */
  boolean singleSessionMode();

  /**
   * Makes the server fail the next request with an HTTP 503 (an in-memory server: its equivalent),
   * once. Returns false when this world cannot inject faults; the contract then skips the tests
   * that need it.
   */
  default boolean failNextRequest() {
    return false;
  }
}
