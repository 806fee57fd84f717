package dev.signinflow.engine.internal;

import dev.signinflow.engine.Factor;
import dev.signinflow.engine.Identifier;
import dev.signinflow.engine.InvalidSnapshotException;
import dev.signinflow.engine.SignInState;
import dev.signinflow.engine.Strategy;
import java.util.List;

/**
 * What every flow the engine makes holds true, checked on a snapshot read from text: a snapshot
 * whose fields contradict each other (a complete flow with no sign-in, a session in a flow that is
 * still waiting for a code) was not written by the engine, and resuming it would only lead to odd
 * refusals later. Each rule has a name, which the exception's message gives.
 *
 * <p>Stateless and thread-safe.
 */
final class SnapshotRules {
  /** More factors than any sign-in offers; a longer list is not Clerk's. */
  static final int MAX_FACTORS = 32;

  /** More session tasks than Clerk defines; a longer list is not Clerk's. */
  static final int MAX_TASKS = 32;

  /** The longest id, raw name or masked identifier read from a snapshot. */
  static final int MAX_TEXT = 1024;

  private SnapshotRules() {}

  /**
   * Checks the data read from a snapshot.
   *
   * @throws InvalidSnapshotException naming the first rule the data breaks
   */
  static void check(FlowData d) {
    SignInState s = d.state();
    boolean waiting = s == SignInState.NEEDS_CLIENT_TRUST || s == SignInState.NEEDS_SECOND_FACTOR;
    rule(
        "identifying-holds-no-sign-in",
        s != SignInState.IDENTIFYING || isEmpty(d),
        "an IDENTIFYING flow holds no sign-in, identifier, factor, verification, sends, session"
            + " or retry time (a new or reset flow starts empty)");
    rule(
        "waiting-has-a-sign-in",
        !waiting || (d.signInId() != null && d.identifier() != null),
        "a " + s + " flow holds the sign-in id and the identifier it was started with");
    rule(
        "waiting-has-no-session",
        !waiting || (d.createdSessionId() == null && d.session() == null),
        "a " + s + " flow has no created session yet");
    rule(
        "complete-has-a-session-id",
        s != SignInState.COMPLETE || (d.createdSessionId() != null && d.identifier() != null),
        "a COMPLETE flow holds the session it completed with and the identifier submitted");
    rule(
        "session-is-the-created-one",
        d.session() == null || d.session().id().equals(d.createdSessionId()),
        "an activated session is the sign-in's created session");
    rule(
        "identifier-is-an-identifier",
        d.identifier() == null || Identifier.tryParse(d.identifier()).isPresent(),
        "the identifier is an email address, an E.164 phone number or a username");
    rule(
        "sent-are-sent-strategies",
        d.lastSentAt().keySet().stream().allMatch(k -> k.isDelivered() || k == Strategy.UNKNOWN),
        "only codes and links the server sends (email_code, phone_code, email_link, or one this"
            + " version does not know) have send times");
    rule(
        "sends-count-the-sends",
        d.sends() >= d.lastSentAt().size(),
        "'sends' counts at least one send per strategy in 'sent'");
    rule(
        "verification-attempts-not-negative",
        d.verification() == null || d.verification().attempts() >= 0,
        "a verification's attempts are 0 or more");
    rule(
        "factors-are-few",
        d.factors().size() <= MAX_FACTORS,
        "a sign-in offers at most " + MAX_FACTORS + " factors");
    rule(
        "tasks-are-few",
        d.session() == null || d.session().tasks().size() <= MAX_TASKS,
        "a session has at most " + MAX_TASKS + " tasks");
    rule(
        "texts-are-short",
        shortText(d.signInId())
            && shortText(d.createdSessionId())
            && (d.session() == null
                || (shortText(d.session().id())
                    && shortText(d.session().userId())
                    && shortText(d.session().rawStatus())
                    && d.session().tasks().stream().allMatch(t -> shortText(t.key()))))
            && shortFactors(d.factors())
            && (d.factor() == null || shortFactors(List.of(d.factor()))),
        "ids, names and masked identifiers are at most " + MAX_TEXT + " characters");
  }

  private static boolean isEmpty(FlowData d) {
    return d.signInId() == null
        && d.identifier() == null
        && d.clientTrust() == null
        && d.factors().isEmpty()
        && d.factor() == null
        && d.verification() == null
        && d.lastSentAt().isEmpty()
        && d.sends() == 0
        && d.serverRetryAt() == null
        && d.createdSessionId() == null
        && d.session() == null
        && d.abandonAt() == null;
  }

  private static boolean shortText(String s) {
    return s == null || s.length() <= MAX_TEXT;
  }

  private static boolean shortFactors(List<Factor> factors) {
    for (Factor f : factors) {
      if (!shortText(f.rawStrategy())
          || !shortText(f.id().orElse(null))
          || !shortText(f.safeIdentifier().orElse(null))) {
        return false;
      }
    }
    return true;
  }

  private static void rule(String name, boolean holds, String says) {
    if (!holds) {
      throw new InvalidSnapshotException("snapshot breaks rule '" + name + "': " + says);
    }
  }
}
