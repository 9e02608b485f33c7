package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.bench.SpendControlsReport.Added;
import dev.strata.bench.SpendControlsReport.Level;
import dev.strata.bench.SpendControlsReport.Percentiles;
import dev.strata.bench.SpendControlsReport.Round;
import dev.strata.bench.SpendControlsReport.Target;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SpendControlsReportTest {

  private static Percentiles p(long p50, long p99) {
    return new Percentiles(100, p50, p99, p99 * 2, p99 * 3, p50);
  }

  @Test
  void percentilesOf_readsTheHistogramInNanoseconds() {
    Histogram nanos = new Histogram(3);
    for (long v = 1; v <= 1000; v++) {
      nanos.recordValue(v * 1000);
    }

    Percentiles percentiles = Percentiles.of(nanos);

    assertThat(percentiles.count()).isEqualTo(1000);
    assertThat(percentiles.p50()).isBetween(499_000L, 501_000L);
    assertThat(percentiles.p99()).isBetween(989_000L, 991_000L);
    assertThat(percentiles.max()).isBetween(999_000L, 1_001_000L);
  }

  @Test
  void levelOf_addsTheMedianOverRoundsOfEachRoundsDifference_notTheDifferenceOfMedians() {
    List<Round> rounds =
        List.of(
            new Round(p(10, 100), p(30, 150), "1.00 1.00 1.00"),
            new Round(p(20, 900), p(25, 950), "9.00 5.00 2.00"),
            new Round(p(15, 200), p(60, 5000), "3.00 4.00 2.00"));

    Level level = Level.of(8, rounds);

    assertThat(level.added()).isEqualTo(new Added(20, 50, 100));
    assertThat(level.without().p99()).isEqualTo(200);
    assertThat(level.with().p99()).isEqualTo(950);
    assertThat(level.rounds()).hasSize(3);
  }

  @Test
  void targetOf_holdsOnlyWhenEveryLevelAddsAtMost50MicrosecondsAtP99() {
    Level quiet = Level.of(1, List.of(new Round(p(1_000, 2_000), p(3_000, 52_000), "")));
    Level busy = Level.of(8, List.of(new Round(p(1_000, 2_000), p(3_000, 52_001), "")));

    Target one = Target.of(List.of(quiet));
    Target both = Target.of(List.of(quiet, busy));

    assertThat(one.met()).as("adds exactly 50 µs").isTrue();
    assertThat(both.met()).as("one level adds 50.001 µs").isFalse();
    assertThat(both.worstAddedP99()).isEqualTo(50_001);
  }
}
