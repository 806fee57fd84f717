package dev.signinflow.engine.spi;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A sign-in attempt as the flow sees it: the part of Clerk's {@code sign_in_attempt} that decides
 * what happens next.
 *
 * @param id the sign-in id ({@code sia_...})
 * @param status the status, {@link SignInStatus#UNKNOWN} when this version does not know it
 * @param rawStatus the status exactly as the server sent it
 * @param clientTrustState whether the device is new or known to the user, when the server says
 * @param supportedSecondFactors the second factors offered, in the server's order
 * @param secondFactorVerification the current second-factor verification, if one was prepared
 * @param createdSessionId the session created when the status is {@code complete}
 * @param abandonAt when the server abandons the attempt ({@code abandon_at}), when it says; a
 *     stored flow expires then
 */
public record SignIn(
    String id,
    SignInStatus status,
    String rawStatus,
    Optional<ClientTrustState> clientTrustState,
    List<Factor> supportedSecondFactors,
    Optional<Verification> secondFactorVerification,
    Optional<String> createdSessionId,
    Optional<Instant> abandonAt) {

  public SignIn {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    requireNonNull(rawStatus, "rawStatus");
    requireNonNull(clientTrustState, "clientTrustState");
    supportedSecondFactors = List.copyOf(supportedSecondFactors);
    requireNonNull(secondFactorVerification, "secondFactorVerification");
    requireNonNull(createdSessionId, "createdSessionId");
    requireNonNull(abandonAt, "abandonAt");
  }

  /** A sign-in without a known {@code abandon_at} (adapters written before it was read). */
  public SignIn(
      String id,
      SignInStatus status,
      String rawStatus,
      Optional<ClientTrustState> clientTrustState,
      List<Factor> supportedSecondFactors,
      Optional<Verification> secondFactorVerification,
      Optional<String> createdSessionId) {
    this(
        id,
        status,
        rawStatus,
        clientTrustState,
        supportedSecondFactors,
        secondFactorVerification,
        createdSessionId,
        Optional.empty());
  }

  /**
   * A sign-in with this id and known status, and nothing else yet; see the {@code with} methods.
   */
  public static SignIn of(String id, SignInStatus status) {
    return new SignIn(
        id,
        status,
        status.wireName(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  /** This sign-in with a status given by its wire name, known or not. */
  public SignIn withRawStatus(String raw) {
    return new SignIn(
        id,
        SignInStatus.fromWireName(raw),
        raw,
        clientTrustState,
        supportedSecondFactors,
        secondFactorVerification,
        createdSessionId,
        abandonAt);
  }

  /** This sign-in with these second factors offered. */
  public SignIn withSecondFactors(List<Factor> factors) {
    return new SignIn(
        id,
        status,
        rawStatus,
        clientTrustState,
        factors,
        secondFactorVerification,
        createdSessionId,
        abandonAt);
  }

  /** This sign-in with this client-trust state. */
  public SignIn withClientTrustState(ClientTrustState state) {
    return new SignIn(
        id,
        status,
        rawStatus,
        Optional.of(state),
        supportedSecondFactors,
        secondFactorVerification,
        createdSessionId,
        abandonAt);
  }

  /** This sign-in with this second-factor verification. */
  public SignIn withVerification(Verification verification) {
    return new SignIn(
        id,
        status,
        rawStatus,
        clientTrustState,
        supportedSecondFactors,
        Optional.of(verification),
        createdSessionId,
        abandonAt);
  }

  /** This sign-in with this created session. */
  public SignIn withCreatedSessionId(String sessionId) {
    return new SignIn(
        id,
        status,
        rawStatus,
        clientTrustState,
        supportedSecondFactors,
        secondFactorVerification,
        Optional.of(sessionId),
        abandonAt);
  }
}
