package dev.signinflow.testkit.explore;

import dev.signinflow.engine.ClerkError;
import dev.signinflow.engine.FlowSnapshot;
import dev.signinflow.engine.InvalidSnapshotException;
import dev.signinflow.engine.OutcomeKind;
import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.StepResult;
import dev.signinflow.engine.Transition;
import dev.signinflow.testkit.explore.World.Capture;
import dev.signinflow.testkit.explore.World.StepRecord;
import dev.signinflow.transport.fake.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The invariants checked after every step. Each has a stable name, which fixtures and reports use;
 * {@code docs/testing.md} lists them.
 *
 * <p>Over 600 lines: one method per invariant, each self-contained and named as the report names
 * it; a reader looks up one invariant at a time, and splitting them by theme would scatter the list
 * the report and docs/testing.md follow.
 */
final class Invariants {
  static final String FOLLOWS_TABLE = "follows-table";
  static final String AGREES_WITH_SERVER = "agrees-with-server";
  static final String COMPLETE_ONLY_WHEN_PROVEN = "complete-only-when-proven";
  static final String CHALLENGE_AS_SPECIFIED = "challenge-as-specified";
  static final String SENDS_ONLY_BY_SUBMIT_RESEND_SELECT = "sends-only-by-submit-resend-select";
  static final String RESET_KEEPS_TOKEN = "reset-keeps-token";
  static final String KNOWN_ONLY_AFTER_COMPLETION = "known-only-after-completion";
  static final String REJECTED_CHANGES_NOTHING = "rejected-changes-nothing";
  static final String NO_SECRET_IN_OUTPUT = "no-secret-in-output";
  static final String LISTENER_SEES_EACH_STEP = "listener-sees-each-step";
  static final String ONE_CALL_PER_OPERATION = "one-call-per-operation";
  static final String NO_EXCEPTION = "no-exception";
  static final String RESUME_CONTINUES_ALIKE = "resume-continues-alike";
  static final String DETERMINISTIC_REPLAY = "deterministic-replay";
  static final String GATEWAYS_AGREE = "gateways-agree";
  static final String SNAPSHOT_READS_BACK = "snapshot-reads-back";
  static final String SIGN_OUT_ENDS_SESSION = "sign-out-ends-session";
  static final String SHOWS_WHAT_THE_STATE_SAYS = "shows-what-the-state-says";

  /** One broken invariant. */
  record Finding(String invariant, String message) {}

  private static final Set<SignInEvent> SENDING_EVENTS =
      EnumSet.of(SignInEvent.SUBMIT_PASSWORD, SignInEvent.RESEND_CODE, SignInEvent.SELECT_FACTOR);

  private Invariants() {}

  /** Every invariant, after one step of this world. */
  static List<Finding> check(World w, StepRecord s) {
    List<Finding> out = new ArrayList<>();
    if (s.exception != null) {
      out.add(
          new Finding(
              NO_EXCEPTION,
              s.action
                  + " threw "
                  + s.exception.getClass().getName()
                  + ": "
                  + s.exception.getMessage()));
    }
    followsTable(s, out);
    agreesWithServer(w, s, out);
    completeOnlyWhenProven(w, s, out);
    challengeAsSpecified(w, s, out);
    sends(w, s, out);
    resetKeepsToken(s, out);
    signOutEndsSession(w, s, out);
    knownOnlyAfterCompletion(w, s, out);
    rejectedChangesNothing(s, out);
    listenerSeesEachStep(s, out);
    oneCallPerOperation(s, out);
    noSecretInOutput(w, s, out);
    snapshotReadsBack(s, out);
    for (String problem : s.shownProblems) {
      out.add(new Finding(SHOWS_WHAT_THE_STATE_SAYS, s.action + ": " + problem));
    }
    return out;
  }

  /**
   * Every flow the engine makes passes the checks a snapshot read from text must pass: its JSON
   * reads back, equal, without breaking a snapshot rule.
   */
  private static void snapshotReadsBack(StepRecord s, List<Finding> out) {
    if (s.after == null) {
      return;
    }
    try {
      if (!FlowSnapshot.fromJson(s.after.snapshotJson()).equals(s.after.snapshot())) {
        out.add(new Finding(SNAPSHOT_READS_BACK, "the snapshot read back differs"));
      }
    } catch (InvalidSnapshotException e) {
      out.add(new Finding(SNAPSHOT_READS_BACK, "the snapshot is refused: " + e.getMessage()));
    }
  }

