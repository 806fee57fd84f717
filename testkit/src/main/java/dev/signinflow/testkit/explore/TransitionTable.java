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
import java.util.List;
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
