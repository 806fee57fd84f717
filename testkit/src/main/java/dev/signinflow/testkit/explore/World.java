package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.Factor;
import dev.signinflow.engine.FlowErrors;
import dev.signinflow.engine.FlowSnapshot;
import dev.signinflow.engine.FlowView;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Strategy;
import dev.signinflow.engine.Transition;
import dev.signinflow.engine.spi.ClientToken;
import dev.signinflow.engine.spi.ClientTokenStore;
import dev.signinflow.engine.spi.SignInGateway;
import dev.signinflow.transport.fake.FakeClerk;
import dev.signinflow.transport.fake.FakeClock;
import dev.signinflow.transport.fake.OutboxMessage;
import dev.signinflow.transport.fake.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One sequence being run: a fresh {@link FakeClerk} with the scenario's settings, user and faults,
 * the real engine over the gateway under test (wrapped to record calls), both on the fake's clock,
 * and one flow on one device. Keeps what the explorer knows independently of engine and fake (the
 * ground truth the invariants compare with) and the trace so far.
 *
 * <p>Not thread-safe: one thread runs a world from start to close.
 *
 * <p>Over 600 lines: a world is the explorer's one fixture — the fake, the engine's host, the
 * system under test, the device's token and every action's set-up — and its parts share its state
 * (clock, outbox, faults) too closely to split without passing that state around. To be split when
 * the next action is added.
 */
final class World implements AutoCloseable {
  static final DeviceId DEVICE =
      DeviceId.of("explorer-device-abcdef"); // the web example's cookie form: 22 of [A-Za-z0-9_-]
  static final String REDIRECT_URL = "https://app.example.com/sign-in/verify";
  static final String MALFORMED_IDENTIFIER = "ada@@example";
  static final String MALFORMED_CODE = "12ab";

  final Scenario scenario;
  final Config config;
  final FakeClerk fake;
  final String userId;
  final ClientTokenStore tokens = ClientTokenStore.inMemory();
  final RecordingGateway gateway;
  // The engine's listener may be called on the threads of a system under test (a web app's).
  final List<Transition> heard = new CopyOnWriteArrayList<>();
  final List<TraceStep> trace = new ArrayList<>();
  Truth truth = new Truth();
  private final SignInGateway underTest;
  private final EngineHost host;

  /** The system under test's user; {@link #flow} is the engine's flow behind it. */
  SystemUnderTest.Session session;

  SignInFlow flow;
  Capture now;
  private Optional<String> expiredCode = Optional.empty();
  private long[] offsets;

  /** What the explorer knows on its own, to judge engine and fake by. */
  static final class Truth {
    /** The device has completed a sign-in (before the sequence, or in it). */
    boolean known;

    /**
     * The device holds a signed-in session of the user: a sign-in completed on it (by the flow or a
     * link click) and the flow has not signed out since.
     */
    boolean sessionLive;

    /** The current sign-in was created with a second step expected (MFA or Client Trust). */
    boolean demanded;

    /** The client-trust state the current sign-in should report. */
    Optional<String> trust = Optional.empty();

    /** The clock moved past a sign-in's lifetime since the current sign-in was created. */
    boolean mayBeAbandoned;

    /** Sign-ins an email-link click completed. */
    Set<String> linkVerified = new HashSet<>();

    /** Backup codes spent. */
    Set<String> usedBackupCodes = new LinkedHashSet<>();

    /** Every secret the world has handled: passwords, codes typed. */
    Set<String> secrets = new LinkedHashSet<>();

    Truth copy() {
      Truth t = new Truth();
      t.known = known;
      t.sessionLive = sessionLive;
      t.demanded = demanded;
      t.trust = trust;
      t.mayBeAbandoned = mayBeAbandoned;
      t.linkVerified = new HashSet<>(linkVerified);
      t.usedBackupCodes = new LinkedHashSet<>(usedBackupCodes);
      t.secrets = new LinkedHashSet<>(secrets);
      return t;
    }