  private static Optional<SignInEvent> event(StepRecord s) {
    return s.result == null ? Optional.empty() : Optional.of(s.result.event());
  }

  // ---- the table ------------------------------------------------------------------------------

  private static void followsTable(StepRecord s, List<Finding> out) {
    SignInState from = s.before.state();
    SignInState to = s.after.state();
    if (s.result == null) {
      if (from != to) {
        out.add(new Finding(FOLLOWS_TABLE, s.action + " is no event, yet " + from + " -> " + to));
      }
      return;
    }
    SignInEvent event = s.result.event();
    boolean allowed = TransitionTable.allowed(from, event);
    if (s.result instanceof StepResult.IllegalEvent illegal) {
      if (allowed) {
        out.add(
            new Finding(
                FOLLOWS_TABLE, event + " was refused in " + from + ", where it is allowed"));
      }
      if (illegal.state() != from || to != from) {
        out.add(new Finding(FOLLOWS_TABLE, "a refused " + event + " moved " + from + " -> " + to));
      }
      return;
    }
    if (!(s.result instanceof StepResult.Applied applied)) {
      out.add(new Finding(FOLLOWS_TABLE, event + " answered " + s.result + " with no other event"));
      return;
    }
    if (!allowed) {
      out.add(
          new Finding(FOLLOWS_TABLE, event + " ran in " + from + ", where the table rejects it"));
      return;
    }
    if (applied.from() != from || applied.state() != to) {
      out.add(
          new Finding(
              FOLLOWS_TABLE,
              "the result says "
                  + applied.from()
                  + " -> "
                  + applied.state()
                  + " but the flow went "
                  + from
                  + " -> "
                  + to));
    }
    Optional<TransitionTable.Row> row = TransitionTable.row(from, event, to);
    if (row.isEmpty()) {
      out.add(
          new Finding(
              FOLLOWS_TABLE, "no row of the table goes " + from + " --" + event + "--> " + to));
      return;
    }
    String branch = row.get().branch();
    OutcomeKind kind = applied.kind();
    // SUBMIT_PASSWORD's choice has no [sign-in gone] branch: a sign-in gone at its first send goes
    // back to IDENTIFYING through [else].
    boolean goneAtSubmit =
        event == SignInEvent.SUBMIT_PASSWORD && branch.equals(TransitionTable.ELSE_BRANCH);
    if (kind == OutcomeKind.SIGN_IN_GONE
        && !branch.equals(TransitionTable.GONE_BRANCH)
        && !goneAtSubmit) {
      out.add(
          new Finding(
              FOLLOWS_TABLE,
              event
                  + " found the sign-in gone, yet the flow took "
                  + row.get()
                  + " instead of the [sign-in gone] branch to IDENTIFYING"));
    }
    if (branch.equals(TransitionTable.GONE_BRANCH) && kind != OutcomeKind.SIGN_IN_GONE) {
      out.add(new Finding(FOLLOWS_TABLE, row.get() + " taken with outcome " + kind));
    }
    if ((branch.equals(TransitionTable.COMPLETE_BRANCH)
            || branch.equals(TransitionTable.SIGNED_OUT_BRANCH))
        && kind != OutcomeKind.SUCCESS) {
      out.add(new Finding(FOLLOWS_TABLE, row.get() + " taken with outcome " + kind));
    }
    if (event == SignInEvent.RESET && kind != OutcomeKind.SUCCESS) {
      out.add(new Finding(FOLLOWS_TABLE, "RESET answered " + kind));
    }
  }

  // ---- engine and server ----------------------------------------------------------------------

  private static String expectedStatus(SignInState state) {
    switch (state) {
      case NEEDS_CLIENT_TRUST:
        return "needs_client_trust";
      case NEEDS_SECOND_FACTOR:
        return "needs_second_factor";
      case COMPLETE:
        return "complete";
      default:
        return "needs_identifier";
    }
  }

