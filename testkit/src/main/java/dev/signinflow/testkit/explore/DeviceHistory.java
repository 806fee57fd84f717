package dev.signinflow.testkit.explore;

/** Whether the device has signed the user in before the explored sequence starts. */
public enum DeviceHistory {
  /** The device has never talked to the server: Client Trust treats it as new. */
  NEW("new-device"),
  /**
   * The user completed a sign-in on this device (same client token) before the sequence, so the
   * server knows it; the clock then moves a minute so that the set-up's rate windows are over.
   */
  KNOWN("known-device");

  private final String label;

  DeviceHistory(String label) {
    this.label = label;
  }

  /** The name used in scenario names and fixtures. */
  public String label() {
    return label;
  }

  static DeviceHistory byLabel(String label) {
    for (DeviceHistory d : values()) {
      if (d.label.equals(label)) {
        return d;
      }
    }
    throw new IllegalArgumentException("no device history named " + label);
  }
}
