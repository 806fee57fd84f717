package dev.signinflow.testkit.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * Delta debugging (Zeller's ddmin, complements only) over the steps of a failing sequence: drops
 * chunks of steps while the sequence still fails, halving the chunks when none can go, then tries
 * each remaining step alone. The result fails, and no single step can be dropped from it.
 */
final class Shrinker {
  /** Whether the sequence made of these original step indices (ascending) still fails. */
  @FunctionalInterface
  interface Test {
    boolean fails(List<Integer> kept);
  }

  private Shrinker() {}

  /** The indices, of {@code 0..n-1}, of a minimal failing sequence. */
  static List<Integer> shrink(int n, Test test) {
    List<Integer> current = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      current.add(i);
    }
    int chunks = 2;
    while (current.size() >= 2) {
      boolean reduced = false;
      int size = current.size();
      for (int c = 0; c < chunks && !reduced; c++) {
        int start = c * size / chunks;
        int end = (c + 1) * size / chunks;
        if (start == end) {
          continue;
        }
        List<Integer> complement = new ArrayList<>(current.subList(0, start));
        complement.addAll(current.subList(end, size));
        if (test.fails(complement)) {
          current = complement;
          chunks = Math.max(chunks - 1, 2);
          reduced = true;
        }
      }
      if (!reduced) {
        if (chunks >= size) {
          break;
        }
        chunks = Math.min(chunks * 2, size);
      }
    }
    boolean changed = true;
    while (changed && current.size() > 1) {
      changed = false;
      for (int i = 0; i < current.size(); i++) {
        List<Integer> without = new ArrayList<>(current);
        without.remove(i);
        if (test.fails(without)) {
          current = without;
          changed = true;
          break;
        }
      }
    }
    return current;
  }
}