  private static void agreesWithServer(World w, StepRecord s, List<Finding> out) {
    SignInState state = s.after.state();
    Optional<String> signIn = s.after.view().signInId();
    if (state == SignInState.IDENTIFYING) {
      if (signIn.isPresent()) {
        out.add(new Finding(AGREES_WITH_SERVER, "IDENTIFYING still holds sign-in " + signIn.get()));
      }
      return;
    }
    if (state == SignInState.COMPLETE) {
      Optional<String> session = s.after.view().sessionId();
      Optional<String> sessionStatus = session.flatMap(w.fake::sessionStatus);
      if (!sessionStatus.map(Invariants::signedIn).orElse(false)) {
        out.add(
            new Finding(
                AGREES_WITH_SERVER,
                "the flow is COMPLETE with session "
                    + session.orElse("(none)")
                    + ", which the server has "
                    + sessionStatus.orElse("not")
                    + " signed in"));
      }
    }
    if (signIn.isEmpty() && state == SignInState.COMPLETE) {
      // Completed with the device's existing session: there is no sign-in to compare.
      trustAsTheHistorySays(w, s, out);
      return;
    }
    if (signIn.isEmpty()) {
      out.add(new Finding(AGREES_WITH_SERVER, state + " without a sign-in"));
      return;
    }
    Optional<String> status = w.fake.signInStatus(signIn.get());
    String expected = expectedStatus(state);
    // Strict right after the server answered about the sign-in itself; otherwise the server may
    // have moved on without the flow (a link clicked elsewhere, the sign-in abandoned).
    boolean strict =
        s.result != null
            && s.result.kind() == OutcomeKind.SUCCESS
            && s.calls.stream().anyMatch(c -> !c.startsWith("activateSession:"));
    boolean agrees = status.equals(Optional.of(expected));
    if (!agrees && !strict) {
      agrees =
          (status.isEmpty() && w.truth.mayBeAbandoned)
              || (status.equals(Optional.of("complete"))
                  && w.truth.linkVerified.contains(signIn.get()));
    }
    if (!agrees) {
      out.add(
          new Finding(
              AGREES_WITH_SERVER,
              "the flow is "
                  + state
                  + " but the server's sign-in is "
                  + status.orElse("gone")
                  + (strict ? ", after a successful call" : "")));
    }
    trustAsTheHistorySays(w, s, out);
  }

  private static boolean signedIn(String sessionStatus) {
    return sessionStatus.equals("active") || sessionStatus.equals("pending");
  }

  private static void trustAsTheHistorySays(World w, StepRecord s, List<Finding> out) {
    Optional<String> trust = s.after.view().clientTrustState().map(t -> t.wireName());
    if (!trust.equals(w.truth.trust)) {
      out.add(
          new Finding(
              AGREES_WITH_SERVER,
              "client_trust_state is "
                  + trust.orElse("absent")
                  + ", but the device's history makes it "
                  + w.truth.trust.orElse("absent")));
    }
  }

  private static void completeOnlyWhenProven(World w, StepRecord s, List<Finding> out) {
    if (s.after.state() != SignInState.COMPLETE || s.before.state() == SignInState.COMPLETE) {
      return;
    }
    Optional<SignInEvent> event = event(s);
    String why = null;
    if (event.isEmpty()) {
      why = s.action + " is no event";
    } else if (event.get() == SignInEvent.SUBMIT_PASSWORD && s.after.view().signInId().isEmpty()) {
      // Clerk refuses a signed-in device before it looks at the password, and the flow takes the
      // session the device holds: that is proof enough, and only that.
      if (!s.truthBefore.sessionLive) {
        why = "it took an existing session, but the device held none";
      }
    } else if (event.get() == SignInEvent.SUBMIT_PASSWORD) {
      if (s.action != Action.SUBMIT_RIGHT_PASSWORD) {
        why = "the password was not the right one (" + s.action + ")";
      } else if (w.truth.demanded) {
        why = "the server should have demanded a second step first";
      }
    } else if (event.get() == SignInEvent.VERIFY_CODE) {
      if (s.action != Action.VERIFY_RIGHT_CODE) {
        why = "the code was not the right one (" + s.action + ")";
      }
    } else if (event.get() == SignInEvent.REFRESH) {
      Optional<String> signIn = s.before.view().signInId();
      if (signIn.isEmpty() || !w.truth.linkVerified.contains(signIn.get())) {
        why = "no email link of the sign-in was clicked";
      }
    } else {
      why = event.get() + " cannot prove anything";
    }
    if (why != null) {
      out.add(
          new Finding(
              COMPLETE_ONLY_WHEN_PROVEN,
              "COMPLETE after " + s.action + " from " + s.before.state() + ": " + why));
    }
  }

