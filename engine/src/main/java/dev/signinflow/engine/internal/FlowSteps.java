package dev.signinflow.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FormField;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.RequestContext;
import dev.signinflow.engine.ResendPolicy;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.Verification;
import dev.signinflow.engine.VerificationStatus;
import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.Password;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import dev.signinflow.engine.spi.VerificationCode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What each event does, as plain Java: validate, call the gateway, turn its answer into a {@link
 * Step}. The machine's actions call these methods; the machine decides the next state from the
 * step's route. Never throws for anything the user, the server or the network does.
 *
 * <p>Thread-safe: holds only immutable collaborators.
 */
public final class FlowSteps {
  private static final System.Logger LOG = System.getLogger(FlowSteps.class.getName());

  /** The longest password accepted before anything is sent. */
  static final int MAX_PASSWORD_LENGTH = 1024;

  private static final int MAX_CODE_LENGTH = 64;
  private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");
  private static final Pattern BACKUP_CODE = Pattern.compile("[A-Za-z0-9]{6,32}");
  private static final Pattern CODE_SPACING = Pattern.compile("[\\s-]");

  private final SignInGateway gateway;
  private final Clock clock;
  private final ResendPolicy policy;
  private final ClientTokenStore tokens;
  private final Optional<String> emailLinkRedirectUrl;
  private final Consumer<DeviceId> sessionChanged;

  /**
   * The steps over these collaborators.
   *
   * @param sessionChanged told of a device whose session a step changed (a sign-in completed, the
   *     flow signed out), so that what is kept of the old one (a cached session token) is dropped
   */
  public FlowSteps(
      SignInGateway gateway,
      Clock clock,
      ResendPolicy policy,
      ClientTokenStore tokens,
      Optional<String> emailLinkRedirectUrl,
      Consumer<DeviceId> sessionChanged) {
    this.gateway = requireNonNull(gateway, "gateway");
    this.clock = requireNonNull(clock, "clock");
    this.policy = requireNonNull(policy, "policy");
    this.tokens = requireNonNull(tokens, "tokens");
    this.emailLinkRedirectUrl = requireNonNull(emailLinkRedirectUrl, "emailLinkRedirectUrl");
    this.sessionChanged = requireNonNull(sessionChanged, "sessionChanged");
  }

  // ---- events --------------------------------------------------------------------------------

  Step submitPassword(Input input) {
    FlowData data = input.before;
    List<ClerkError> errors = new ArrayList<>();
    Optional<Identifier> identifier = checkIdentifier(input.identifierText, errors);
    checkPassword(input.passwordText, errors);
    if (!errors.isEmpty()) {
      return Step.stay(data, OutcomeKind.INVALID_INPUT, errors);
    }
    Identifier id = identifier.orElseThrow();
    GatewayResult<SignIn> result =
        call(
            data,
            token ->
                gateway.createSignIn(input.context, token, id, Password.of(input.passwordText)),
            "createSignIn");
    if (result instanceof GatewayResult.Rejected<SignIn> rejected) {
      Optional<Step> signedIn = alreadySignedIn(input.context, data, id, rejected);
      if (signedIn.isPresent()) {
        return signedIn.get();
      }
    }
    if (!(result instanceof GatewayResult.Success<SignIn> ok)) {
      return failed(data, result, false);
    }
    SignIn signIn = ok.value();
    FlowData started = data.startedWith(signIn, id.value());
    switch (signIn.status()) {
      case COMPLETE:
        return signIn.createdSessionId().isPresent()
            ? completed(started)
            : unsupported(data, signIn.rawStatus() + " without created_session_id");
      case NEEDS_CLIENT_TRUST:
        return challenge(
            input.context,
            Route.CLIENT_TRUST,
            started,
            trustFactor(signIn.supportedSecondFactors()));
      case NEEDS_SECOND_FACTOR:
        return challenge(
            input.context,
            Route.SECOND_FACTOR,
            started,
            defaultFactor(signIn.supportedSecondFactors()));
      default:
        return unsupported(data, signIn.rawStatus());
    }
  }

