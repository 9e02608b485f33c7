package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.load.LatencySummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchBenchReportTest {

  private static BatchBenchReport.Interactive interactive(long p50, long p99) {
    return new BatchBenchReport.Interactive(
        new LatencySummary(200, p50, p99, p99, p99, p99, p50), 200, 0, Map.of());
  }

  private static BatchBenchReport.Batch batch(Double recordsPerSecond, double endToEnd) {
    Double ratio = recordsPerSecond == null ? null : recordsPerSecond / 20;
    return new BatchBenchReport.Batch(
        "completed", 2000, 2000, 0, "", 0.2, 0.4, 100.0, endToEnd, recordsPerSecond, ratio,
        recordsPerSecond, true, 30.0, 15.0);
  }

  private static BatchBenchReport.Round round(Double rate, long besideP99) {
    return BatchBenchReport.Round.of(
        batch(rate, 100), interactive(200_000, 210_000), interactive(201_000, besideP99), "1 1 1");
  }

  @Test
  void round_ratiosCompareBesideTheBatchWithTheBaseline() {
    BatchBenchReport.Round round = round(19.0, 420_000);

    assertThat(round.p50Ratio()).isEqualTo(1.005);
    assertThat(round.p99Ratio()).isEqualTo(2.0);
  }

  @Test
  void level_takesEachFiguresMedianOverRounds_skippingRatesThatCouldNotBeMeasured() {
    var level =
        BatchBenchReport.Level.of(
            4,
            2000,
            20.0,
            List.of(round(19.0, 420_000), round(null, 210_000), round(17.0, 231_000)));

    assertThat(level.recordsPerSecond()).isEqualTo(18.0);
    assertThat(level.p99Ratio()).isEqualTo(1.1);
    assertThat(level.interactiveBesideBatch().p99()).isEqualTo(231_000);
    assertThat(level.interactiveBaseline().p50()).isEqualTo(200_000);
    assertThat(level.endToEndSeconds()).isEqualTo(100.0);
  }

  @Test
  void report_serialisesToJson_andTheSummaryShowsEachLevel() throws Exception {
    var report =
        new BatchBenchReport(
            new BatchBenchReport.Config(
                "child process strata.jar", List.of(4), 2000, 10, 20, 5, 1, 200, 100, 100,
                "gpt-4o-mini", 40, 20, "2 cores", "1 1 1", "2 2 2"),
            "us",
            List.of(BatchBenchReport.Level.of(4, 2000, 20.0, List.of(round(null, 420_000)))));

    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report));
    String text = BatchBenchText.of(report);

    JsonNode level = json.path("levels").path(0);
    assertThat(level.path("concurrency").asInt()).isEqualTo(4);
    assertThat(level.path("recordsPerSecond").isNull()).isTrue();
    assertThat(level.path("rounds").path(0).path("batch").path("total").asInt()).isEqualTo(2000);
    assertThat(text).contains("n/a").contains("200.0 / 210.0").contains("201.0 / 420.0");
    assertThat(text).contains("load average before/after: 1 1 1 / 2 2 2");
  }
}
