package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.bench.ConverseStreamRelayReport.RoundTimings;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ConverseStreamRelayReportTest {

  private static final ConverseStreamRelayReport.Config CONFIG =
      new ConverseStreamRelayReport.Config(
          "test", "", 200, 1, 3, 0, 4, 0, 0, 8, "m", "u", "0.1 0.1 0.1", "0.1 0.1 0.1");

  @Test
  void added_isTheMedianOverRounds_ofEachRoundsDifference() {
    // per-round added p99: 300, 1800, 500 µs → median 500, although one round was over 1 ms
    ConverseStreamRelayReport report =
        ConverseStreamRelayReport.of(
            CONFIG,
            List.of(round(200, 500, 0), round(200, 2000, 0), round(200, 700, 0)));

    assertThat(report.addedFirstByte().p99()).isEqualTo(500);
    assertThat(report.addedFirstByte().p50()).isEqualTo(500);
    assertThat(report.rounds()).extracting(r -> r.added().p99()).containsExactly(300L, 1800L, 500L);
    assertThat(report.targetMet()).isTrue();
  }

  @Test
  void target_isNotMet_whenTheAddedP99IsOverOneMillisecond() {
    ConverseStreamRelayReport report =
        ConverseStreamRelayReport.of(CONFIG, List.of(round(200, 1300, 0)));

    assertThat(report.addedFirstByte().p99()).isEqualTo(1100);
    assertThat(report.targetMet()).isFalse();
  }

  @Test
  void target_isNotMet_whenARequestFailed_howeverFastTheOthers() {
    ConverseStreamRelayReport report =
        ConverseStreamRelayReport.of(CONFIG, List.of(round(200, 300, 1)));

    assertThat(report.targetMet()).isFalse();
    assertThat(report.viaStrataErrors()).isEqualTo(1);
    assertThat(report.errorsByCause()).containsEntry("via Strata: status 500", 1L);
  }

  @Test
  void floor_isSummarisedOverItsRounds_andStrataMeasuredAboveIt() {
    ConverseStreamRelayReport strata =
        ConverseStreamRelayReport.of(
            CONFIG,
            List.of(round(200, 2200, 0), round(200, 1700, 0), round(200, 3200, 0)));

    // the relay's own added p99 per round: 1500, 900, 1100 µs → median 1100
    ConverseStreamRelayReport withFloor =
        strata.withFloor(
            FloorRelay.Threads.EVENT_LOOP,
            List.of(round(200, 1700, 0), round(200, 1100, 0), round(200, 1300, 1)));

    ConverseStreamRelayReport.Floor floor = withFloor.floor();
    assertThat(floor.threads()).isEqualTo("event-loop");
    assertThat(floor.addedFirstByte().p99()).isEqualTo(1100);
    // Strata above the relay, pair by pair: 2000 − 1500, 1500 − 900, 3000 − 1100 → median 600
    assertThat(floor.strataAboveFloorFirstByte().p99()).isEqualTo(600);
    assertThat(floor.errors()).isEqualTo(1);
    assertThat(floor.rounds()).hasSize(3);
    // Strata's own figures and the target's verdict are those of its rounds alone
    assertThat(withFloor.addedFirstByte()).isEqualTo(strata.addedFirstByte());
    assertThat(withFloor.targetMet()).isFalse();
    assertThat(strata.floor()).isNull();
  }

  /** A round where each direct request took {@code direct} µs and each relayed one {@code via}. */
  private static RoundTimings round(long direct, long via, long viaErrors) {
    return new RoundTimings(
        false,
        timings(direct, 0),
        timings(via, viaErrors));
  }

  private static StreamTimings.Result timings(long micros, long errors) {
    Histogram histogram = new Histogram(3);
    histogram.recordValueWithCount(micros, 100);
    return new StreamTimings.Result(
        histogram,
        histogram.copy(),
        errors,
        errors == 0 ? Map.of() : Map.of("status 500", errors));
  }
}
