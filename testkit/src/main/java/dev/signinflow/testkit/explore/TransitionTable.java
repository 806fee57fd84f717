package dev.signinflow.testkit.explore;

import static dev.signinflow.engine.SignInEvent.FINALIZE;
import static dev.signinflow.engine.SignInEvent.REFRESH;
import static dev.signinflow.engine.SignInEvent.RESEND_CODE;
import static dev.signinflow.engine.SignInEvent.RESET;
import static dev.signinflow.engine.SignInEvent.SELECT_FACTOR;
import static dev.signinflow.engine.SignInEvent.SIGN_OUT;
import static dev.signinflow.engine.SignInEvent.SUBMIT_PASSWORD;
import static dev.signinflow.engine.SignInEvent.VERIFY_CODE;
import static dev.signinflow.engine.SignInState.COMPLETE;
import static dev.signinflow.engine.SignInState.IDENTIFYING;
import static dev.signinflow.engine.SignInState.NEEDS_CLIENT_TRUST;
import static dev.signinflow.engine.SignInState.NEEDS_SECOND_FACTOR;

import dev.signinflow.engine.SignInEvent;
import dev.signinflow.engine.SignInState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transition table the explorer expects, written from DESIGN.md and {@code
 * docs/state-machine.md}: one row per transition, and per branch of a choice. A test checks it
 * equals the machine's own model, so the explorer measures coverage against the real machine
 * without depending on its internals.
 */
final class TransitionTable {
  /** A direct transition, without a choice. */
  static final String DIRECT = "";

  static final String COMPLETE_BRANCH = "complete";
  static final String CLIENT_TRUST_BRANCH = "needs_client_trust";
  static final String SECOND_FACTOR_BRANCH = "needs_second_factor";
  static final String GONE_BRANCH = "sign-in gone";
  static final String SIGNED_OUT_BRANCH = "signed out";
  static final String ELSE_BRANCH = "else";

  /**
   * One row: from a state, on an event, through a branch of the event's choice (or {@link
   * #DIRECT}), to a state.
   */
  record Row(SignInState from, SignInEvent event, String branch, SignInState to) {
    @Override
    public String toString() {
      return from + " --" + event + (branch.isEmpty() ? "" : " [" + branch + "]") + "--> " + to;
    }
  }

  /** Two rows taken one after the other. */
  record Pair(Row first, Row second) {
    @Override
    public String toString() {
      return first + " ; " + second;
    }
  }

  static final List<Row> ROWS = rows();

  /**
   * The pairs no sequence of the explorer can take, each with the reason, read from the table and
   * from what a scenario holds fixed: one user with one profile, one device, the instance's
   * settings, faults that fire once. Every other pair is feasible, and the build's runs must take
   * each of them ({@link ExplorationReport#assertFeasiblePairCoverage()}).
   */
  static final Map<Pair, String> INFEASIBLE = infeasible();

  static final String ONE_KIND_OF_CHALLENGE =
      "a sequence meets Client Trust or a second factor, never both: NEEDS_CLIENT_TRUST needs a"
          + " user without MFA on a device that never completed a sign-in, with Client Trust on in"
          + " its own shape; NEEDS_SECOND_FACTOR needs MFA or the legacy shape; user, device"
          + " history and settings are fixed for the sequence";
  static final String KNOWN_AFTER_COMPLETE =
      "COMPLETE means the device completed a sign-in (or holds the user's session), so it is"
          + " known and Client Trust never challenges it again";
  static final String SESSION_KEPT_BY_RESET =
      "RESET is local: the device still holds the user's session (sessions do not expire, only"
          + " SIGN_OUT ends one), so the next create is answered session_exists or"
          + " identifier_already_signed_in and completes with that session or fails; it is never"
          + " challenged";
  static final String CODE_SIGN_IN_GIVES_NO_SESSION =
      "VERIFY_CODE reaches the server only for a code factor, and a sign-in offering one has no"
          + " link (a link is always its sign-in's only factor), so nothing gave the device a"
          + " session while the flow waited: the next submit is challenged as the last one was";
  static final String SIGN_OUT_FAILS_ONCE =
      "a sign-out fails only by an injected fault (the server removes a session it has, and the"
          + " shared back-off leaves removes alone), and each fault fires once per sequence";