  private static void challengeAsSpecified(World w, StepRecord s, List<Finding> out) {
    if (!s.calls.contains("createSignIn:Success")) {
      return;
    }
    Scenario sc = w.scenario;
    SignInState expected;
    if (sc.profile().hasMfa(sc.settings())) {
      expected = SignInState.NEEDS_SECOND_FACTOR;
    } else if (w.truth.demanded) {
      expected =
          sc.settings().legacyClientTrustShape()
              ? SignInState.NEEDS_SECOND_FACTOR
              : SignInState.NEEDS_CLIENT_TRUST;
    } else {
      expected = SignInState.COMPLETE;
    }
    if (s.after.state() != expected) {
      out.add(
          new Finding(
              CHALLENGE_AS_SPECIFIED,
              "a right password "
                  + (s.truthBefore.known ? "on a known device" : "on a new device")
                  + " led to "
                  + s.after.state()
                  + ", expected "
                  + expected));
    }
  }

  private static void sends(World w, StepRecord s, List<Finding> out) {
    int sent = s.after.sendCount() - s.before.sendCount();
    long prepared = s.calls.stream().filter(c -> c.equals("prepareSecondFactor:Success")).count();
    if (sent != prepared) {
      out.add(
          new Finding(
              SENDS_ONLY_BY_SUBMIT_RESEND_SELECT,
              s.action
                  + " sent "
                  + sent
                  + " code(s) or link(s), but "
                  + prepared
                  + " prepare call(s) succeeded"));
    }
    boolean prepares = s.calls.stream().anyMatch(c -> c.startsWith("prepareSecondFactor:"));
    if (prepares && (event(s).isEmpty() || !SENDING_EVENTS.contains(event(s).get()))) {
      out.add(
          new Finding(
              SENDS_ONLY_BY_SUBMIT_RESEND_SELECT, s.action + " asked the server to send a code"));
    }
    Optional<String> signIn = s.after.view().signInId();
    List<OutboxMessage> outbox = w.fake.outbox();
    for (OutboxMessage m : outbox.subList(s.before.outboxSize(), outbox.size())) {
      if (signIn.isEmpty() || !m.signInId().equals(signIn.get())) {
        out.add(
            new Finding(
                SENDS_ONLY_BY_SUBMIT_RESEND_SELECT,
                s.action + " sent a " + m.strategy() + " for a sign-in the flow does not hold"));
      }
    }
    if (signIn.isEmpty() || !signIn.equals(s.before.view().signInId())) {
      return;
    }
    Duration cooldown = w.config.pastCooldown(w.scenario).minusSeconds(1);
    for (Map.Entry<String, Instant> e : s.after.lastSent().entrySet()) {
      Instant previous = s.before.lastSent().get(e.getKey());
      if (previous != null
          && !previous.equals(e.getValue())
          && Duration.between(previous, e.getValue()).compareTo(cooldown) < 0) {
        out.add(
            new Finding(
                SENDS_ONLY_BY_SUBMIT_RESEND_SELECT,
                e.getKey()
                    + " sent again after "
                    + Duration.between(previous, e.getValue())
                    + ", within the cooldown of "
                    + cooldown));
      }
    }
  }

  private static void resetKeepsToken(StepRecord s, List<Finding> out) {
    if (s.action != Action.RESET || s.result == null) {
      return;
    }
    if (s.after.state() != SignInState.IDENTIFYING
        || s.result.kind() != OutcomeKind.SUCCESS
        || s.after.view().signInId().isPresent()) {
      out.add(
          new Finding(
              RESET_KEEPS_TOKEN,
              "RESET gave "
                  + s.after.state()
                  + " "
                  + s.result.kind()
                  + (s.after.view().signInId().isPresent() ? " with a sign-in" : "")));
    }
    if (!s.after.token().equals(s.before.token())) {
      out.add(new Finding(RESET_KEEPS_TOKEN, "RESET changed the device's client token"));
    }
    if (!s.calls.isEmpty()) {
      out.add(new Finding(RESET_KEEPS_TOKEN, "RESET called " + s.calls));
    }
  }

