package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClientTrustState;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Session;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.Verification;
import dev.signinflow.engine.spi.SignIn;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a flow remembers between events: the whole of a parked flow, and what a snapshot
 * holds. Immutable; holds no password, code or token. Fields marked nullable are {@code null} when
 * absent, so an idle flow stays small.
 *
 * @param device the flow's device
 * @param state the flow's state
 * @param signInId nullable; the server's sign-in id
 * @param identifier nullable; the normalized identifier submitted
 * @param clientTrust nullable; the server's client-trust state
 * @param factors the offered second factors
 * @param factor nullable; the current second factor
 * @param verification nullable; the server's record of the current verification
 * @param lastSentAt when a code or link was last sent, per strategy
 * @param sends how many codes or links were sent for this sign-in
 * @param serverRetryAt nullable; when the server's last 429 on a send lifts
 * @param createdSessionId nullable; the session the flow completed with: the one its sign-in
 *     created, or the device's existing session of the user
 * @param session nullable; the activated session
 * @param abandonAt nullable; when the server abandons the sign-in ({@code abandon_at}): a stored
 *     flow expires then
 */
public record FlowData(
    DeviceId device,
    SignInState state,
    String signInId,
    String identifier,
    ClientTrustState clientTrust,
    List<Factor> factors,
    Factor factor,
    Verification verification,
    Map<Strategy, Instant> lastSentAt,
    int sends,
    Instant serverRetryAt,
    String createdSessionId,
    Session session,
    Instant abandonAt) {

  public FlowData {
    requireNonNull(device, "device");
    requireNonNull(state, "state");
    factors = List.copyOf(factors);
    lastSentAt = Map.copyOf(lastSentAt);
  }

  /** Data without a known {@code abandon_at}. */
  public FlowData(
      DeviceId device,
      SignInState state,
      String signInId,
      String identifier,
      ClientTrustState clientTrust,
      List<Factor> factors,
      Factor factor,
      Verification verification,
      Map<Strategy, Instant> lastSentAt,
      int sends,
      Instant serverRetryAt,
      String createdSessionId,
      Session session) {
    this(
        device,
        state,
        signInId,
        identifier,
        clientTrust,
        factors,
        factor,
        verification,
        lastSentAt,
        sends,
        serverRetryAt,
        createdSessionId,
        session,
        null);
  }

  /** A flow that has not started: identifying, nothing known. */
  public static FlowData initial(DeviceId device) {
    return new FlowData(
        device,
        SignInState.IDENTIFYING,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        Map.of(),
        0,
        null,
        null,
        null);
  }

  FlowData withState(SignInState s) {
    if (s == state) {
      return this; // most events stay where they are: no copy
    }
    return new FlowData(
        device,
        s,
        signInId,
        identifier,
        clientTrust,
        factors,
        factor,
        verification,
        lastSentAt,
        sends,
        serverRetryAt,
        createdSessionId,
        session,
        abandonAt);
  }

  /** A new sign-in from the server: everything about the previous one is forgotten. */
  FlowData startedWith(SignIn signIn, String submittedIdentifier) {
    return new FlowData(
        device,
        state,
        signIn.id(),
        submittedIdentifier,
        signIn.clientTrustState().orElse(null),
        signIn.supportedSecondFactors(),
        null,
        signIn.secondFactorVerification().orElse(null),
        Map.of(),
        0,
        null,
        signIn.createdSessionId().orElse(null),
        null,
        signIn.abandonAt().orElse(null));
  }

  /**
   * Signed in with the device's existing session of this user (Clerk answered the create with
   * {@code identifier_already_signed_in} or {@code session_exists}): no sign-in, the identifier
   * submitted and the session.
   */
  FlowData signedInWith(String sessionId, String submittedIdentifier) {
    return new FlowData(
        device,
        state,
        null,
        submittedIdentifier,
        null,
        List.of(),
        null,
        null,
        Map.of(),
        0,
        null,
        sessionId,
        null);
  }

  /** The same sign-in, as the server now reports it. */
  FlowData updatedWith(SignIn signIn) {
    return new FlowData(
        device,
        state,
        signIn.id(),
        identifier,
        signIn.clientTrustState().orElse(clientTrust),
        signIn.supportedSecondFactors().isEmpty() ? factors : signIn.supportedSecondFactors(),
        factor,
        signIn.secondFactorVerification().orElse(verification),
        lastSentAt,
        sends,
        serverRetryAt,
        signIn.createdSessionId().orElse(createdSessionId),
        session,
        signIn.abandonAt().orElse(abandonAt));
  }

  FlowData withFactor(Factor f) {
    return new FlowData(
        device,
        state,
        signInId,
        identifier,
        clientTrust,
        factors,
        f,
        verification,
        lastSentAt,
        sends,
        serverRetryAt,
        createdSessionId,
        session,
        abandonAt);
  }

  FlowData sent(Strategy strategy, Instant at) {
    Map<Strategy, Instant> m = new java.util.EnumMap<>(Strategy.class);
    m.putAll(lastSentAt);
    m.put(strategy, at);
    return new FlowData(
        device,
        state,
        signInId,
        identifier,
        clientTrust,
        factors,
        factor,
        verification,
        m,
        sends + 1,
        serverRetryAt,
        createdSessionId,
        session,
        abandonAt);
  }

  FlowData withServerRetryAt(Instant at) {
    return new FlowData(
        device,
        state,
        signInId,
        identifier,
        clientTrust,
        factors,
        factor,
        verification,
        lastSentAt,
        sends,
        at,
        createdSessionId,
        session,
        abandonAt);
  }

  FlowData withSession(Session s) {
    return new FlowData(
        device,
        state,
        signInId,
        identifier,
        clientTrust,
        factors,
        factor,
        verification,
        lastSentAt,
        sends,
        serverRetryAt,
        createdSessionId,
        s,
        abandonAt);
  }

  /** Start over: only the device remains (its client token lives in the token store). */
  FlowData cleared() {
    return initial(device).withState(state);
  }
}
