package dev.signinflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SignInGateway} adapter passes: Clerk's Frontend API as {@code
 * fapi-protocol.md} describes it (§1.4 tokens, §2 endpoints, §4.2 errors, §6.4 and §11 the
 * emulator's rules), seen through the port.
 *
 * <p>Extend it once per adapter and create a fresh server, gateway and {@link ContractWorld} for
 * every test in a {@code @BeforeEach}; {@link #gateway()} and {@link #world()} are read only inside
 * test methods. The suite is adapter-agnostic: it speaks to the server only through the gateway and
 * the world, sends back the client token it was last given (as the engine does per device), and
 * asserts on Clerk's codes and HTTP statuses, never on an adapter's exception or wire types.
 *
 * <p>Each test checks one behaviour. Every gateway call made through {@link Device} also checks
 * that the result is not null and that nothing was thrown.
 */
public abstract class SignInGatewayContract {

  /** An id no server has issued; opaque to the adapter, as real ids are. */
  protected static final String UNKNOWN_SIGN_IN_ID = "sia_contractUnknown000000000";

  /** A session id no server has issued. */
  protected static final String UNKNOWN_SESSION_ID = "sess_contractUnknown00000000";

  /** The gateway under test, talking to the server {@link #world()} provisions. */
  protected abstract SignInGateway gateway();

  /** The server side of the current test. */
  protected abstract ContractWorld world();

  // ---- client token (fapi-protocol.md §1.4)

  @Test
  public void firstContactReturnsAClientToken() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();

    GatewayResult<SignIn> r =
        call(
            () ->
                gateway()
                    .createSignIn(
                        RequestContext.none(),
                        Optional.empty(),
                        user.identifier(),
                        user.password()));

    assertThat(r.clientToken()).as("token returned by a tokenless create: %s", r).isPresent();
  }

  @Test
  public void rejectionOnFirstContactStillReturnsAClientToken() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();

    GatewayResult<SignIn> r =
        call(
            () ->
                gateway()
                    .createSignIn(
                        RequestContext.none(),
                        Optional.empty(),
                        user.identifier(),
                        Password.of("not the password")));

    assertThat(r).isInstanceOf(GatewayResult.Rejected.class);
    assertThat(r.clientToken()).as("token returned with the error: %s", r).isPresent();
  }

  @Test
  public void everyLaterResultCarriesAClientToken() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    Map<String, GatewayResult<?>> results = new LinkedHashMap<>();

    results.put("create, wrong password", device.create(user.identifier(), Password.of("nope")));
    GatewayResult<SignIn> created = device.create(user);
    results.put("create", created);
    SignIn signIn = success(created);
    Factor factor = signIn.supportedSecondFactors().get(0);
    results.put("attempt before prepare", device.attempt(signIn.id(), factor, code("123456")));
    results.put("prepare", device.prepare(signIn.id(), factor));
    VerificationCode sent = sentCode(user);
    results.put("attempt, wrong code", device.attempt(signIn.id(), factor, wrongCode(sent)));
    GatewayResult<SignIn> completed = device.attempt(signIn.id(), factor, sent);
    results.put("attempt, right code", completed);
    results.put("get", device.get(signIn.id()));
    results.put("get, unknown id", device.get(UNKNOWN_SIGN_IN_ID));
    String sessionId = success(completed).createdSessionId().orElseThrow();
    results.put("activate", device.activate(sessionId));
    results.put("get client", device.client());
    results.put("remove", device.remove(sessionId));

    results.forEach((step, r) -> assertThat(r.clientToken()).as("%s: %s", step, r).isPresent());
  }

  @Test
  public void returnedTokenIsAcceptedWhenSentBack() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    GatewayResult<SignIn> first =
        call(
            () ->
                gateway()
                    .createSignIn(
                        RequestContext.none(),
                        Optional.empty(),
                        user.identifier(),
                        user.password()));
    Optional<ClientToken> token = first.clientToken();
    String id = success(first).id();

    GatewayResult<SignIn> again = call(() -> gateway().getSignIn(RequestContext.none(), token, id));

    assertThat(success(again).id()).isEqualTo(id);
  }

  // ---- password (§4.2)

  @Test
  public void wrongPasswordIsRejectedAsIncorrectPassword() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();

    GatewayResult<SignIn> r =
        newDevice().create(user.identifier(), Password.of("correct horse battery stable"));

    GatewayResult.Rejected<?> rejected = rejected(r);
    ClerkError error = rejected.errors().get(0);
    assertThat(rejected.httpStatus()).isEqualTo(422);
    assertThat(error.code())
        .isIn("form_password_incorrect", "form_password_or_identifier_incorrect");
    assertThat(error.paramName()).contains("password");
    assertThat(error.traceId()).as("clerk_trace_id").isPresent();
  }

  @Test
  public void unknownIdentifierIsRejectedAsNotFound() {
    Identifier nobody = Identifier.parse("nobody.contract@example.invalid");

    GatewayResult<SignIn> r = newDevice().create(nobody, Password.of("whatever it is"));

    GatewayResult.Rejected<?> rejected = rejected(r);
    ClerkError error = rejected.errors().get(0);
    assertThat(rejected.httpStatus()).isEqualTo(422);
    assertThat(error.code())
        .isIn("form_identifier_not_found", "form_password_or_identifier_incorrect");
    assertThat(error.paramName()).as("meta.param_name").isPresent();
  }

  // ---- Client Trust on a new device (§6)

  @Test
  public void newDeviceWithRightPasswordIsChallengedForClientTrust() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();

    SignIn signIn = success(newDevice().create(user));

    assertThat(signIn.status()).isEqualTo(challengeStatus());
    assertThat(signIn.createdSessionId()).isEmpty();
    if (world().legacyClientTrustShape()) {
      assertThat(signIn.clientTrustState()).contains(ClientTrustState.NEW);
    } else {
      assertThat(signIn.clientTrustState().orElse(ClientTrustState.NEW))
          .isEqualTo(ClientTrustState.NEW);
    }
  }

  @Test
  public void clientTrustOffersExactlyOneDeliveredFactor() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();

    SignIn signIn = success(newDevice().create(user));

    assertThat(signIn.supportedSecondFactors()).hasSize(1);
    Factor factor = signIn.supportedSecondFactors().get(0);
    assertThat(factor.strategy().isDelivered()).as("%s is sent by the server", factor).isTrue();
    assertThat(factor.id()).as("email_address_id / phone_number_id").isPresent();
    assertThat(factor.safeIdentifier())
        .as("masked safe_identifier")
        .hasValueSatisfying(
            s -> assertThat(s).contains("*").isNotEqualTo(user.identifier().value()));
  }

  @Test
  public void prepareKeepsTheStatusAndStartsAnUnverifiedVerification() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    SignIn challenged = success(device.create(user));
    Factor factor = challenged.supportedSecondFactors().get(0);

    SignIn prepared = success(device.prepare(challenged.id(), factor));

    assertThat(prepared.id()).isEqualTo(challenged.id());
    assertThat(prepared.status()).isEqualTo(challenged.status());
    Verification v = prepared.secondFactorVerification().orElseThrow();
    assertThat(v.status()).isEqualTo(VerificationStatus.UNVERIFIED);
    assertThat(v.strategy()).isEqualTo(factor.strategy());
    assertThat(v.attempts()).isZero();
    assertThat(v.expireAt()).hasValueSatisfying(at -> assertThat(at).isAfter(world().now()));
  }

  @Test
  public void codeIsSentByPrepareNotByCreate() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    SignIn challenged = success(device.create(user));
    assertThat(world().lastCodeSentTo(user.identifier())).as("sent by create").isEmpty();

    success(device.prepare(challenged.id(), challenged.supportedSecondFactors().get(0)));

    assertThat(world().lastCodeSentTo(user.identifier())).as("sent by prepare").isPresent();
  }

  @Test
  public void wrongCodeIsRejectedAsIncorrectCode() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    SignIn signIn = preparedChallenge(device, user);
    Factor factor = signIn.supportedSecondFactors().get(0);

    GatewayResult<SignIn> r = device.attempt(signIn.id(), factor, wrongCode(sentCode(user)));

    GatewayResult.Rejected<?> rejected = rejected(r);
    assertThat(rejected.httpStatus()).isEqualTo(422);
    assertThat(rejected.errors().get(0).code()).isEqualTo("form_code_incorrect");
    assertThat(rejected.errors().get(0).paramName()).contains("code");
  }

  @Test
  public void rightCodeCompletesWithACreatedSession() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    SignIn signIn = preparedChallenge(device, user);
    Factor factor = signIn.supportedSecondFactors().get(0);

    SignIn done = success(device.attempt(signIn.id(), factor, sentCode(user)));

    assertThat(done.id()).isEqualTo(signIn.id());
    assertThat(done.status()).isEqualTo(SignInStatus.COMPLETE);
    assertThat(done.createdSessionId()).hasValueSatisfying(s -> assertThat(s).isNotBlank());
  }

  @Test
  public void activateSessionReturnsTheCreatedSession() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    String sessionId = completeOnNewDevice(device, user).createdSessionId().orElseThrow();

    Session session = success(device.activate(sessionId));

    assertThat(session.id()).isEqualTo(sessionId);
    if (world().sessionTasks().isEmpty()) {
      assertThat(session.status()).isEqualTo(SessionStatus.ACTIVE);
      assertThat(session.tasks()).isEmpty();
    } else {
      assertThat(session.status()).isEqualTo(SessionStatus.PENDING);
      assertThat(session.tasks()).isEqualTo(world().sessionTasks());
    }
  }

  @Test
  public void sameDeviceSigningInAgainCompletesAtOnce() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    String first = completeOnNewDevice(device, user).createdSessionId().orElseThrow();
    success(device.remove(first));

    SignIn again = success(device.create(user));

    assertThat(again.status())
        .as("no challenge on a known device")
        .isEqualTo(SignInStatus.COMPLETE);
    assertThat(again.createdSessionId()).isPresent();
  }

  @Test
  public void differentDeviceIsChallengedAgain() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    completeOnNewDevice(newDevice(), user);

    SignIn other = success(newDevice().create(user));

    assertThat(other.status()).isEqualTo(challengeStatus());
  }

  // ---- sessions (§2 E2, E11-E14; clerk-research §§1-5)

  @Test
  public void clientListsTheCompletedSessionAsItsCurrentOne() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    String sessionId = completeOnNewDevice(device, user).createdSessionId().orElseThrow();

    Client client = success(device.client());

    assertThat(client.id()).isPresent();
    assertThat(client.lastActiveSessionId()).contains(sessionId);
    ClientSession current = client.current().orElseThrow();
    assertThat(current.id()).isEqualTo(sessionId);
    assertThat(current.session().userId()).startsWith("user_");
    assertThat(current.signedIn()).isTrue();
    assertThat(current.belongsTo(user.identifier())).as("the user's identifiers").isTrue();
  }

  @Test
  public void clientOfADeviceThatNeverSignedInHasNoSession() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    success(device.create(user));

    Client client = success(device.client());

    assertThat(client.signedIn()).isEmpty();
    assertThat(client.current()).isEmpty();
  }

  @Test
  public void sessionTokenIsAShortLivedJwtForTheSessionAndItsUser() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    String sessionId = completeOnNewDevice(device, user).createdSessionId().orElseThrow();
    String userId = success(device.client()).current().orElseThrow().session().userId();

    SessionToken token = success(device.token(sessionId));

    assertThat(token.sessionId()).contains(sessionId);
    assertThat(token.expiresAt())
        .isAfter(world().now())
        .isBeforeOrEqualTo(world().now().plus(Duration.ofMinutes(5)));
    assertThat(claims(token)).contains("\"sub\":\"" + userId + "\"");
    assertThat(token.toString()).doesNotContain(token.reveal());
  }

  @Test
  public void sessionTokenOfAnUnknownSessionIsGone() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    completeOnNewDevice(device, user);

    GatewayResult.Rejected<?> rejected = rejected(device.token(UNKNOWN_SESSION_ID));

    assertThat(rejected.sessionGone()).as("%s", rejected).isTrue();
  }

  @Test
  public void removeSignsTheSessionOutAndTakesItOffTheClient() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    String sessionId = completeOnNewDevice(device, user).createdSessionId().orElseThrow();

    Session removed = success(device.remove(sessionId));

    assertThat(removed.id()).isEqualTo(sessionId);
    assertThat(removed.status()).isEqualTo(SessionStatus.REMOVED);
    Client client = success(device.client());
    assertThat(client.sessions()).extracting(ClientSession::id).doesNotContain(sessionId);
    assertThat(client.current()).isEmpty();
  }

  @Test
  public void endSignsTheSessionOutAndKeepsItListedAsEnded() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    String sessionId = completeOnNewDevice(device, user).createdSessionId().orElseThrow();

    Session ended = success(device.end(sessionId));

    assertThat(ended.status()).isEqualTo(SessionStatus.ENDED);
    Client client = success(device.client());
    assertThat(client.sessions())
        .filteredOn(x -> x.id().equals(sessionId))
        .singleElement()
        .satisfies(x -> assertThat(x.session().status()).isEqualTo(SessionStatus.ENDED));
    assertThat(client.signedIn()).isEmpty();
  }

  @Test
  public void aSignedOutSessionIsGoneForEveryLaterCall() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    String sessionId = completeOnNewDevice(device, user).createdSessionId().orElseThrow();
    success(device.remove(sessionId));

    Map<String, GatewayResult<?>> later = new LinkedHashMap<>();
    later.put("remove again", device.remove(sessionId));
    later.put("end", device.end(sessionId));
    later.put("token", device.token(sessionId));
    later.put("activate", device.activate(sessionId));

    later.forEach(
        (what, r) -> assertThat(rejected(r).sessionGone()).as("%s: %s", what, r).isTrue());
  }

  @Test
  public void removeAllSignsEverySessionOutAndKeepsTheDeviceTrusted() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    completeOnNewDevice(device, user);

    Client after = success(device.removeAll());

    assertThat(after.signedIn()).isEmpty();
    assertThat(success(device.client()).signedIn()).isEmpty();
    SignIn again = success(device.create(user));
    assertThat(again.status()).as("still a known device").isEqualTo(SignInStatus.COMPLETE);
  }

  @Test
  public void signingInAgainOnASignedInDeviceCreatesNoSecondSession() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    String sessionId = completeOnNewDevice(device, user).createdSessionId().orElseThrow();

    GatewayResult.Rejected<?> rejected = rejected(device.create(user));

    assertThat(rejected.httpStatus()).isEqualTo(400);
    ClerkError error = rejected.errors().get(0);
    if (world().singleSessionMode()) {
      assertThat(error.code()).isEqualTo("session_exists");
    } else {
      assertThat(error.code()).isEqualTo("identifier_already_signed_in");
      assertThat(error.meta()).containsEntry("session_id", sessionId);
    }
    assertThat(success(device.client()).signedIn())
        .extracting(ClientSession::id)
        .containsExactly(sessionId);
  }

  @Test
  public void anotherUserOnASignedInDeviceIsRefusedOnlyInSingleSessionMode() {
    ContractWorld.User first = world().newUserWithVerifiedEmail();
    ContractWorld.User second = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    completeOnNewDevice(device, first);

    GatewayResult<SignIn> r = device.create(second);

    if (world().singleSessionMode()) {
      GatewayResult.Rejected<?> rejected = rejected(r);
      assertThat(rejected.httpStatus()).isEqualTo(400);
      assertThat(rejected.errors().get(0).code()).isEqualTo("session_exists");
    } else {
      assertThat(success(r).status())
          .as("a new device for the second user")
          .isEqualTo(challengeStatus());
    }
  }

  // ---- MFA (§6.3: MFA wins over Client Trust)

  @Test
  public void totpUserNeedsSecondFactorOfferingTotp() {
    ContractWorld.User user = world().newUserWithTotp();

    SignIn signIn = success(newDevice().create(user));

    assertThat(signIn.status()).isEqualTo(SignInStatus.NEEDS_SECOND_FACTOR);
    assertThat(signIn.supportedSecondFactors())
        .extracting(Factor::strategy)
        .contains(Strategy.TOTP);
  }

  @Test
  public void currentTotpCompletesTheSignIn() {
    ContractWorld.User user = world().newUserWithTotp();
    Device device = newDevice();
    SignIn signIn = success(device.create(user));

    SignIn done =
        success(device.attempt(signIn.id(), Factor.of(Strategy.TOTP), world().currentTotp(user)));

    assertThat(done.status()).isEqualTo(SignInStatus.COMPLETE);
    assertThat(done.createdSessionId()).isPresent();
  }

  // ---- reading and replacing sign-ins (§2 E3, E4; §5.2)

  @Test
  public void getSignInReturnsTheSameIdAndStatus() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    SignIn created = success(device.create(user));

    SignIn read = success(device.get(created.id()));

    assertThat(read.id()).isEqualTo(created.id());
    assertThat(read.status()).isEqualTo(created.status());
  }

  @Test
  public void unknownSignInIdIsGone() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    success(device.create(user));

    GatewayResult.Rejected<?> rejected = rejected(device.get(UNKNOWN_SIGN_IN_ID));

    assertThat(rejected.httpStatus()).isEqualTo(404);
    assertThat(rejected.signInGone()).isTrue();
  }

  @Test
  public void replacedSignInRefusesMutationsAsGone() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    SignIn old = success(device.create(user));
    SignIn replacement = success(device.create(user));
    assertThat(replacement.id()).isNotEqualTo(old.id());
    Factor factor = old.supportedSecondFactors().get(0);

    GatewayResult.Rejected<?> prepare = rejected(device.prepare(old.id(), factor));
    GatewayResult.Rejected<?> attempt = rejected(device.attempt(old.id(), factor, code("123456")));

    assertThat(List.of(prepare, attempt))
        .allSatisfy(
            r -> {
              assertThat(r.httpStatus()).isEqualTo(403);
              assertThat(r.signInGone()).isTrue();
            });
  }

  @Test
  public void attemptBeforePrepareIsRejectedAsBadRequest() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    SignIn signIn = success(device.create(user));
    Factor factor = signIn.supportedSecondFactors().get(0);

    GatewayResult.Rejected<?> rejected =
        rejected(device.attempt(signIn.id(), factor, code("123456")));

    assertThat(rejected.httpStatus()).isEqualTo(400);
    assertThat(rejected.errors().get(0).code())
        .isIn("verification_missing", "verification_strategy_invalid");
  }

  // ---- failures are values (SignInGateway's contract)

  @Test
  public void oddRequestsGetFailureResultsNotExceptions() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    Device device = newDevice();
    SignIn signIn = success(device.create(user));
    String id = signIn.id();
    Factor phone = Factor.of(Strategy.PHONE_CODE, "idn_contractUnknown", "+1*******0199");
    Map<String, Supplier<GatewayResult<?>>> odd = new LinkedHashMap<>();
    odd.put("prepare, unknown id", () -> device.prepare(UNKNOWN_SIGN_IN_ID, phone));
    odd.put("attempt, unknown id", () -> device.attempt(UNKNOWN_SIGN_IN_ID, phone, code("1")));
    odd.put("get, id with URL syntax", () -> device.get("sia_../../x?y=1#z"));
    odd.put("prepare, factor not offered", () -> device.prepare(id, phone));
    odd.put("attempt, strategy not offered", () -> device.attempt(id, phone, code("123456")));
    odd.put("activate, unknown session", () -> device.activate("sess_contractUnknown0000000"));
    odd.put(
        "activate, no token",
        () -> call(() -> gateway().activateSession(RequestContext.none(), Optional.empty(), "")));
    odd.put("token, unknown session", () -> device.token(UNKNOWN_SESSION_ID));
    odd.put("token, id with URL syntax", () -> device.token("sess_../../x?y=1#z"));
    odd.put("end, unknown session", () -> device.end(UNKNOWN_SESSION_ID));
    odd.put("remove, unknown session", () -> device.remove(UNKNOWN_SESSION_ID));
    odd.put(
        "remove, no token",
        () ->
            call(
                () ->
                    gateway()
                        .removeSession(
                            RequestContext.none(), Optional.empty(), UNKNOWN_SESSION_ID)));

    List<String> problems = new ArrayList<>();
    odd.forEach(
        (what, request) -> {
          try {
            GatewayResult<?> r = request.get();
            if (r instanceof GatewayResult.Success) {
              problems.add(what + " succeeded: " + r);
            }
          } catch (RuntimeException | AssertionError e) {
            problems.add(what + " threw " + e);
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  public void serverFailureIsUnavailableNotAnException() {
    ContractWorld.User user = world().newUserWithVerifiedEmail();
    assumeTrue(world().failNextRequest(), "this world cannot inject server faults");

    GatewayResult<SignIn> r = newDevice().create(user);

    assertThat(r).isInstanceOf(GatewayResult.Unavailable.class);
  }

  // ---- helpers

  /**
   * One device as the engine sees it: it sends the client token it was last given, and keeps a new
   * one whenever a result carries it.
   */
  protected final class Device {
    private Optional<ClientToken> token = Optional.empty();

    /** The token this device would send next. */
    public Optional<ClientToken> token() {
      return token;
    }

    public GatewayResult<SignIn> create(ContractWorld.User user) {
      return create(user.identifier(), user.password());
    }

    public GatewayResult<SignIn> create(Identifier identifier, Password password) {
      return keep(
          call(() -> gateway().createSignIn(RequestContext.none(), token, identifier, password)));
    }

    public GatewayResult<SignIn> prepare(String signInId, Factor factor) {
      return keep(
          call(
              () ->
                  gateway()
                      .prepareSecondFactor(
                          RequestContext.none(), token, signInId, factor, redirectFor(factor))));
    }

    public GatewayResult<SignIn> attempt(String signInId, Factor factor, VerificationCode code) {
      return keep(
          call(
              () ->
                  gateway()
                      .attemptSecondFactor(
                          RequestContext.none(), token, signInId, factor.strategy(), code)));
    }

    public GatewayResult<SignIn> get(String signInId) {
      return keep(call(() -> gateway().getSignIn(RequestContext.none(), token, signInId)));
    }

    public GatewayResult<Session> activate(String sessionId) {
      return keep(call(() -> gateway().activateSession(RequestContext.none(), token, sessionId)));
    }

    public GatewayResult<Client> client() {
      return keep(call(() -> gateway().getClient(RequestContext.none(), token)));
    }

    public GatewayResult<SessionToken> token(String sessionId) {
      return keep(
          call(
              () ->
                  gateway()
                      .createSessionToken(
                          RequestContext.none(), token, sessionId, Optional.empty())));
    }

    public GatewayResult<Session> end(String sessionId) {
      return keep(call(() -> gateway().endSession(RequestContext.none(), token, sessionId)));
    }

    public GatewayResult<Session> remove(String sessionId) {
      return keep(call(() -> gateway().removeSession(RequestContext.none(), token, sessionId)));
    }

    public GatewayResult<Client> removeAll() {
      return keep(call(() -> gateway().removeAllSessions(RequestContext.none(), token)));
    }

    private <T> GatewayResult<T> keep(GatewayResult<T> r) {
      if (r.clientToken().isPresent()) {
        token = r.clientToken();
      }
      return r;
    }
  }

  /** A device that has not talked to the server yet. */
  protected final Device newDevice() {
    return new Device();
  }

  /** The status a new device gets for a right password: {@code needs_client_trust} or legacy. */
  protected final SignInStatus challengeStatus() {
    return world().legacyClientTrustShape()
        ? SignInStatus.NEEDS_SECOND_FACTOR
        : SignInStatus.NEEDS_CLIENT_TRUST;
  }

  /** Signs the user in on this device up to the point where the trust code was sent. */
  protected final SignIn preparedChallenge(Device device, ContractWorld.User user) {
    SignIn signIn = success(device.create(user));
    assertThat(signIn.status()).as("challenged: %s", signIn).isEqualTo(challengeStatus());
    return success(device.prepare(signIn.id(), signIn.supportedSecondFactors().get(0)));
  }

  /** Signs the user in on this device with the trust code, which makes the device known. */
  protected final SignIn completeOnNewDevice(Device device, ContractWorld.User user) {
    SignIn signIn = preparedChallenge(device, user);
    SignIn done =
        success(
            device.attempt(signIn.id(), signIn.supportedSecondFactors().get(0), sentCode(user)));
    assertThat(done.status()).as("completed: %s", done).isEqualTo(SignInStatus.COMPLETE);
    return done;
  }

  /** A JWT's payload as text (its claims), undecoded beyond base64url. */
  protected static String claims(SessionToken token) {
    String[] parts = token.reveal().split("\\.");
    assertThat(parts).as("three parts").hasSize(3);
    return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
  }

  /** The code the server last sent to the user; fails when it sent none. */
  protected final VerificationCode sentCode(ContractWorld.User user) {
    return world()
        .lastCodeSentTo(user.identifier())
        .orElseThrow(() -> new AssertionError("no code was sent to " + user.identifier()));
  }

  /** A code of the same length that differs from the right one in every digit. */
  protected static VerificationCode wrongCode(VerificationCode right) {
    StringBuilder b = new StringBuilder();
    for (char c : right.reveal().toCharArray()) {
      b.append(Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10) : c);
    }
    return VerificationCode.of(b.toString());
  }

  protected static VerificationCode code(String digits) {
    return VerificationCode.of(digits);
  }

  /** The value of a successful result; fails the test with the result otherwise. */
  protected static <T> T success(GatewayResult<T> r) {
    if (r instanceof GatewayResult.Success<T> s) {
      return s.value();
    }
    return fail("expected success, got %s", r);
  }

  /** The rejection; fails the test with the result when it is something else. */
  protected static GatewayResult.Rejected<?> rejected(GatewayResult<?> r) {
    if (r instanceof GatewayResult.Rejected<?> rejected) {
      return rejected;
    }
    return fail("expected a rejection, got %s", r);
  }

  /** Calls the gateway; a thrown exception or a null result fails the test. */
  protected static <T> GatewayResult<T> call(Supplier<GatewayResult<T>> request) {
    GatewayResult<T> r;
    try {
      r = request.get();
    } catch (RuntimeException e) {
      throw new AssertionError("the gateway threw instead of returning a result", e);
    }
    if (r == null) {
      throw new AssertionError("the gateway returned null");
    }
    return r;
  }

  private static Optional<String> redirectFor(Factor factor) {
    return factor.strategy() == Strategy.EMAIL_LINK
        ? Optional.of("https://example.invalid/sign-in/verify")
        : Optional.empty();
  }
}
