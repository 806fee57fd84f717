package dev.signinflow.testkit.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

  @Test
  void keepsOnlyTheStepsTheFailureNeeds() {
    // Fails when steps 3 and 11 are both kept, in order.
    List<Integer> kept = Shrinker.shrink(20, s -> s.contains(3) && s.contains(11));

    assertThat(kept).containsExactly(3, 11);
  }

  @Test
  void resultIsOneMinimalWhenSeveralWouldDo() {
    // Fails when any two of 5, 6, 7 are kept.
    List<Integer> kept =
        Shrinker.shrink(12, s -> s.stream().filter(i -> i >= 5 && i <= 7).count() >= 2);

    assertThat(kept).hasSize(2).allMatch(i -> i >= 5 && i <= 7);
  }

  @Test
  void aSingleStepFailureShrinksToThatStep() {
    assertThat(Shrinker.shrink(6, s -> s.contains(5))).containsExactly(5);
  }
}