  /**
   * The create was refused because the device is signed in already: Clerk's {@code
   * identifier_already_signed_in} (multi-session mode, this user; {@code meta.session_id} names the
   * session) or {@code session_exists} (single-session mode, any user; the client, read once, says
   * whose). The same user completes with that session, and no second one is created; another user's
   * session is never handed over: that is {@link OutcomeKind#SIGN_OUT_REQUIRED}. Empty when the
   * rejection is about something else.
   *
   * <p>Clerk answers both before it looks at the password (clerk-js meets them on an
   * identifier-only create), so completing here proves nothing new: it only tells the flow about
   * the session the device already holds.
   */
  private Optional<Step> alreadySignedIn(
      RequestContext context,
      FlowData data,
      Identifier id,
      GatewayResult.Rejected<SignIn> rejected) {
    Optional<ClerkError> already = withCode(rejected, "identifier_already_signed_in");
    if (already.isPresent()) {
      String sessionId = already.get().meta().get("session_id");
      return sessionId == null || sessionId.isBlank()
          ? Optional.empty()
          : Optional.of(completed(data.signedInWith(sessionId, id.value())));
    }
    Optional<ClerkError> exists = withCode(rejected, "session_exists");
    if (exists.isEmpty()) {
      return Optional.empty();
    }
    GatewayResult<Client> read =
        call(data, token -> gateway.getClient(context, token), "getClient");
    if (!(read instanceof GatewayResult.Success<Client> ok)) {
      return Optional.of(failed(data, read, false));
    }
    Client client = ok.value();
    List<ClientSession> signedIn = new ArrayList<>();
    client.current().ifPresent(signedIn::add);
    client.signedIn().stream().filter(s -> !signedIn.contains(s)).forEach(signedIn::add);
    Optional<ClientSession> own = signedIn.stream().filter(s -> s.belongsTo(id)).findFirst();
    if (own.isPresent()) {
      return Optional.of(completed(data.signedInWith(own.get().id(), id.value())));
    }
    if (signedIn.isEmpty()) {
      // Signed out between the two calls: Clerk's refusal stands, and a new submit will do.
      return Optional.of(Step.stay(data, OutcomeKind.CLERK_ERROR, rejected.errors()));
    }
    return Optional.of(
        Step.stay(
            data,
            OutcomeKind.SIGN_OUT_REQUIRED,
            List.of(Errors.signOutRequired(exists.get().traceId()))));
  }

  private static Optional<ClerkError> withCode(GatewayResult.Rejected<?> r, String code) {
    return r.errors().stream().filter(e -> e.code().equals(code)).findFirst();
  }

  /** A step to COMPLETE: the device's current session is (or will be) this flow's. */
  private Step completed(FlowData data) {
    tellSessionChanged(data);
    return Step.success(Route.COMPLETE, data);
  }

