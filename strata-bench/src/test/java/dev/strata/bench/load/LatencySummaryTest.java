package dev.strata.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void of_readsPercentilesOfHistogram() {
    Histogram histogram = new Histogram(3);
    for (int value = 1; value <= 100; value++) {
      histogram.recordValue(value * 1000L);
    }

    LatencySummary summary = LatencySummary.of(histogram);

    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50()).isBetween(49_900L, 50_100L);
    assertThat(summary.p99()).isBetween(98_900L, 99_100L);
    assertThat(summary.max()).isBetween(99_900L, 100_100L);
  }

  @Test
  void of_isZero_forEmptyHistogram() {
    assertThat(LatencySummary.of(new Histogram(3)).p99()).isZero();
  }

  @Test
  void median_takesMiddleOrMeanOfMiddles() {
    assertThat(LatencySummary.median(5, 1, 3)).isEqualTo(3);
    assertThat(LatencySummary.median(4, 1, 3, 10)).isEqualTo(3);
  }

  @Test
  void median_ofSummaries_isTakenFieldByField() {
    var a = new LatencySummary(10, 1, 9, 30, 40, 50, 2);
    var b = new LatencySummary(20, 2, 8, 10, 40, 60, 3);
    var c = new LatencySummary(30, 3, 7, 20, 40, 70, 4);

    assertThat(LatencySummary.median(List.of(a, b, c)))
        .isEqualTo(new LatencySummary(20, 2, 8, 20, 40, 60, 3));
  }
}