  /**
   * SIGN_OUT either signs the flow's session out on the server, keeps the device's client (so it
   * stays trusted) and goes to IDENTIFYING with {@code SUCCESS}, or fails and leaves flow and
   * session as they were; it calls nothing but {@code removeSession}.
   */
  private static void signOutEndsSession(World w, StepRecord s, List<Finding> out) {
    if (s.action != Action.SIGN_OUT
        || s.result == null
        || s.result instanceof StepResult.IllegalEvent) {
      return;
    }
    Optional<String> session = s.before.view().sessionId();
    boolean live = session.flatMap(w.fake::sessionStatus).map(Invariants::signedIn).orElse(false);
    if (s.after.state() == SignInState.IDENTIFYING) {
      if (s.result.kind() != OutcomeKind.SUCCESS) {
        out.add(
            new Finding(SIGN_OUT_ENDS_SESSION, "SIGN_OUT left COMPLETE with " + s.result.kind()));
      }
      if (live) {
        out.add(
            new Finding(SIGN_OUT_ENDS_SESSION, "SIGN_OUT succeeded, yet the session is signed in"));
      }
      if (s.after.view().sessionId().isPresent()) {
        out.add(new Finding(SIGN_OUT_ENDS_SESSION, "SIGN_OUT kept a session in the flow"));
      }
      // The server rotates client tokens with every answer; what must stay is the client, which
      // the device's (new) token still names: the device stays trusted.
      if (s.after.token().isEmpty() || !s.after.fakeKnown()) {
        out.add(
            new Finding(
                SIGN_OUT_ENDS_SESSION,
                "after SIGN_OUT the device's client token no longer names a trusted client"));
      }
    } else if (s.result.kind() == OutcomeKind.SUCCESS || !live) {
      out.add(
          new Finding(
              SIGN_OUT_ENDS_SESSION,
              "SIGN_OUT stayed "
                  + s.after.state()
                  + " with "
                  + s.result.kind()
                  + (live ? "" : ", yet the session is no longer signed in")));
    }
    for (String c : s.calls) {
      if (!c.startsWith("removeSession:")) {
        out.add(new Finding(SIGN_OUT_ENDS_SESSION, "SIGN_OUT called " + c));
      }
    }
  }

  private static void knownOnlyAfterCompletion(World w, StepRecord s, List<Finding> out) {
    if (s.after.fakeKnown() != w.truth.known) {
      out.add(
          new Finding(
              KNOWN_ONLY_AFTER_COMPLETION,
              s.after.fakeKnown()
                  ? "the server knows the device, but no sign-in completed on it"
                  : "a sign-in completed on the device, but the server does not know it"));
    }
  }

  private static void rejectedChangesNothing(StepRecord s, List<Finding> out) {
    for (StepResult probe : s.probes) {
      if (!(probe instanceof StepResult.Busy) || probe.state() != s.before.state()) {
        out.add(
            new Finding(
                REJECTED_CHANGES_NOTHING,
                "an event sent while " + s.action + " was in flight answered " + probe));
      }
    }
    if (!s.rejected()) {
      return;
    }
    String what = s.action + " (" + s.result.kind() + ")";
    Capture b = s.before;
    Capture a = s.after;
    if (!s.calls.isEmpty()) {
      out.add(new Finding(REJECTED_CHANGES_NOTHING, what + " called " + s.calls));
    }
    if (!a.snapshotJson().equals(b.snapshotJson()) || !a.snapshot().equals(b.snapshot())) {
      out.add(new Finding(REJECTED_CHANGES_NOTHING, what + " changed the flow's snapshot"));
    }
    if (!a.view().equals(b.view())) {
      out.add(new Finding(REJECTED_CHANGES_NOTHING, what + " changed the flow's view"));
    }
    if (!a.token().equals(b.token())) {
      out.add(new Finding(REJECTED_CHANGES_NOTHING, what + " changed the device's token"));
    }
    if (!a.digest().equals(b.digest())) {
      out.add(new Finding(REJECTED_CHANGES_NOTHING, what + " changed the server's state"));
    }
  }

