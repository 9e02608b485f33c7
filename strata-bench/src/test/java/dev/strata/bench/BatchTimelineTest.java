package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchTimelineTest {
  private static final long S = 1_000_000_000L;

  private static BatchWatch.Observation seen(double seconds, String status, int done) {
    return new BatchWatch.Observation(
        Math.round(seconds * S), new BatchProgress(status, 100, done, 0, ""));
  }

  @Test
  void batch_countsRecordsPerSecondFromTheFirstFinishedRecord() {
    var timeline =
        new BatchTimeline(
            0,
            1 * S,
            3 * S,
            5 * S,
            List.of(
                seen(1.5, "validating", 0),
                seen(2.0, "in_progress", 0),
                seen(3.0, "in_progress", 10),
                seen(5.0, "in_progress", 50),
                seen(7.0, "in_progress", 100),
                seen(7.5, "completed", 100)));

    BatchBenchReport.Batch batch = timeline.batch(40.0, Optional.of(2.0));

    assertThat(batch.uploadSeconds()).isEqualTo(1.0);
    assertThat(batch.toFirstRecordSeconds()).isEqualTo(2.0);
    assertThat(batch.recordsSeconds()).isEqualTo(4.0);
    assertThat(batch.recordsPerSecond()).isEqualTo(22.5); // 90 records in 4 s after the first 10
    assertThat(batch.ratioToIdeal()).isEqualTo(0.563);
    assertThat(batch.recordsPerSecondBesideInteractive()).isEqualTo(20.0); // 40 records in 2 s
    assertThat(batch.endToEndSeconds()).isEqualTo(6.5);
    assertThat(batch.outlastedInteractive()).isTrue();
    assertThat(batch.gatewayCpuMsPerRecord()).isEqualTo(20.0);
    assertThat(batch.status()).isEqualTo("completed");
  }

  @Test
  void batch_cutsTheBesideRateAtTheLastRecord_whenTheBatchEndsFirst() {
    var timeline =
        new BatchTimeline(
            0,
            0,
            1 * S,
            10 * S,
            List.of(seen(1.0, "in_progress", 20), seen(3.0, "in_progress", 100),
                seen(3.2, "completed", 100)));

    BatchBenchReport.Batch batch = timeline.batch(40.0, Optional.empty());

    assertThat(batch.recordsPerSecondBesideInteractive()).isEqualTo(40.0);
    assertThat(batch.outlastedInteractive()).isFalse();
    assertThat(batch.gatewayCpuSeconds()).isNull();
  }

  @Test
  void batch_hasNoRate_whenEveryRecordWasSeenFinishedAtOnce() {
    var timeline =
        new BatchTimeline(
            0, 0, 2 * S, 3 * S, List.of(seen(1.0, "in_progress", 0), seen(2.0, "completed", 100)));

    BatchBenchReport.Batch batch = timeline.batch(40.0, Optional.empty());

    assertThat(batch.recordsPerSecond()).isNull();
    assertThat(batch.ratioToIdeal()).isNull();
    assertThat(batch.toFirstRecordSeconds()).isEqualTo(2.0);
  }

  @Test
  void timeline_mustEndWithTheTerminalStatus() {
    assertThatThrownBy(
            () -> new BatchTimeline(0, 0, 0, 0, List.of(seen(1.0, "in_progress", 3))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
