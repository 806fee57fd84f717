package dev.signinflow.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signinflow.testkit.explore.DeviceHistory;
import dev.signinflow.testkit.explore.ExplorationReport;
import dev.signinflow.testkit.explore.FaultPlan;
import dev.signinflow.testkit.explore.InstanceSettings;
import dev.signinflow.testkit.explore.Scenario;
import dev.signinflow.testkit.explore.TransitionExplorer;
import dev.signinflow.testkit.explore.UserProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transition explorer drives the web app over HTTP (form posts, no browser): the same actions,
 * the same invariants as for the engine, plus {@code shows-what-the-state-says}, the same coverage,
 * shrinking and fixtures (under target/explorer-web). The report must show 100% state, transition
 * and (state, event) coverage.
 */
class WebAppExplorerTest {
  /**
   * Stored flows live {@link dev.signinflow.engine.SignInEngine#FLOW_LIFETIME 24 hours}; these
   * scenarios' sign-ins live an hour, so that a sequence's clock moves past a sign-in's end (the
   * server abandons it: the "sign-in gone" transitions) without outliving the stored flow.
   */
  static Scenario shortLived(
      InstanceSettings settings, UserProfile profile, DeviceHistory device, FaultPlan faults) {
    return Scenario.custom(
        settings.label() + "-1h",
        settings.settings().toBuilder().signInLifetime(Duration.ofHours(1)).build(),
        profile,
        device,
        faults);
  }

  static final List<Scenario> SCENARIOS =
      List.of(
          shortLived(
              InstanceSettings.CLIENT_TRUST_EMAIL_CODE,
              UserProfile.NO_MFA,
              DeviceHistory.NEW,
              FaultPlan.NONE),
          shortLived(
              InstanceSettings.CLIENT_TRUST_EMAIL_CODE,
              UserProfile.SMS_MFA,
              DeviceHistory.NEW,
              FaultPlan.NONE),
          shortLived(
              InstanceSettings.EMAIL_LINK, UserProfile.NO_MFA, DeviceHistory.NEW, FaultPlan.NONE),
          shortLived(
              InstanceSettings.LEGACY_EMAIL_LINK,
              UserProfile.NO_MFA,
              DeviceHistory.NEW,
              FaultPlan.NONE),
          shortLived(
              InstanceSettings.CLIENT_TRUST_EMAIL_CODE,
              UserProfile.NO_MFA,
              DeviceHistory.KNOWN,
              FaultPlan.SERVER_ERROR));

  @Test
  void exploringTheWebAppBreaksNoInvariantAndCoversTheWholeTable() {
    Path out = Path.of("target", "explorer-web");
    ExplorationReport report =
        TransitionExplorer.builder()
            .systemUnderTest(new WebAppUnderTest())
            .scenarios(SCENARIOS)
            .depth(4)
            .randomWalks(5, 40)
            .resumeSampleRate(0)
            .outputDirectory(out)
            .build()
            .explore();
    report.writeTo(out);
    System.out.println(report.summary());
    report.assertNoViolations();
    report.assertFullCoverage();
    assertThat(report.stateCoverage().complete()).isTrue();
    assertThat(report.transitionCoverage().complete()).isTrue();
    assertThat(report.stateEventCoverage().complete()).isTrue();
  }
}