  /** Tells of a changed session; never throws, as no step may (see {@link SignInMachine}). */
  private void tellSessionChanged(FlowData data) {
    try {
      sessionChanged.accept(data.device());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "session change listener threw {0}; ignored",
          e.getClass().getName());
    }
  }

  Step resendCode(Input input) {
    FlowData data = input.before;
    Factor factor = data.factor();
    if (factor == null || !factor.strategy().isDelivered()) {
      return Step.stay(
          data,
          OutcomeKind.NOT_ALLOWED,
          List.of(
              Errors.global(
                  "factor_not_resendable",
                  "There is nothing to resend.",
                  "The current factor ("
                      + (factor == null ? "none" : factor.rawStrategy())
                      + ") is not sent by the server.")));
    }
    Optional<Step> refused = refuseSend(data, data);
    return refused.orElseGet(() -> send(input.context, data, factor).step);
  }

  Step verifyCode(Input input) {
    FlowData data = input.before;
    Factor factor = data.factor();
    if (factor == null || !factor.strategy().takesCode()) {
      return Step.stay(
          data,
          OutcomeKind.INVALID_INPUT,
          List.of(
              Errors.global(
                  "code_not_expected",
                  "This step is not verified with a code.",
                  factor == null
                      ? "No second factor is selected."
                      : "The "
                          + factor.rawStrategy()
                          + " factor is verified by the link it sends; refresh instead.")));
    }
    Optional<ClerkError> problem = checkCode(factor.strategy(), input.codeText);
    if (problem.isPresent()) {
      return Step.stay(data, OutcomeKind.INVALID_INPUT, List.of(problem.get()));
    }
    String code = CODE_SPACING.matcher(input.codeText).replaceAll("");
    GatewayResult<SignIn> result =
        call(
            data,
            token ->
                gateway.attemptSecondFactor(
                    input.context,
                    token,
                    data.signInId(),
                    factor.strategy(),
                    VerificationCode.of(code)),
            "attemptSecondFactor");
    return afterSignIn(data, result);
  }

  Step selectFactor(Input input) {
    FlowData data = input.before;
    Optional<Factor> offered =
        data.factors().stream().filter(f -> f.strategy() == input.strategy).findFirst();
    if (input.strategy == Strategy.UNKNOWN || offered.isEmpty()) {
      return Step.stay(
          data,
          OutcomeKind.NOT_ALLOWED,
          List.of(
              Errors.withMeta(
                  "factor_not_found",
                  "This method is not available for this sign-in.",
                  "The server did not offer " + input.strategy.wireName() + " for this sign-in.",
                  "strategy",
                  input.strategy.wireName())));
    }
    Factor factor = offered.get();
    FlowData selected = data.withFactor(factor);
    if (!factor.strategy().isDelivered() || codeStillWorks(data, factor.strategy())) {
      return Step.success(Route.STAY, selected);
    }
    // The server keeps one second-factor verification per sign-in: a code sent for this strategy
    // before another factor was prepared or attempted no longer works, so a new one must be sent,
    // and the cooldown and limit apply. Refused, the flow stays on its current factor.
    Optional<Step> refused = refuseSend(data, selected);
    return refused.orElseGet(() -> send(input.context, selected, factor).step);
  }

  /** True when the server's current verification is this strategy's and can still be attempted. */
  private boolean codeStillWorks(FlowData data, Strategy strategy) {
    Verification v = data.verification();
    return v != null
        && v.strategy() == strategy
        && v.status() == VerificationStatus.UNVERIFIED
        && v.expireAt().map(at -> at.isAfter(clock.instant())).orElse(true);
  }

  Step refresh(Input input) {
    FlowData data = input.before;
    GatewayResult<SignIn> result =
        call(data, token -> gateway.getSignIn(input.context, token, data.signInId()), "getSignIn");
    return afterSignIn(data, result);
  }

  Step reset(Input input) {
    return Step.success(Route.STAY, input.before.cleared());
  }

  Step finalizeSession(Input input) {
    FlowData data = input.before;
    if (data.createdSessionId() == null) {
      // Only a hand-made snapshot gets here: the machine enters COMPLETE only with a session id.
      return Step.stay(
          data,
          OutcomeKind.NOT_ALLOWED,
          List.of(
              Errors.global(
                  "session_missing",
                  "There is no session to activate.",
                  "The flow is complete but knows no created session id; start over.")));
    }
    GatewayResult<dev.signinflow.engine.Session> result =
        call(
            data,
            token -> gateway.activateSession(input.context, token, data.createdSessionId()),
            "activateSession");
    if (result instanceof GatewayResult.Success<dev.signinflow.engine.Session> ok) {
      tellSessionChanged(data);
      return Step.success(Route.STAY, data.withSession(ok.value()));
    }
    return failed(data, result, false);
  }

  /**
   * Signs the flow's session out with {@code POST /v1/client/sessions/{id}/remove}, as clerk-js's
   * {@code signOut({sessionId})} does: the session leaves the client, the client (and so the
   * device's Client Trust) stays, and other users' sessions on a multi-session device are left
   * alone. Not {@code end}, which clerk-js's sign-out never uses and which leaves an {@code ended}
   * session listed on the client. A session the server no longer has (404, or 401 {@code
   * signed_out}) counts as signed out.
   */
  Step signOut(Input input) {
    FlowData data = input.before;
    if (data.createdSessionId() == null) {
      // Only a hand-made snapshot gets here: the machine enters COMPLETE only with a session id.
      return Step.stay(
          data,
          OutcomeKind.NOT_ALLOWED,
          List.of(
              Errors.global(
                  "session_missing",
                  "There is no session to sign out.",
                  "The flow is complete but knows no session id; start over.")));
    }
    GatewayResult<dev.signinflow.engine.Session> result =
        call(
            data,
            token -> gateway.removeSession(input.context, token, data.createdSessionId()),
            "removeSession");
    boolean gone =
        result instanceof GatewayResult.Rejected<dev.signinflow.engine.Session> r
            && r.sessionGone();
    if (result instanceof GatewayResult.Success || gone) {
      tellSessionChanged(data);
      return Step.success(Route.SIGNED_OUT, data.cleared());
    }
    return failed(data, result, false);
  }

  // ---- what the view shows --------------------------------------------------------------------

  /** When the current factor may be sent again; empty when it cannot be sent or none remain. */
  public Optional<Instant> resendAvailableAt(FlowData data) {
    Factor factor = data.factor();
    if (factor == null
        || !factor.strategy().isDelivered()
        || data.sends() >= policy.maxSendsPerSignIn()) {
      return Optional.empty();
    }
    Instant last = data.lastSentAt().get(factor.strategy());
    Instant at = last == null ? Instant.MIN : last.plus(policy.cooldown());
    if (data.serverRetryAt() != null && data.serverRetryAt().isAfter(at)) {
      at = data.serverRetryAt();
    }
    Instant now = clock.instant();
    return Optional.of(at.isBefore(now) ? now : at);
  }

  /** How many more sends the policy allows for this sign-in. */
  public int sendsRemaining(FlowData data) {
    return Math.max(0, policy.maxSendsPerSignIn() - data.sends());
  }

  // ---- shared pieces --------------------------------------------------------------------------

  private Step challenge(
      RequestContext context, Route route, FlowData started, Optional<Factor> factor) {
    if (factor.isEmpty()) {
      return new Step(
          route,
          started,
          OutcomeKind.UNSUPPORTED_STATUS,
          List.of(
              Errors.global(
                  "no_second_factors",
                  "No verification method is available.",
                  "The server asked for a second step but offered no factor this flow can use.")),
          null);
    }
    FlowData selected = started.withFactor(factor.get());
    if (!factor.get().strategy().isDelivered()) {
      return Step.success(route, selected);
    }
    Sent sent = send(context, selected, factor.get());
    // The server's status is what it is whether or not the send worked: follow it, and report the
    // send's failure as this step's errors so the user can resend.
    return sent.gone
        ? sent.step
        : new Step(
            route, sent.step.data(), sent.step.kind(), sent.step.errors(), sent.step.retryAt());
  }

  /**
   * A send that is refused by the local policy, or empty when one may go out now.
   *
   * @param stay the data the refused step keeps
   * @param probe the data whose current factor would be sent
   */
  private Optional<Step> refuseSend(FlowData stay, FlowData probe) {
    if (probe.sends() >= policy.maxSendsPerSignIn()) {
      return Optional.of(limitReached(stay));
    }
    Instant now = clock.instant();
    Optional<Instant> at = resendAvailableAt(probe);
    if (at.isPresent() && at.get().isAfter(now)) {
      return Optional.of(
          new Step(
              Route.STAY,
              stay,
              OutcomeKind.NOT_ALLOWED,
              List.of(Errors.cooldown(at.get())),
              at.get()));
    }
    return Optional.empty();
  }

  private Step limitReached(FlowData data) {
    return Step.stay(
        data,
        OutcomeKind.NOT_ALLOWED,
        List.of(
            Errors.global(
                "resend_limit_reached",
                "No more codes can be sent for this sign-in.",
                "At most "
                    + policy.maxSendsPerSignIn()
                    + " codes or links are sent per sign-in; start over to get more.")));
  }

  private record Sent(Step step, boolean gone) {}

  private Sent send(RequestContext context, FlowData data, Factor factor) {
    Optional<String> redirect =
        factor.strategy() == Strategy.EMAIL_LINK ? emailLinkRedirectUrl : Optional.empty();
    GatewayResult<SignIn> result =
        call(
            data,
            token -> gateway.prepareSecondFactor(context, token, data.signInId(), factor, redirect),
            "prepareSecondFactor");
    if (result instanceof GatewayResult.Success<SignIn> ok) {
      FlowData sent =
          data.updatedWith(ok.value())
              .sent(factor.strategy(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
      return new Sent(Step.success(Route.STAY, sent), false);
    }
    if (result instanceof GatewayResult.RateLimited<SignIn> limited) {
      Step s = failed(data.withServerRetryAt(limited.retryAt()), result, true);
      return new Sent(s, false);
    }
    Step s = failed(data, result, true);
    return new Sent(s, s.route() == Route.GONE);
  }

  /** The answer to an attempt or a refresh: the same sign-in, further along or not. */
  private Step afterSignIn(FlowData data, GatewayResult<SignIn> result) {
    if (!(result instanceof GatewayResult.Success<SignIn> ok)) {
      return failed(data, result, true);
    }
    SignIn signIn = ok.value();
    FlowData updated = data.updatedWith(signIn);
    if (signIn.status() == SignInStatus.COMPLETE && signIn.createdSessionId().isPresent()) {
      return completed(updated);
    }
    if (signIn.status() == expectedStatus(data.state())) {
      return Step.success(Route.STAY, updated);
    }
    return unsupported(updated, signIn.rawStatus());
  }

  private static SignInStatus expectedStatus(SignInState state) {
    switch (state) {
      case NEEDS_CLIENT_TRUST:
        return SignInStatus.NEEDS_CLIENT_TRUST;
      case NEEDS_SECOND_FACTOR:
        return SignInStatus.NEEDS_SECOND_FACTOR;
      case COMPLETE:
        return SignInStatus.COMPLETE;
      default:
        return SignInStatus.NEEDS_IDENTIFIER;
    }
  }

  private static Step unsupported(FlowData data, String raw) {
    return Step.stay(data, OutcomeKind.UNSUPPORTED_STATUS, List.of(Errors.unsupportedStatus(raw)));
  }

  /** Any answer but success. {@code mayBeGone}: the call names an existing sign-in. */
  private static Step failed(FlowData data, GatewayResult<?> result, boolean mayBeGone) {
    if (result instanceof GatewayResult.Rejected<?> rejected) {
      if (mayBeGone && rejected.signInGone()) {
        return new Step(
            Route.GONE, data.cleared(), OutcomeKind.SIGN_IN_GONE, rejected.errors(), null);
      }
      return Step.stay(data, OutcomeKind.CLERK_ERROR, rejected.errors());
    }
    if (result instanceof GatewayResult.RateLimited<?> limited) {
      List<ClerkError> errors =
          limited.errors().isEmpty()
              ? List.of(Errors.tooManyRequests(limited.retryAt()))
              : limited.errors();
      return new Step(Route.STAY, data, OutcomeKind.RATE_LIMITED, errors, limited.retryAt());
    }
    if (result instanceof GatewayResult.Unavailable<?> unavailable) {
      return Step.stay(
          data, OutcomeKind.UNAVAILABLE, List.of(Errors.unavailable(unavailable.reason())));
    }
    throw new IllegalStateException("not a failure: " + result.getClass().getSimpleName());
  }

  /** Calls the gateway once for the flow's device: {@link Calls#call}. */
  private <T> GatewayResult<T> call(
      FlowData data, Function<Optional<ClientToken>, GatewayResult<T>> operation, String name) {
    return Calls.call(tokens, data.device(), operation, name);
  }

  // ---- input rules ----------------------------------------------------------------------------

  private static Optional<Identifier> checkIdentifier(String text, List<ClerkError> errors) {
    if (text.isBlank()) {
      errors.add(Errors.missing(FormField.IDENTIFIER, "email address, phone number or username"));
      return Optional.empty();
    }
    if (text.strip().length() > Identifier.MAX_LENGTH) {
      errors.add(Errors.tooLong(FormField.IDENTIFIER, "identifier", Identifier.MAX_LENGTH));
      return Optional.empty();
    }
    Optional<Identifier> id = Identifier.tryParse(text);
    if (id.isEmpty()) {
      errors.add(
          Errors.malformed(
              FormField.IDENTIFIER,
              "Enter a valid email address, a phone number starting with + and the country code,"
                  + " or a username."));
    }
    return id;
  }

  private static void checkPassword(String password, List<ClerkError> errors) {
    if (password.isBlank()) {
      errors.add(Errors.missing(FormField.PASSWORD, "password"));
    } else if (password.length() > MAX_PASSWORD_LENGTH) {
      errors.add(Errors.tooLong(FormField.PASSWORD, "password", MAX_PASSWORD_LENGTH));
    }
  }

  private static Optional<ClerkError> checkCode(Strategy strategy, String text) {
    if (text.isBlank()) {
      return Optional.of(Errors.missing(FormField.CODE, "code"));
    }
    if (text.length() > MAX_CODE_LENGTH) {
      return Optional.of(Errors.tooLong(FormField.CODE, "code", MAX_CODE_LENGTH));
    }
    String code = CODE_SPACING.matcher(text).replaceAll("");
    if (strategy == Strategy.BACKUP_CODE) {
      return BACKUP_CODE.matcher(code).matches()
          ? Optional.empty()
          : Optional.of(
              Errors.malformed(FormField.CODE, "A backup code is 6 to 32 letters and digits."));
    }
    return SIX_DIGITS.matcher(code).matches()
        ? Optional.empty()
        : Optional.of(Errors.malformed(FormField.CODE, "Enter the 6-digit code."));
  }

  // ---- factor choice --------------------------------------------------------------------------

  /** Client Trust's factor: the first one the server offers that it can deliver. */
  static Optional<Factor> trustFactor(List<Factor> offered) {
    return offered.stream()
        .filter(f -> f.strategy().isDelivered())
        .findFirst()
        .or(() -> offered.stream().filter(f -> f.strategy() != Strategy.UNKNOWN).findFirst());
  }

  /** MFA's default factor, as Clerk's UI picks it: TOTP, else phone code, else the first. */
  static Optional<Factor> defaultFactor(List<Factor> offered) {
    for (Strategy preferred : List.of(Strategy.TOTP, Strategy.PHONE_CODE)) {
      Optional<Factor> f = offered.stream().filter(x -> x.strategy() == preferred).findFirst();
      if (f.isPresent()) {
        return f;
      }
    }
    return offered.stream().filter(f -> f.strategy() != Strategy.UNKNOWN).findFirst();
  }
}