  private TransitionTable() {}

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row(IDENTIFYING, SUBMIT_PASSWORD, COMPLETE_BRANCH, COMPLETE));
    rows.add(new Row(IDENTIFYING, SUBMIT_PASSWORD, CLIENT_TRUST_BRANCH, NEEDS_CLIENT_TRUST));
    rows.add(new Row(IDENTIFYING, SUBMIT_PASSWORD, SECOND_FACTOR_BRANCH, NEEDS_SECOND_FACTOR));
    rows.add(new Row(IDENTIFYING, SUBMIT_PASSWORD, ELSE_BRANCH, IDENTIFYING));
    for (SignInState waiting : List.of(NEEDS_CLIENT_TRUST, NEEDS_SECOND_FACTOR)) {
      rows.add(new Row(waiting, RESEND_CODE, GONE_BRANCH, IDENTIFYING));
      rows.add(new Row(waiting, RESEND_CODE, ELSE_BRANCH, waiting));
      rows.add(new Row(waiting, VERIFY_CODE, COMPLETE_BRANCH, COMPLETE));
      rows.add(new Row(waiting, VERIFY_CODE, GONE_BRANCH, IDENTIFYING));
      rows.add(new Row(waiting, VERIFY_CODE, ELSE_BRANCH, waiting));
      rows.add(new Row(waiting, SELECT_FACTOR, GONE_BRANCH, IDENTIFYING));
      rows.add(new Row(waiting, SELECT_FACTOR, ELSE_BRANCH, waiting));
      rows.add(new Row(waiting, REFRESH, COMPLETE_BRANCH, COMPLETE));
      rows.add(new Row(waiting, REFRESH, GONE_BRANCH, IDENTIFYING));
      rows.add(new Row(waiting, REFRESH, ELSE_BRANCH, waiting));
    }
    for (SignInState s : SignInState.values()) {
      rows.add(new Row(s, RESET, DIRECT, IDENTIFYING));
    }
    rows.add(new Row(COMPLETE, FINALIZE, DIRECT, COMPLETE));
    rows.add(new Row(COMPLETE, SIGN_OUT, SIGNED_OUT_BRANCH, IDENTIFYING));
    rows.add(new Row(COMPLETE, SIGN_OUT, ELSE_BRANCH, COMPLETE));
    return List.copyOf(rows);
  }

  private static Map<Pair, String> infeasible() {
    Row submitComplete = row(IDENTIFYING, SUBMIT_PASSWORD, COMPLETE).orElseThrow();
    Row submitTrust = row(IDENTIFYING, SUBMIT_PASSWORD, NEEDS_CLIENT_TRUST).orElseThrow();
    Row submitSecond = row(IDENTIFYING, SUBMIT_PASSWORD, NEEDS_SECOND_FACTOR).orElseThrow();
    Row signOutFailed = row(COMPLETE, SIGN_OUT, COMPLETE).orElseThrow();
    Map<Pair, String> out = new LinkedHashMap<>();
    for (Row a : ROWS) {
      if (a.to != IDENTIFYING) {
        continue;
      }
      if (a.from == NEEDS_CLIENT_TRUST) {
        out.put(new Pair(a, submitSecond), ONE_KIND_OF_CHALLENGE);
      }
      if (a.from == NEEDS_SECOND_FACTOR) {
        out.put(new Pair(a, submitTrust), ONE_KIND_OF_CHALLENGE);
      }
      if (a.from == COMPLETE) {
        out.put(new Pair(a, submitTrust), KNOWN_AFTER_COMPLETE);
      }
      if (a.from == COMPLETE && a.event == RESET) {
        out.put(new Pair(a, submitSecond), SESSION_KEPT_BY_RESET);
      }
      if (a.event == VERIFY_CODE) {
        out.put(new Pair(a, submitComplete), CODE_SIGN_IN_GIVES_NO_SESSION);
      }
    }
    out.put(new Pair(signOutFailed, signOutFailed), SIGN_OUT_FAILS_ONCE);
    return Collections.unmodifiableMap(out);
  }

  /** The pairs a sequence can take: {@link #pairs()} but the {@link #INFEASIBLE} ones. */
  static List<Pair> feasiblePairs() {
    return pairs().stream().filter(p -> !INFEASIBLE.containsKey(p)).toList();
  }

  /** True when the state has a transition for the event. */
  static boolean allowed(SignInState state, SignInEvent event) {
    return ROWS.stream().anyMatch(r -> r.from == state && r.event == event);
  }

  /**
   * The row a step took. Every choice of this machine leads each branch to a different state, so
   * (from, event, to) names the branch.
   */
  static Optional<Row> row(SignInState from, SignInEvent event, SignInState to) {
    return ROWS.stream().filter(r -> r.from == from && r.event == event && r.to == to).findFirst();
  }

  /** Every pair of rows where the second starts in the state the first ends in. */
  static List<Pair> pairs() {
    List<Pair> pairs = new ArrayList<>();
    for (Row a : ROWS) {
      for (Row b : ROWS) {
        if (a.to == b.from) {
          pairs.add(new Pair(a, b));
        }
      }
    }
    return pairs;
  }
}
