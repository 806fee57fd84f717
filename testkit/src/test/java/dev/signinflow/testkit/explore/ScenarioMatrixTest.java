package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenarioMatrixTest {

  @Test
  void fullMatrixIsTheProductLessItsExclusions() {
    List<Scenario> full = ScenarioMatrix.full();

    assertThat(ScenarioMatrix.productSize()).isEqualTo(8 * 6 * 2 * 5);
    assertThat(full).hasSize(75).doesNotHaveDuplicates();
    assertThat(ScenarioMatrix.exclusions())
        .allSatisfy(
            e -> {
              assertThat(e.rule()).isNotBlank();
              assertThat(e.reason()).isNotBlank();
            });
  }

  @Test
  void representativeScenariosAreInTheFullMatrixAndUseEveryValueOfEveryDimension() {
    List<Scenario> representative = ScenarioMatrix.representative();

    assertThat(ScenarioMatrix.full()).containsAll(representative);
    Set<UserProfile> profiles = EnumSet.noneOf(UserProfile.class);
    Set<DeviceHistory> devices = EnumSet.noneOf(DeviceHistory.class);
    Set<FaultPlan> faults = EnumSet.noneOf(FaultPlan.class);
    Set<String> settings = new HashSet<>();
    for (Scenario s : representative) {
      profiles.add(s.profile());
      devices.add(s.device());
      faults.add(s.faults());
      settings.add(s.name().substring(0, s.name().indexOf('/')));
    }
    assertThat(profiles).containsExactlyInAnyOrder(UserProfile.values());
    assertThat(devices).containsExactlyInAnyOrder(DeviceHistory.values());
    assertThat(faults).containsExactlyInAnyOrder(FaultPlan.values());
    assertThat(settings).hasSize(InstanceSettings.values().length);
  }

  @Test
  void namesParseBackToTheirScenario() {
    for (Scenario s : ScenarioMatrix.full()) {
      assertThat(Scenario.parse(s.name())).contains(s);
    }
    assertThat(Scenario.parse("somewhere/no-mfa/new-device/no-faults")).isEmpty();
  }
}
