package dev.signinflow.testkit.explore;

import java.util.Locale;

/**
 * How much of something was covered.
 *
 * @param covered how many were seen
 * @param total how many there are
 */
public record CoverageFigure(int covered, int total) {
  /** The share covered, 0 to 100; 100 when there is nothing to cover. */
  public double percent() {
    return total == 0 ? 100 : 100.0 * covered / total;
  }

  /** True when everything was covered. */
  public boolean complete() {
    return covered == total;
  }

  @Override
  public String toString() {
    return covered + "/" + total + " (" + String.format(Locale.ROOT, "%.1f", percent()) + "%)";
  }
}