    String key(Optional<String> signInId) {
      return "known="
          + known
          + " session="
          + sessionLive
          + " demanded="
          + demanded
          + " trust="
          + trust.orElse("-")
          + " abandoned?="
          + mayBeAbandoned
          + " link_verified="
          + signInId.map(linkVerified::contains).orElse(false)
          + " backup_used="
          + usedBackupCodes.size();
    }
  }

  /** Everything observed at one moment between steps. */
  record Capture(
      SignInState state,
      FlowView view,
      FlowSnapshot snapshot,
      String snapshotJson,
      Optional<String> token,
      String digest,
      int sendCount,
      int outboxSize,
      Map<String, Instant> lastSent,
      boolean fakeKnown,
      Instant at) {}

  /** One step as it happened, for the invariants. */
  static final class StepRecord {
    final Action action;
    final Capture before;
    final Truth truthBefore;
    Capture after;
    StepResult result;
    List<String> calls = List.of();
    List<StepResult> probes = List.of();
    List<Transition> heard = List.of();
    FakeClerk.LinkVisit visit;
    RuntimeException exception;
    String typedCode;
    boolean skipped;
    TraceStep trace;

    /** What the system under test showed for the step (empty for the engine itself). */
    String shown = "";

    /** Where what the system under test showed disagrees with the flow. */
    List<String> shownProblems = List.of();

    StepRecord(Action action, Capture before, Truth truthBefore) {
      this.action = action;
      this.before = before;
      this.truthBefore = truthBefore;
    }

    /** True when the engine refused the step: it must have changed nothing. */
    boolean rejected() {
      if (result instanceof StepResult.IllegalEvent || result instanceof StepResult.Busy) {
        return true;
      }
      return result != null
          && (result.kind() == dev.signinflow.engine.OutcomeKind.INVALID_INPUT
              || result.kind() == dev.signinflow.engine.OutcomeKind.NOT_ALLOWED);
    }
  }

  private World(
      Scenario scenario,
      Config config,
      Function<FakeClerk, SignInGateway> factory,
      EngineHost host) {
    this.scenario = requireNonNull(scenario, "scenario");
    this.config = requireNonNull(config, "config");
    this.fake =
        FakeClerk.builder()
            .clock(FakeClock.standard())
            .random(new Random(config.seed()))
            .settings(scenario.settings())
            .build();
    this.userId = fake.addUser(scenario.profile().user());
    this.underTest = requireNonNull(factory.apply(fake), "the gateway factory returned null");
    this.gateway = new RecordingGateway(underTest);
    this.host = requireNonNull(host, "host");
    host.attach(this);
    truth.secrets.add(UserProfile.PASSWORD);
    truth.secrets.add(UserProfile.WRONG_PASSWORD);
    truth.secrets.addAll(scenario.profile().backupCodes());
    scenario.profile().totpSecret().ifPresent(truth.secrets::add);
  }

