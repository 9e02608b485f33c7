package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairSweepTest {
  // 3 duplicates in all; the verifier refuses the 0.95 near-miss
  private final PairSweep sweep =
      new PairSweep(
          List.of(
              new ScoredPair(0.99, true, true),
              new ScoredPair(0.95, false, false),
              new ScoredPair(0.90, true, true),
              new ScoredPair(0.85, true, false),
              new ScoredPair(0.80, true, true)),
          3);

  @Test
  void at_countsServedAndWrongAnswers_withAndWithoutTheVerifier() {
    PairSweep.Point raw = sweep.at(0.9, false);
    PairSweep.Point verified = sweep.at(0.9, true);

    assertThat(raw.served()).isEqualTo(3);
    assertThat(raw.wrong()).isEqualTo(1);
    assertThat(raw.recall()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(verified.served()).isEqualTo(2);
    assertThat(verified.precision()).isEqualTo(1.0);
  }

  @Test
  void bestPrecisionAtRecall_picksTheThresholdReachingTheRecall() {
    PairSweep.Point best = sweep.bestPrecisionAtRecall(0.6, true);

    assertThat(best.threshold()).isEqualTo(0.90);
    assertThat(best.precision()).isEqualTo(1.0);
    assertThat(best.recall()).isCloseTo(2.0 / 3, within(1e-9));
  }

  @Test
  void bestPrecisionAtRecall_neverReportsAnEmptyServingAsBest() {
    PairSweep.Point best = sweep.bestPrecisionAtRecall(1.0, false);

    assertThat(best.threshold()).isEqualTo(0.80);
    assertThat(best.precision()).isCloseTo(3.0 / 5, within(1e-9));
  }
}
