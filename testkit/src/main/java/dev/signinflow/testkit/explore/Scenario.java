package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import dev.signinflow.transport.fake.FakeSettings;
import java.util.Optional;

/**
 * One cell of the scenario matrix: the instance's settings, the user, the device's history and the
 * faults armed when a sequence starts.
 *
 * @param name the scenario's name, {@code settings/profile/device/faults}, as fixtures record it
 * @param settings the fake's settings
 * @param profile the user signing in
 * @param device whether the device is known to the user before the sequence
 * @param faults the faults armed when the sequence starts
 */
public record Scenario(
    String name,
    FakeSettings settings,
    UserProfile profile,
    DeviceHistory device,
    FaultPlan faults) {

  public Scenario {
    requireNonNull(name, "name");
    requireNonNull(settings, "settings");
    requireNonNull(profile, "profile");
    requireNonNull(device, "device");
    requireNonNull(faults, "faults");
  }

  /** The scenario of these named settings, user, device and faults. */
  public static Scenario of(
      InstanceSettings settings, UserProfile profile, DeviceHistory device, FaultPlan faults) {
    requireNonNull(settings, "settings");
    return custom(settings.label(), settings.settings(), profile, device, faults);
  }

  /**
   * A scenario with settings of your own; its fixtures name it {@code
   * settingsName/profile/device/faults}, so give {@link FixtureReplay} an explorer that knows it.
   */
  public static Scenario custom(
      String settingsName,
      FakeSettings settings,
      UserProfile profile,
      DeviceHistory device,
      FaultPlan faults) {
    requireNonNull(settingsName, "settingsName");
    requireNonNull(profile, "profile");
    requireNonNull(device, "device");
    requireNonNull(faults, "faults");
    return new Scenario(
        settingsName + "/" + profile.label() + "/" + device.label() + "/" + faults.label(),
        settings,
        profile,
        device,
        faults);
  }

  /** The scenario of the named settings this name spells, if it is one. */
  static Optional<Scenario> parse(String name) {
    String[] parts = name.split("/");
    if (parts.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          of(
              InstanceSettings.byLabel(parts[0]),
              UserProfile.byLabel(parts[1]),
              DeviceHistory.byLabel(parts[2]),
              FaultPlan.byLabel(parts[3])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