  /** A world at the start of a sequence: set up, faults armed, a new flow on the device. */
  static World start(
      Scenario scenario,
      Config config,
      Function<FakeClerk, SignInGateway> gateway,
      EngineHost host) {
    World w = new World(scenario, config, gateway, host);
    try {
      if (scenario.device() == DeviceHistory.KNOWN) {
        w.signInOnceBefore();
      }
      scenario.faults().arm(w.fake);
      w.session = host.open(DEVICE);
      w.flow = w.session.flow();
      if (config.busyProbe()) {
        w.gateway.probe(() -> w.flow);
      }
      w.gateway.newStep();
      w.heard.clear();
      w.now = w.capture();
      return w;
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
  }

  private void signInOnceBefore() {
    SignInFlow setUp = host.engine.newFlow(DEVICE);
    UserProfile p = scenario.profile();
    StepResult r = setUp.submitPassword(p.identifier(), UserProfile.PASSWORD);
    if (r.state() == SignInState.NEEDS_CLIENT_TRUST
        || r.state() == SignInState.NEEDS_SECOND_FACTOR) {
      Optional<String> code = rightCode(setUp.view());
      if (code.isEmpty()) {
        throw new IllegalStateException(
            scenario + ": the known-device set-up has no code to verify " + setUp.view());
      }
      r = setUp.verifyCode(code.get());
      if (r.state() == SignInState.COMPLETE
          && setUp
              .view()
              .currentFactor()
              .map(f -> f.strategy() == Strategy.BACKUP_CODE)
              .orElse(false)) {
        truth.usedBackupCodes.add(code.get());
      }
    }
    if (r.state() != SignInState.COMPLETE) {
      throw new IllegalStateException(
          scenario + ": the known-device set-up did not complete: " + r);
    }
    // Signed out again: the device is trusted and holds no session, so the sequence's first
    // sign-in is the one a returning user makes (a signed-in device is one RESET away).
    StepResult out = setUp.signOut();
    if (out.state() != SignInState.IDENTIFYING) {
      throw new IllegalStateException(
          scenario + ": the known-device set-up did not sign out: " + out);
    }
    fake.clock().advance(Duration.ofMinutes(1));
    truth.known = true;
  }

  /** Moves the flow to another engine through its snapshot's JSON, as another node would. */
  FlowSnapshot resumeElsewhere() {
    host.attach(this);
    FlowSnapshot s = flow.snapshot();
    FlowSnapshot back = FlowSnapshot.fromJson(s.toJson());
    flow = host.otherNode.resume(back);
    if (!(session instanceof EngineUnderTest.FlowSession engineSession)) {
      throw new IllegalStateException("resume checks drive the engine itself, not " + config.sut());
    }
    engineSession.flow = flow;
    return back;
  }

  // ---- steps ----------------------------------------------------------------------------------

  /** True when the action has something to act on now. */
  boolean applicable(Action a) {
    switch (a) {
      case VERIFY_RIGHT_CODE:
        return rightCode(now.view).isPresent();
      case VERIFY_EXPIRED_CODE:
        return sentCodeFactor(now.view) && rightCode(now.view).isPresent();
      case CLICK_EMAIL_LINK:
        return lastLink().isPresent();
      default:
        return true;
    }
  }

  /** Takes one step and records it in the trace; the caller checks the invariants. */
  StepRecord step(Action a) {
    host.attach(this);
    if (a == Action.VERIFY_EXPIRED_CODE && sentCodeFactor(now.view)) {
      // The clock move belongs to the argument (a code the user kept too long), not to the event:
      // the event is judged from the state after it.
      expiredCode = rightCode(now.view);
      if (expiredCode.isPresent()) {
        fake.clock().advance(scenario.settings().codeLifetime().plusSeconds(1));
        now = capture();
      }
    }
    Truth truthBefore = truth.copy();
    StepRecord s = new StepRecord(a, now, truthBefore);
    gateway.newStep();
    heard.clear();
    UserProfile p = scenario.profile();
    try {
      switch (a) {
        case SUBMIT_RIGHT_PASSWORD:
          s.result =
              send(
                  s,
                  SignInEvent.SUBMIT_PASSWORD,
                  () -> session.submitPassword(p.identifier(), UserProfile.PASSWORD));
          break;
        case SUBMIT_WRONG_PASSWORD:
          s.result =
              send(
                  s,
                  SignInEvent.SUBMIT_PASSWORD,
                  () -> session.submitPassword(p.identifier(), UserProfile.WRONG_PASSWORD));
          break;
        case SUBMIT_MALFORMED_PASSWORD:
          s.result =
              send(
                  s, SignInEvent.SUBMIT_PASSWORD, () -> session.submitPassword(p.identifier(), ""));
          break;
        case SUBMIT_MALFORMED_IDENTIFIER:
          s.result =
              send(
                  s,
                  SignInEvent.SUBMIT_PASSWORD,
                  () -> session.submitPassword(MALFORMED_IDENTIFIER, UserProfile.PASSWORD));
          break;
        case RESEND:
          s.result = send(s, SignInEvent.RESEND_CODE, session::resendCode);
          break;
        case VERIFY_RIGHT_CODE:
          verify(s, rightCode(now.view));
          break;
        case VERIFY_WRONG_CODE:
          verify(s, Optional.of(wrongCode(now.view)));
          break;
        case VERIFY_MALFORMED_CODE:
          verify(s, Optional.of(MALFORMED_CODE));
          break;
        case VERIFY_EXPIRED_CODE:
          verify(s, expiredCode);
          expiredCode = Optional.empty();
          break;
        case SELECT_EMAIL_CODE:
        case SELECT_PHONE_CODE:
        case SELECT_EMAIL_LINK:
        case SELECT_TOTP:
        case SELECT_BACKUP_CODE:
          s.result =
              send(
                  s,
                  SignInEvent.SELECT_FACTOR,
                  () -> session.selectFactor(a.strategy().orElseThrow()));
          break;
        case REFRESH:
          s.result = send(s, SignInEvent.REFRESH, session::refresh);
          break;
        case RESET:
          s.result = send(s, SignInEvent.RESET, session::reset);
          break;
        case FINALIZE:
          s.result = send(s, SignInEvent.FINALIZE, session::finalizeSession);
          break;
        case SIGN_OUT:
          s.result = send(s, SignInEvent.SIGN_OUT, session::signOut);
          break;
        case ADVANCE_PAST_COOLDOWN:
          fake.clock().advance(config.pastCooldown(scenario));
          break;
        case ADVANCE_PAST_CODE_EXPIRY:
          fake.clock().advance(scenario.settings().codeLifetime().plusSeconds(1));
          break;
        case ADVANCE_PAST_SIGN_IN_EXPIRY:
          fake.clock().advance(scenario.settings().signInLifetime().plusSeconds(1));
          truth.mayBeAbandoned = true;
          break;
        case CLICK_EMAIL_LINK:
          {
            Optional<OutboxMessage> link = lastLink();
            if (link.isEmpty()) {
              s.skipped = true;
            } else {
              s.visit = fake.visitEmailLink(link.get().linkToken().orElseThrow());
              if (s.visit == FakeClerk.LinkVisit.VERIFIED) {
                truth.linkVerified.add(link.get().signInId());
                truth.known = true;
                truth.sessionLive = true;
              }
            }
            break;
          }
        default:
          throw new IllegalStateException("unhandled action " + a);
      }
    } catch (RuntimeException e) {
      s.exception = e;
    }
    s.calls = gateway.calls();
    s.probes = gateway.probes();
    s.heard = List.copyOf(heard);
    flow = session.flow();
    s.after = capture();
    if (s.result != null) {
      try {
        s.shownProblems =
            List.copyOf(session.disagreements(s.after.view(), s.result, fake.clock().instant()));
      } catch (RuntimeException e) {
        s.shownProblems = List.of("checking what it showed threw " + e);
      }
    }
    learn(s);
    s.trace = traceStep(s);
    trace.add(s.trace);
    now = s.after;
    return s;
  }

  private void verify(StepRecord s, Optional<String> code) {
    if (code.isEmpty()) {
      s.skipped = true;
      return;
    }
    s.typedCode = code.get();
    truth.secrets.add(code.get());
    s.result = send(s, SignInEvent.VERIFY_CODE, () -> session.verifyCode(code.get()));
  }

  /**
   * Takes one step through the system under test: the engine's result when the system returns it
   * (the engine does), else the one the engine's listener heard for this event, with the errors the
   * system showed.
   *
   * @throws IllegalStateException when the system answered without the engine hearing the event
   */
  private StepResult send(
      StepRecord s, SignInEvent event, Supplier<SystemUnderTest.Response> call) {
    int before = heard.size();
    SystemUnderTest.Response r = call.get();
    s.shown = r.shown();
    if (r.result().isPresent()) {
      return r.result().get();
    }
    List<Transition> during = List.copyOf(heard.subList(before, heard.size()));
    for (int i = during.size() - 1; i >= 0; i--) {
      Transition t = during.get(i);
      if (t.event() == event) {
        switch (t.outcome()) {
          case ILLEGAL_EVENT:
            return new StepResult.IllegalEvent(t.from(), event);
          case BUSY:
            return new StepResult.Busy(t.from(), event);
          default:
            return new StepResult.Applied(
                event,
                t.from(),
                t.to(),
                t.outcome(),
                FlowErrors.of(r.errorsShown()),
                Optional.empty());
        }
      }
    }
    throw new IllegalStateException(
        config.sut()
            + " answered "
            + event
            + " without the engine hearing it; it showed "
            + r.errorsShown().stream().map(ClerkError::code).toList());
  }

  /** Updates the ground truth with what the step did. */
  private void learn(StepRecord s) {
    SignInState from = s.before.state();
    SignInState to = s.after.state();
    Optional<String> before = s.before.view().signInId();
    Optional<String> after = s.after.view().signInId();
    if (s.calls.contains("createSignIn:Success") && after.isPresent() && !after.equals(before)) {
      boolean mfa = scenario.profile().hasMfa(scenario.settings());
      boolean trust =
          scenario.settings().clientTrust()
              && !s.truthBefore.known
              && scenario.profile().hasTrustChannel(scenario.settings());
      truth.demanded = mfa || trust;
      truth.trust =
          scenario.settings().clientTrust()
              ? Optional.of(s.truthBefore.known ? "known" : "new")
              : Optional.empty();
      truth.mayBeAbandoned = false;
    }
    if (to == SignInState.COMPLETE && from != SignInState.COMPLETE) {
      truth.known = true;
      truth.sessionLive = true;
      if (s.after.view().signInId().isEmpty()) {
        // Completed with the device's existing session: no sign-in, so no client-trust state.
        truth.trust = Optional.empty();
      }
      if (s.action == Action.VERIFY_RIGHT_CODE
          && s.before
              .view()
              .currentFactor()
              .map(f -> f.strategy() == Strategy.BACKUP_CODE)
              .orElse(false)) {
        truth.usedBackupCodes.add(s.typedCode);
      }
    }
    if (s.action == Action.SIGN_OUT
        && from == SignInState.COMPLETE
        && to == SignInState.IDENTIFYING) {
      truth.sessionLive = false;
    }
  }

  private TraceStep traceStep(StepRecord s) {
    String outcome;
    List<String> errors = List.of();
    if (s.exception != null) {
      outcome = "EXCEPTION";
    } else if (s.skipped) {
      outcome = "SKIPPED";
    } else if (s.result != null) {
      outcome = s.result.kind().name();
      errors = s.result.errors().all().stream().map(e -> e.code()).toList();
    } else if (s.visit != null) {
      outcome = "LINK_" + s.visit.name();
    } else {
      outcome = "CLOCK";
    }
    return new TraceStep(s.action, s.before.state(), s.after.state(), outcome, errors, s.calls);
  }

  Capture capture() {
    FlowView view = flow.view();
    FlowSnapshot snapshot = flow.snapshot();
    Optional<String> token = tokens.load(DEVICE).map(ClientToken::reveal);
    Map<String, Instant> lastSent = view.signInId().map(fake::lastSentAt).orElse(Map.of());
    return new Capture(
        flow.state(),
        view,
        snapshot,
        snapshot.toJson(),
        token,
        fake.stateDigest(),
        fake.sendCount(),
        fake.outbox().size(),
        lastSent,
        token.map(t -> fake.isKnownDevice(userId, t)).orElse(false),
        fake.clock().instant());
  }

  /**
   * Tells {@link #key()} the clock offsets the moves still to come can reach ({@link #offsets}): it
   * tells states apart only as far as those moves can.
   */
  void keyDepth(long[] ranks) {
    offsets = ranks;
  }

  /** The clock offsets {@link #keyDepth} takes, for this scenario and depth. */
  static long[] offsets(Scenario scenario, Config config, int depth) {
    return StateKey.reachableOffsets(
        List.of(
            config.pastCooldown(scenario),
            scenario.settings().codeLifetime().plusSeconds(1),
            scenario.settings().signInLifetime().plusSeconds(1)),
        depth);
  }

  /** The state as the explorer tells states apart: engine, fake and ground truth. */
  String key() {
    return key(offsets);
  }

  /** The state with future instants exact: for comparing two worlds at the same moment. */
  String exactKey() {
    return key(null);
  }

  private String key(long[] ranks) {
    return StateKey.of(
        now.digest,
        now.snapshotJson,
        truth.key(now.view.signInId()) + " token=" + now.token.isPresent(),
        now.at,
        config.horizon(scenario),
        ranks);
  }

  // ---- the argument domain --------------------------------------------------------------------

  /** The code that verifies the current factor now, if the user has one. */
  Optional<String> rightCode(FlowView view) {
    Optional<Factor> factor = view.currentFactor();
    Optional<String> signIn = view.signInId();
    if (factor.isEmpty() || signIn.isEmpty()) {
      return Optional.empty();
    }
    UserProfile p = scenario.profile();
    Strategy strategy = factor.get().strategy();
    switch (strategy) {
      case TOTP:
        return p.totpSecret().map(secret -> Totp.code(secret, fake.clock().instant()));
      case BACKUP_CODE:
        return p.backupCodes().stream().filter(c -> !truth.usedBackupCodes.contains(c)).findFirst();
      case EMAIL_CODE:
      case PHONE_CODE:
        if (p.testIdentity() && scenario.settings().testIdentities()) {
          return fake.lastSentAt(signIn.get()).containsKey(strategy.wireName())
              ? Optional.of(FakeClerk.TEST_CODE)
              : Optional.empty();
        }
        List<OutboxMessage> sent = fake.outbox();
        for (int i = sent.size() - 1; i >= 0; i--) {
          OutboxMessage m = sent.get(i);
          if (m.signInId().equals(signIn.get())
              && m.strategy().equals(strategy.wireName())
              && m.code().isPresent()) {
            return m.code();
          }
        }
        return Optional.empty();
      default:
        return Optional.empty();
    }
  }

  private static boolean sentCodeFactor(FlowView view) {
    return view.currentFactor()
        .map(f -> f.strategy() == Strategy.EMAIL_CODE || f.strategy() == Strategy.PHONE_CODE)
        .orElse(false);
  }

  /** A well-formed code for the current factor that does not verify it. */
  String wrongCode(FlowView view) {
    Strategy strategy = view.currentFactor().map(Factor::strategy).orElse(Strategy.UNKNOWN);
    if (strategy == Strategy.BACKUP_CODE) {
      return "zzzzzz99";
    }
    Set<String> right = new HashSet<>();
    rightCode(view).ifPresent(right::add);
    if (strategy == Strategy.TOTP) {
      Instant t = fake.clock().instant();
      for (long s = -1; s <= 1; s++) {
        right.add(Totp.code(UserProfile.TOTP_SECRET, t.plusSeconds(30 * s)));
      }
    }
    for (String candidate : List.of("000000", "111111", "222222", "333333")) {
      if (!right.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no wrong code left");
  }

  /** The last email link sent for the flow's sign-in. */
  private Optional<OutboxMessage> lastLink() {
    Optional<String> signIn = now.view.signInId();
    if (signIn.isEmpty()) {
      return Optional.empty();
    }
    List<OutboxMessage> sent = fake.outbox();
    for (int i = sent.size() - 1; i >= 0; i--) {
      OutboxMessage m = sent.get(i);
      if (m.signInId().equals(signIn.get()) && m.linkToken().isPresent()) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    if (underTest instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the gateway under test failed", e);
      }
    }
  }
}