  private static void listenerSeesEachStep(StepRecord s, List<Finding> out) {
    List<Transition> steps = new ArrayList<>();
    int busy = 0;
    for (Transition t : s.heard) {
      if (t.outcome() == OutcomeKind.BUSY) {
        busy++;
      } else {
        steps.add(t);
      }
    }
    if (busy != s.probes.size()) {
      out.add(
          new Finding(
              LISTENER_SEES_EACH_STEP,
              "listeners heard " + busy + " busy event(s) for " + s.probes.size() + " sent"));
    }
    if (s.result == null) {
      if (!steps.isEmpty()) {
        out.add(new Finding(LISTENER_SEES_EACH_STEP, s.action + " is no event, yet " + steps));
      }
      return;
    }
    if (steps.size() != 1) {
      out.add(
          new Finding(LISTENER_SEES_EACH_STEP, s.action + " was heard " + steps.size() + " times"));
      return;
    }
    Transition t = steps.get(0);
    if (!t.device().equals(World.DEVICE)
        || t.from() != s.before.state()
        || t.event() != s.result.event()
        || t.to() != s.result.state()
        || t.outcome() != s.result.kind()) {
      out.add(
          new Finding(
              LISTENER_SEES_EACH_STEP, "listeners heard " + t + " for the result " + s.result));
    }
  }

  private static void oneCallPerOperation(StepRecord s, List<Finding> out) {
    Set<String> seen = new HashSet<>();
    for (String c : s.calls) {
      String op = c.substring(0, c.indexOf(':'));
      if (!seen.add(op)) {
        out.add(
            new Finding(ONE_CALL_PER_OPERATION, s.action + " called " + op + " twice: " + s.calls));
      }
    }
  }

  // ---- secrets --------------------------------------------------------------------------------

  private static void noSecretInOutput(World w, StepRecord s, List<Finding> out) {
    Set<String> secrets = new LinkedHashSet<>(w.truth.secrets);
    for (OutboxMessage m : w.fake.outbox()) {
      m.code().ifPresent(secrets::add);
      m.linkToken().ifPresent(secrets::add);
    }
    secrets.addAll(w.gateway.tokensSeen());
    s.after.token().ifPresent(secrets::add);

    List<String> texts = new ArrayList<>();
    for (Transition t : s.heard) {
      texts.add("listener event " + t);
    }
    if (s.result != null) {
      texts.add("step result " + s.result);
      for (ClerkError e : s.result.errors().all()) {
        texts.add("error " + e.code() + " " + e.message() + " " + e.longMessage() + " " + e.meta());
      }
    }
    for (StepResult p : s.probes) {
      texts.add("busy result " + p);
    }
    texts.add("snapshot " + s.after.snapshotJson() + " " + s.after.snapshot());
    texts.add("flow " + w.flow);
    texts.add("view " + s.after.view());
    if (!s.shown.isEmpty()) {
      texts.add("page " + s.shown);
    }
    if (s.exception != null) {
      texts.add("exception " + s.exception);
    }
    for (String text : texts) {
      for (String secret : secrets) {
        if (containsWord(text, secret)) {
          String where = text.substring(0, text.indexOf(' '));
          out.add(
              new Finding(
                  NO_SECRET_IN_OUTPUT,
                  "a " + kindOf(w, secret) + " appears in the " + where + " of " + s.action));
        }
      }
    }
  }

  private static String kindOf(World w, String secret) {
    if (secret.equals(UserProfile.PASSWORD) || secret.equals(UserProfile.WRONG_PASSWORD)) {
      return "password";
    }
    if (w.gateway.tokensSeen().contains(secret)) {
      return "client token";
    }
    return "code or link token";
  }

  /** True when the secret appears in the text, not as part of a longer word or number. */
  static boolean containsWord(String text, String secret) {
    int from = 0;
    while (true) {
      int i = text.indexOf(secret, from);
      if (i < 0) {
        return false;
      }
      int end = i + secret.length();
      boolean startsWord = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
      boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (startsWord && endsWord) {
        return true;
      }
      from = i + 1;
    }
  }
}
