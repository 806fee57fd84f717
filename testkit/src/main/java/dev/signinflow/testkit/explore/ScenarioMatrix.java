package dev.signinflow.testkit.explore;

import static dev.signinflow.testkit.explore.DeviceHistory.KNOWN;
import static dev.signinflow.testkit.explore.FaultPlan.NONE;
import static dev.signinflow.testkit.explore.FaultPlan.RATE_LIMITED_PREPARE;
import static dev.signinflow.testkit.explore.InstanceSettings.CLIENT_TRUST_EMAIL_CODE;
import static dev.signinflow.testkit.explore.InstanceSettings.CLIENT_TRUST_OFF;
import static dev.signinflow.testkit.explore.InstanceSettings.EMAIL_LINK;
import static dev.signinflow.testkit.explore.InstanceSettings.LEGACY_EMAIL_LINK;
import static dev.signinflow.testkit.explore.InstanceSettings.LEGACY_SHAPE;
import static dev.signinflow.testkit.explore.InstanceSettings.MULTI_SESSION;
import static dev.signinflow.testkit.explore.InstanceSettings.SESSION_TASKS;
import static dev.signinflow.testkit.explore.InstanceSettings.SMS_ONLY;
import static dev.signinflow.testkit.explore.UserProfile.BACKUP_CODES_ONLY;
import static dev.signinflow.testkit.explore.UserProfile.LOCKED;
import static dev.signinflow.testkit.explore.UserProfile.NO_MFA;
import static dev.signinflow.testkit.explore.UserProfile.SMS_MFA;
import static dev.signinflow.testkit.explore.UserProfile.TEST_IDENTITY;
import static dev.signinflow.testkit.explore.UserProfile.TOTP;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The scenario matrix as data: instance settings × user profiles × device histories × fault plans,
 * less the combinations that say nothing new, each excluded by a rule with its reason.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScenarioMatrix {

  /**
   * A rule that takes combinations out of the matrix.
   *
   * @param rule which combinations, in words
   * @param reason why they add nothing
   */
  public record Exclusion(String rule, String reason) {}

  private interface Cell {
    boolean test(InstanceSettings s, UserProfile p, DeviceHistory d, FaultPlan f);
  }

  private record Rule(Exclusion exclusion, Cell cell) {}

  private static final Set<UserProfile> MFA = EnumSet.of(TOTP, SMS_MFA, BACKUP_CODES_ONLY);
  private static final Set<InstanceSettings> TRUST_SHAPES =
      EnumSet.of(LEGACY_SHAPE, EMAIL_LINK, LEGACY_EMAIL_LINK, SMS_ONLY);
  private static final Set<InstanceSettings> LINKS = EnumSet.of(EMAIL_LINK, LEGACY_EMAIL_LINK);

  private static final List<Rule> RULES =
      List.of(
          rule(
              "MFA profiles × legacy shape, email link, legacy email link, SMS only",
              "MFA wins over Client Trust (§6.3): these settings only change the Client Trust"
                  + " challenge, which an MFA user is never given",
              (s, p, d, f) -> MFA.contains(p) && TRUST_SHAPES.contains(s)),
          rule(
              "known device × Client Trust off",
              "without Client Trust the server ignores the device's history",
              (s, p, d, f) -> d == KNOWN && s == CLIENT_TRUST_OFF),
          rule(
              "known device × locked",
              "a locked user cannot complete the set-up sign-in; sequences reach a known device"
                  + " only after the lockout lifts",
              (s, p, d, f) -> d == KNOWN && p == LOCKED),
          rule(
              "known device × legacy shape, email link, legacy email link, SMS only",
              "a known device is not challenged, so how the challenge would be sent does not"
                  + " matter; the default settings cover it",
              (s, p, d, f) -> d == KNOWN && TRUST_SHAPES.contains(s)),
          rule(
              "known device × MFA profiles × session tasks",
              "for an MFA user the device's history only changes client_trust_state, which the"
                  + " default settings cover",
              (s, p, d, f) -> d == KNOWN && MFA.contains(p) && s == SESSION_TASKS),
          rule(
              "locked × anything but the default settings and Client Trust off",
              "a locked user is refused before any setting applies; once the lockout lifts (the"
                  + " 24 h step) the other profiles cover the rest",
              (s, p, d, f) -> p == LOCKED && s != CLIENT_TRUST_EMAIL_CODE && s != CLIENT_TRUST_OFF),
          rule(
              "test identity × email link, legacy email link",
              "a test identity is sent nothing, so there is no link to click: the flow can only"
                  + " wait",
              (s, p, d, f) -> p == TEST_IDENTITY && LINKS.contains(s)),
          rule(
              "test identity × Client Trust off, legacy shape, session tasks",
              "a test identity differs only in how codes are delivered (not at all, code 424242);"
                  + " the default and SMS-only settings cover both channels",
              (s, p, d, f) ->
                  p == TEST_IDENTITY
                      && (s == CLIENT_TRUST_OFF || s == LEGACY_SHAPE || s == SESSION_TASKS)),
          rule(
              "multi-session × anything but the no-MFA user without faults",
              "multi-session mode changes only how a signed-in user's next sign-in on the device"
                  + " is answered (identifier_already_signed_in instead of session_exists); the"
                  + " no-MFA user gets there soonest, and the default settings cover the rest",
              (s, p, d, f) -> s == MULTI_SESSION && (p != NO_MFA || f != NONE)),
          rule(
              "faults × anything but the default settings and Client Trust off",
              "faults act on the transport, not on the challenge's shape; the two settings give"
                  + " every path a fault can interrupt (sign-in, Client Trust, MFA, finalize)",
              (s, p, d, f) -> f != NONE && s != CLIENT_TRUST_EMAIL_CODE && s != CLIENT_TRUST_OFF),
          rule(
              "faults × locked",
              "a locked user's calls are refused by the lockout; a fault adds nothing to that",
              (s, p, d, f) -> f != NONE && p == LOCKED),
          rule(
              "429 on prepare × scenarios that send nothing (TOTP, backup codes only; no MFA on"
                  + " a known device or without Client Trust; test identity on a known device)",
              "the fault never fires, so the scenario equals its fault-free one",
              (s, p, d, f) ->
                  f == RATE_LIMITED_PREPARE
                      && (p == TOTP
                          || p == BACKUP_CODES_ONLY
                          || (d == KNOWN && (p == NO_MFA || p == TEST_IDENTITY))
                          || (s == CLIENT_TRUST_OFF && !MFA.contains(p)))));

  private ScenarioMatrix() {}

  private static Rule rule(String rule, String reason, Cell cell) {
    return new Rule(new Exclusion(rule, reason), cell);
  }

  /** Every combination no rule excludes, in the order of the enums. */
  public static List<Scenario> full() {
    List<Scenario> out = new ArrayList<>();
    for (InstanceSettings s : InstanceSettings.values()) {
      for (UserProfile p : UserProfile.values()) {
        for (DeviceHistory d : DeviceHistory.values()) {
          for (FaultPlan f : FaultPlan.values()) {
            if (RULES.stream().noneMatch(r -> r.cell.test(s, p, d, f))) {
              out.add(Scenario.of(s, p, d, f));
            }
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The subset a normal build explores, 19 scenarios: every settings, profile, device history and
   * fault plan at least once, chosen so that together they reach every state, transition and
   * (state, event) pair — the default settings with each profile, each other setting with the
   * profile it changes something for, known devices with and without MFA, and each fault plan on
   * the Client Trust path (and the 5xx plan on the MFA path too).
   */
  public static List<Scenario> representative() {
    DeviceHistory n = DeviceHistory.NEW;
    return List.of(
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, n, NONE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, KNOWN, NONE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, TOTP, n, NONE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, SMS_MFA, n, NONE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, SMS_MFA, KNOWN, NONE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, BACKUP_CODES_ONLY, n, NONE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, LOCKED, n, NONE),
        Scenario.of(CLIENT_TRUST_OFF, NO_MFA, n, NONE),
        Scenario.of(LEGACY_SHAPE, NO_MFA, n, NONE),
        Scenario.of(EMAIL_LINK, NO_MFA, n, NONE),
        Scenario.of(LEGACY_EMAIL_LINK, NO_MFA, n, NONE),
        Scenario.of(SMS_ONLY, TEST_IDENTITY, n, NONE),
        Scenario.of(SESSION_TASKS, NO_MFA, n, NONE),
        Scenario.of(MULTI_SESSION, NO_MFA, n, NONE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, n, FaultPlan.RATE_LIMITED_CREATE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, n, RATE_LIMITED_PREPARE),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, n, FaultPlan.SERVER_ERROR),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, NO_MFA, n, FaultPlan.TIMEOUT),
        Scenario.of(CLIENT_TRUST_EMAIL_CODE, SMS_MFA, n, FaultPlan.SERVER_ERROR));
  }

  /**
   * One sequence per feasible transition pair, each the shortest the build's in-memory run found
   * for it, some written by hand for pairs beyond the search's depth (a link clicked after a
   * sign-in create and a send that failed, then a sign-out that fails): the build's runs give them
   * to {@link TransitionExplorer.Builder#sequences}, so that the differential run over HTTP takes
   * every feasible pair too. Kept in {@code pair-witnesses.json} beside this class; {@code
   * TransitionExplorerTest} rewrites it with {@code -Dexplorer.writeWitnesses=true}.
   */
  public static List<DirectedSequence> pairWitnesses() {
    return DirectedSequence.fromResource("pair-witnesses.json");
  }

  /** The rules that take combinations out of the full product, with their reasons. */
  public static List<Exclusion> exclusions() {
    return RULES.stream().map(Rule::exclusion).toList();
  }

  /** How many combinations the product has before exclusions. */
  public static int productSize() {
    return InstanceSettings.values().length
        * UserProfile.values().length
        * DeviceHistory.values().length
        * FaultPlan.values().length;
  }
}
