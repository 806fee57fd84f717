package dev.signinflow.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a UI needs to show a flow, read at one moment. Holds no secret.
 *
 * @param deviceId the device the flow signs in on
 * @param state the flow's state
 * @param signInId the server's sign-in id, once there is one
 * @param identifier the identifier the user signed in with, once submitted
 * @param currentFactor the second factor in use, with its masked destination
 * @param offeredFactors every second factor the server offered
 * @param clientTrustState whether the server calls this device new or known; {@code NEW} means "new
 *     device", also in Clerk's legacy shape where the state is {@code NEEDS_SECOND_FACTOR}
 * @param verification the server's record of the current verification
 * @param resendAvailableAt when a resend will be allowed; empty when the current factor cannot be
 *     resent or no sends remain
 * @param sendsRemaining how many more codes or links may be sent for this sign-in
 * @param sessionId once {@link SignInState#COMPLETE}: the session the flow completed with, which
 *     its sign-in created or, when the device was signed in to this user already, the existing one
 *     (then there is no {@code signInId})
 * @param session the activated session, after {@link SignInFlow#finalizeSession()}
 */
public record FlowView(
    DeviceId deviceId,
    SignInState state,
    Optional<String> signInId,
    Optional<String> identifier,
    Optional<Factor> currentFactor,
    List<Factor> offeredFactors,
    Optional<ClientTrustState> clientTrustState,
    Optional<Verification> verification,
    Optional<Instant> resendAvailableAt,
    int sendsRemaining,
    Optional<String> sessionId,
    Optional<Session> session) {

  public FlowView {
    offeredFactors = List.copyOf(offeredFactors);
  }

  /** True when the server says this device is new to the user (Client Trust, either shape). */
  public boolean newDevice() {
    return clientTrustState.filter(ClientTrustState.NEW::equals).isPresent();
  }
}
