package dev.signinflow.engine;

import static dev.signinflow.engine.SecretMatchers.codeRevealing;
import static dev.signinflow.engine.SecretMatchers.passwordRevealing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.calls;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.signinflow.engine.spi.Client;
import dev.signinflow.engine.spi.ClientSession;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.GatewayResult;
import dev.signinflow.engine.spi.SignIn;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.engine.spi.SignInStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mockito.InOrder;

/**
 * The vocabulary of {@link TransitionMatrixTest}: a settable clock, a harness that puts a flow into
 * a starting state through the real engine over a Mockito mock of the gateway, the gateway calls a
 * step makes with their answers, the events as actions, and the {@link Case} rows of the expected
 * table.
 */
final class MatrixFixtures {
  private MatrixFixtures() {}

  /** Every starting state is reached at this instant; expected instants are offsets from it. */
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** A server-side retry instant used by every scripted 429, two minutes after {@link #T0}. */
  static final long RETRY_AFTER_SEC = 120;

  static final String EMAIL = "ada@example.com";
  static final String PASSWORD = "correct horse battery staple";
  static final String REDIRECT_URL = "https://app.example.com/sso-callback";

  static Instant at(long secondsAfterT0) {
    return T0.plusSeconds(secondsAfterT0);
  }

  /** A clock that moves only when a test moves it. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advanceSeconds(long seconds) {
      now = now.plus(Duration.ofSeconds(seconds));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** One engine over a mocked gateway, one clock and one flow on a fresh device. */
  static final class Harness {
    final MutableClock clock = new MutableClock(T0);
    final SignInGateway gateway = mock(SignInGateway.class);
    final SignInEngine engine;
    final SignInFlow flow;

    Harness(boolean emailLinkRedirect) {
      SignInEngine.Builder b = SignInEngine.builder().gateway(gateway).clock(clock);
      if (emailLinkRedirect) {
        b.emailLinkRedirectUrl(REDIRECT_URL);
      }
      this.engine = b.build();
      this.flow = engine.newFlow(DeviceId.of("device-matrix"));
    }

    /**
     * Stubs the answers of these calls: each operation gives its calls' answers in order, whatever
     * the arguments; {@link #verifyCalls} checks the arguments.
     */
    void answer(List<Call> calls) {
      Map<Operation, List<Object>> answers = new EnumMap<>(Operation.class);
      for (Call c : calls) {
        answers.computeIfAbsent(c.operation(), op -> new ArrayList<>()).add(c.answer());
      }
      answers.forEach(
          (op, in) ->
              op.withAnyArguments(
                  doReturn(in.get(0), in.subList(1, in.size()).toArray()).when(gateway)));
    }

    /**
     * Verifies that the gateway got exactly these calls since its invocations were last cleared: in
     * this order, each once, with these arguments, and nothing else. No calls: no interaction.
     */
    void verifyCalls(List<Call> calls) {
      // The shared back-off may ask the gateway whose rate limit a call counts against: a local
      // question, not a call to the server.
      org.mockito.Mockito.verify(gateway, atLeast(0)).rateLimitBucket(any());
      if (calls.isEmpty()) {
        verifyNoMoreInteractions(gateway);
        return;
      }
      InOrder inOrder = inOrder(gateway);
      for (Call c : calls) {
        // calls(1), not times(1): two equal calls in a row are verified one at a time.
        c.invocation().accept(inOrder.verify(gateway, calls(1)));
      }
      verifyNoMoreInteractions(gateway);
    }

    /**
     * Runs a step outside the one under test: stubs the answers of its calls, runs it, verifies it
     * made exactly those calls, and forgets them.
     */
    <T> T step(String what, List<Call> calls, Supplier<T> run) {
      clearInvocations(gateway);
      answer(calls);
      T result = run.get();
      try {
        verifyCalls(calls);
      } catch (AssertionError e) {
        throw new AssertionError(what + ": " + e.getMessage(), e);
      }
      clearInvocations(gateway);
      return result;
    }
  }

  // ---- Gateway calls -------------------------------------------------------------------------

  /** The port's operations. */
  enum Operation {
    CREATE {
      @Override
      void withAnyArguments(SignInGateway g) {
        g.createSignIn(any(), any(), any(), any());
      }
    },
    PREPARE {
      @Override
      void withAnyArguments(SignInGateway g) {
        g.prepareSecondFactor(any(), any(), any(), any(), any());
      }
    },
    ATTEMPT {
      @Override
      void withAnyArguments(SignInGateway g) {
        g.attemptSecondFactor(any(), any(), any(), any(), any());
      }
    },
    GET {
      @Override
      void withAnyArguments(SignInGateway g) {
        g.getSignIn(any(), any(), any());
      }
    },
    ACTIVATE {
      @Override
      void withAnyArguments(SignInGateway g) {
        g.activateSession(any(), any(), any());
      }
    },
    GET_CLIENT {
      @Override
      void withAnyArguments(SignInGateway g) {
        g.getClient(any(), any());
      }
    },
    REMOVE_SESSION {
      @Override
      void withAnyArguments(SignInGateway g) {
        g.removeSession(any(), any(), any());
      }
    };

    /** Calls this operation on {@code g} (a Mockito stubber's mock) with any arguments. */
    abstract void withAnyArguments(SignInGateway g);
  }

  /**
   * One gateway call a step must make: its operation, the call with its exact arguments (run on a
   * Mockito verifier) and the answer the mock gives.
   */
  record Call(Operation operation, Consumer<SignInGateway> invocation, Object answer) {}

  /**
   * {@code createSignIn} on the device's first contact: no token, {@link #EMAIL}, {@link
   * #PASSWORD}.
   */
  static Call create(GatewayResult<SignIn> answer) {
    return create(Optional.empty(), answer);
  }

  /** {@code createSignIn} with this token, {@link #EMAIL} and {@link #PASSWORD}. */
  static Call create(Optional<ClientToken> token, GatewayResult<SignIn> answer) {
    return new Call(
        Operation.CREATE,
        g ->
            g.createSignIn(
                eq(CONTEXT), eq(token), eq(Identifier.parse(EMAIL)), passwordRevealing(PASSWORD)),
        answer);
  }

  /**
   * {@code prepareSecondFactor} of this factor on the sign-in, with the device's token; the
   * redirect URL goes with an email link only.
   */
  static Call prepare(Factor factor, GatewayResult<SignIn> answer) {
    Optional<String> redirect =
        factor.strategy() == Strategy.EMAIL_LINK ? Optional.of(REDIRECT_URL) : Optional.empty();
    return new Call(
        Operation.PREPARE,
        g ->
            g.prepareSecondFactor(
                eq(CONTEXT),
                eq(Optional.of(Answers.TOKEN)),
                eq(Answers.SIGN_IN_ID),
                eq(factor),
                eq(redirect)),
        answer);
  }

  /**
   * {@code attemptSecondFactor} of this strategy and code on the sign-in, with the device's token.
   */
  static Call attempt(Strategy strategy, String code, GatewayResult<SignIn> answer) {
    return new Call(
        Operation.ATTEMPT,
        g ->
            g.attemptSecondFactor(
                eq(CONTEXT),
                eq(Optional.of(Answers.TOKEN)),
                eq(Answers.SIGN_IN_ID),
                eq(strategy),
                codeRevealing(code)),
        answer);
  }

  /** {@code getSignIn} of the sign-in, with the device's token. */
  static Call get(GatewayResult<SignIn> answer) {
    return new Call(
        Operation.GET,
        g -> g.getSignIn(eq(CONTEXT), eq(Optional.of(Answers.TOKEN)), eq(Answers.SIGN_IN_ID)),
        answer);
  }

  /** {@code activateSession} of the created session, with the device's token. */
  static Call activate(GatewayResult<Session> answer) {
    return new Call(
        Operation.ACTIVATE,
        g -> g.activateSession(eq(CONTEXT), eq(Optional.of(Answers.TOKEN)), eq(Answers.SESSION_ID)),
        answer);
  }

  /** {@code getClient}, with the device's token. */
  static Call getClient(GatewayResult<Client> answer) {
    return new Call(
        Operation.GET_CLIENT,
        g -> g.getClient(eq(CONTEXT), eq(Optional.of(Answers.TOKEN))),
        answer);
  }

  /** {@code removeSession} of the flow's session, with the device's token. */
  static Call removeSession(GatewayResult<Session> answer) {
    return new Call(
        Operation.REMOVE_SESSION,
        g -> g.removeSession(eq(CONTEXT), eq(Optional.of(Answers.TOKEN)), eq(Answers.SESSION_ID)),
        answer);
  }

  // ---- Clerk answers -------------------------------------------------------------------------

  /** Another user than the flow's, with a session on the device. */
  static final String OTHER_EMAIL = "grace@example.com";

  /** A client session of this user (by email), signed in unless the status says otherwise. */
  static ClientSession clientSession(String id, String email, SessionStatus status) {
    return new ClientSession(
        Session.of(id, "user_" + email.substring(0, email.indexOf('@')), status, List.of()),
        List.of(email, "+15550100" + email.length()));
  }

  /** A client with these sessions, the first one the last active. */
  static GatewayResult<Client> clientWith(ClientSession... sessions) {
    return Answers.ok(
        new Client(
            Optional.of("client_stub1"),
            List.of(sessions),
            sessions.length == 0 ? Optional.empty() : Optional.of(sessions[0].id())));
  }

  /** Clerk's answer to a create on a device where this user is signed in (multi-session). */
  static GatewayResult<SignIn> alreadySignedIn(String sessionId) {
    Map<String, String> meta = sessionId == null ? Map.of() : Map.of("session_id", sessionId);
    return new GatewayResult.Rejected<>(
        400,
        List.of(
            new ClerkError(
                "identifier_already_signed_in",
                "You're already signed in",
                "You're already signed in",
                meta,
                Optional.of("trace_stub"))),
        Optional.of(Answers.TOKEN));
  }

  /** Clerk's answer to a create on a signed-in device in single-session mode. */
  static GatewayResult<SignIn> sessionExists() {
    return Answers.rejected(400, "session_exists", null);
  }

  static GatewayResult<SignIn> trustAnswer(Factor... offered) {
    return Answers.ok(
        SignIn.of(Answers.SIGN_IN_ID, SignInStatus.NEEDS_CLIENT_TRUST)
            .withClientTrustState(ClientTrustState.NEW)
            .withSecondFactors(List.of(offered)));
  }

  static GatewayResult<SignIn> mfaAnswer(Factor... offered) {
    return Answers.signIn(SignInStatus.NEEDS_SECOND_FACTOR, offered);
  }

  static GatewayResult<SignIn> legacyTrustAnswer(Factor... offered) {
    return Answers.ok(
        SignIn.of(Answers.SIGN_IN_ID, SignInStatus.NEEDS_SECOND_FACTOR)
            .withClientTrustState(ClientTrustState.NEW)
            .withSecondFactors(List.of(offered)));
  }

  /** The answer that leaves a flow in this code state, with these factors offered. */
  static GatewayResult<SignIn> stateAnswer(SignInState state, Factor... offered) {
    return switch (state) {
      case NEEDS_CLIENT_TRUST -> trustAnswer(offered);
      case NEEDS_SECOND_FACTOR -> mfaAnswer(offered);
      default -> throw new IllegalArgumentException("not a code state: " + state);
    };
  }

  static GatewayResult<SignIn> complete() {
    return Answers.signIn(SignInStatus.COMPLETE);
  }

  static <T> GatewayResult<T> rateLimitedAt(long secondsAfterT0) {
    return Answers.rateLimited(at(secondsAfterT0));
  }

  // ---- Starting states -----------------------------------------------------------------------

  /** How a case's flow reaches its starting state, through the engine itself. */
  record Start(SignInState state, String label, Consumer<Harness> run) {}

  static Start identifying() {
    return new Start(SignInState.IDENTIFYING, "new flow", h -> {});
  }

  /**
   * NEEDS_CLIENT_TRUST: create answers needs_client_trust with {@code offered}; the engine sends
   * the first one (a delivered factor), prepare answers ok. One send at {@link #T0}.
   */
  static Start trust(Factor... offered) {
    Factor sent = offered[0];
    return new Start(
        SignInState.NEEDS_CLIENT_TRUST,
        "trust " + strategies(offered),
        h -> {
          StepResult r =
              h.step(
                  "setup",
                  List.of(create(trustAnswer(offered)), prepare(sent, trustAnswer(offered))),
                  () -> h.flow.submitPassword(CONTEXT, EMAIL, PASSWORD));
          assertThat(h.flow.state())
              .as("setup: state after submit (%s)", r)
              .isEqualTo(SignInState.NEEDS_CLIENT_TRUST);
          assertThat(h.flow.view().currentFactor().map(Factor::strategy))
              .as("setup: trust factor")
              .contains(sent.strategy());
        });
  }

  /**
   * NEEDS_SECOND_FACTOR: create answers needs_second_factor with {@code offered}; the engine picks
   * {@code expected} (sending it, with prepare answering ok, when it is delivered).
   */
  static Start mfa(Factor expected, Factor... offered) {
    return new Start(
        SignInState.NEEDS_SECOND_FACTOR,
        "mfa " + strategies(offered),
        h -> {
          List<Call> calls = new ArrayList<>(List.of(create(mfaAnswer(offered))));
          if (expected.strategy().isDelivered()) {
            calls.add(prepare(expected, mfaAnswer(offered)));
          }
          StepResult r =
              h.step("setup", calls, () -> h.flow.submitPassword(CONTEXT, EMAIL, PASSWORD));
          assertThat(h.flow.state())
              .as("setup: state after submit (%s)", r)
              .isEqualTo(SignInState.NEEDS_SECOND_FACTOR);
          assertThat(h.flow.view().currentFactor().map(Factor::strategy))
              .as("setup: default factor")
              .contains(expected.strategy());
        });
  }

  /** The code state with one email_code factor, sent at {@link #T0}. */
  static Start emailCodeSent(SignInState state) {
    return state == SignInState.NEEDS_CLIENT_TRUST
        ? trust(Answers.EMAIL_CODE)
        : mfa(Answers.EMAIL_CODE, Answers.EMAIL_CODE);
  }

  static Start completed() {
    return new Start(
        SignInState.COMPLETE,
        "complete",
        h -> {
          StepResult r =
              h.step(
                  "setup",
                  List.of(create(complete())),
                  () -> h.flow.submitPassword(CONTEXT, EMAIL, PASSWORD));
          assertThat(h.flow.state())
              .as("setup: state after submit (%s)", r)
              .isEqualTo(SignInState.COMPLETE);
        });
  }

  /**
   * COMPLETE with the device's existing session: the create answers {@code
   * identifier_already_signed_in} naming {@link Answers#SESSION_ID}; no sign-in.
   */
  static Start signedInAlready() {
    return new Start(
        SignInState.COMPLETE,
        "complete with the existing session",
        h -> {
          StepResult r =
              h.step(
                  "setup",
                  List.of(create(alreadySignedIn(Answers.SESSION_ID))),
                  () -> h.flow.submitPassword(CONTEXT, EMAIL, PASSWORD));
          assertThat(h.flow.state())
              .as("setup: state after submit (%s)", r)
              .isEqualTo(SignInState.COMPLETE);
          assertThat(h.flow.view().signInId()).as("setup: no sign-in").isEmpty();
        });
  }

  private static List<String> strategies(Factor... fs) {
    return Arrays.stream(fs).map(Factor::rawStrategy).toList();
  }

  // ---- Steps before the event under test -----------------------------------------------------

  static Consumer<Harness> advance(long seconds) {
    return h -> h.clock.advanceSeconds(seconds);
  }

  /** Past the cooldown, a resend of the current factor that the server accepts. */
  static Consumer<Harness> resendOk(SignInState state, Factor current) {
    return h -> {
      h.clock.advanceSeconds(31);
      StepResult r =
          h.step(
              "pre-step resend",
              List.of(prepare(current, stateAnswer(state, current))),
              () -> h.flow.resendCode(CONTEXT));
      assertThat(r.kind()).as("pre-step resend: %s", r).isEqualTo(OutcomeKind.SUCCESS);
    };
  }

  /** A switch to an offered code factor that sends a code, which the server accepts. */
  static Consumer<Harness> selectSending(SignInState state, Strategy s, Factor... offered) {
    Factor chosen = Arrays.stream(offered).filter(f -> f.strategy() == s).findFirst().orElseThrow();
    return h -> {
      StepResult r =
          h.step(
              "pre-step select " + s.wireName() + " sends a code",
              List.of(prepare(chosen, stateAnswer(state, offered))),
              () -> h.flow.selectFactor(CONTEXT, s));
      assertThat(r.kind()).as("pre-step select %s: %s", s, r).isEqualTo(OutcomeKind.SUCCESS);
    };
  }

  // ---- Events --------------------------------------------------------------------------------

  /**
   * The end user's request every event of the matrix is sent with; each allowed pair verifies that
   * its gateway call carried exactly this.
   */
  static final RequestContext CONTEXT =
      RequestContext.builder()
          .clientIp("198.51.100.23")
          .userAgent("Mozilla/5.0 (matrix)")
          .languageTag("fr-CA")
          .build();

  /** One event as a call on the flow. */
  record Action(SignInEvent event, String label, Function<SignInFlow, StepResult> run) {}

  static Action submit(String identifier, String password) {
    return new Action(
        SignInEvent.SUBMIT_PASSWORD,
        "SUBMIT_PASSWORD",
        f -> f.submitPassword(CONTEXT, identifier, password));
  }

  static Action submit() {
    return submit(EMAIL, PASSWORD);
  }

  static Action resend() {
    return new Action(SignInEvent.RESEND_CODE, "RESEND_CODE", f -> f.resendCode(CONTEXT));
  }

  static Action verify(String code) {
    return new Action(
        SignInEvent.VERIFY_CODE, "VERIFY_CODE(\"" + code + "\")", f -> f.verifyCode(CONTEXT, code));
  }

  static Action verify() {
    return verify("123456");
  }

  static Action select(Strategy s) {
    return new Action(
        SignInEvent.SELECT_FACTOR,
        "SELECT_FACTOR(" + s.wireName() + ")",
        f -> f.selectFactor(CONTEXT, s));
  }

  static Action refresh() {
    return new Action(SignInEvent.REFRESH, "REFRESH", f -> f.refresh(CONTEXT));
  }

  static Action reset() {
    return new Action(SignInEvent.RESET, "RESET", SignInFlow::reset);
  }

  static Action finalizeSession() {
    return new Action(SignInEvent.FINALIZE, "FINALIZE", f -> f.finalizeSession(CONTEXT));
  }

  static Action signOut() {
    return new Action(SignInEvent.SIGN_OUT, "SIGN_OUT", f -> f.signOut(CONTEXT));
  }

  // ---- Expected errors -----------------------------------------------------------------------

  /** One expected error: its code and the form field it belongs to (null: a global error). */
  record Err(String code, FormField field) {
    @Override
    public String toString() {
      return code + "@" + (field == null ? "global" : field.paramName());
    }
  }

  static Err field(FormField f, String code) {
    return new Err(code, f);
  }

  static Err global(String code) {
    return new Err(code, null);
  }

  // ---- Rows ----------------------------------------------------------------------------------

  /** What one case observed, for extra checks. */
  record Observed(Harness harness, StepResult result, FlowView before, FlowView after) {}

  /** A named extra assertion. */
  record Check(String label, Consumer<Observed> run) {}

  /**
   * One row of the expected table. Built fluently while the table is written, then only read. A
   * {@code null} expectation (or an unset flag) means the specification says nothing about it.
   */
  static final class Case {
    final String description;
    final Start start;
    final Action action;
    final List<Consumer<Harness>> before = new ArrayList<>();
    boolean emailLinkRedirect;

    SignInState next;
    OutcomeKind kind;
    List<Call> calls = List.of();
    List<Err> errors;
    Optional<Long> retryAtSec;
    Integer sendsRemaining;
    Optional<Long> resendAvailableAtSec;
    Strategy currentFactor;
    Boolean newDevice;
    boolean viewCleared;
    boolean viewUnchanged;
    final List<Check> checks = new ArrayList<>();

    private Case(Start start, Action action, String description) {
      this.start = start;
      this.action = action;
      this.description = description;
    }

    static Case of(Start start, Action action, String description) {
      return new Case(start, action, description);
    }

    SignInState from() {
      return start.state();
    }

    SignInEvent event() {
      return action.event();
    }

    Case before(Consumer<Harness> step) {
      before.add(step);
      return this;
    }

    /** The gateway calls the event makes, in order, with the answers the gateway gives. */
    Case calls(Call... calls) {
      this.calls = List.of(calls);
      return this;
    }

    Case emailLinkRedirect() {
      this.emailLinkRedirect = true;
      return this;
    }

    Case expect(SignInState next, OutcomeKind kind) {
      this.next = next;
      this.kind = kind;
      return this;
    }

    Case errors(Err... errs) {
      this.errors = List.of(errs);
      return this;
    }

    Case noErrors() {
      return errors();
    }

    Case retryAt(long secondsAfterT0) {
      this.retryAtSec = Optional.of(secondsAfterT0);
      return this;
    }

    Case sendsRemaining(int n) {
      this.sendsRemaining = n;
      return this;
    }

    Case resendAvailableAt(long secondsAfterT0) {
      this.resendAvailableAtSec = Optional.of(secondsAfterT0);
      return this;
    }

    Case noResendAvailableAt() {
      this.resendAvailableAtSec = Optional.empty();
      return this;
    }

    Case currentFactor(Strategy s) {
      this.currentFactor = s;
      return this;
    }

    Case newDevice(boolean b) {
      this.newDevice = b;
      return this;
    }

    Case viewCleared() {
      this.viewCleared = true;
      return this;
    }

    Case viewUnchanged() {
      this.viewUnchanged = true;
      return this;
    }

    Case check(String label, Consumer<Observed> c) {
      checks.add(new Check(label, c));
      return this;
    }

    @Override
    public String toString() {
      return from() + " × " + action.label() + " [" + start.label() + "]: " + description;
    }
  }

  /** The meta of the first error with this code. */
  static Map<String, String> metaOf(StepResult r, String code) {
    return r.errors().all().stream()
        .filter(e -> e.code().equals(code))
        .findFirst()
        .map(ClerkError::meta)
        .orElse(Map.of());
  }
}
