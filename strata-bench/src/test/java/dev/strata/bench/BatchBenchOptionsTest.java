package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBenchOptionsTest {

  @Test
  void parse_defaultsSweepThreeConcurrencies_againstA200MsUpstream() {
    var options = BatchBenchOptions.parse("--strata-jar", "strata.jar");

    assertThat(options.concurrencies()).containsExactly(4, 16, 64);
    assertThat(options.records()).isEqualTo(2000);
    assertThat(options.rate()).isEqualTo(10);
    assertThat(options.upstreamLatency()).isEqualTo(Duration.ofMillis(200));
    assertThat(options.idlePoll()).isEqualTo(Duration.ofMillis(100));
    assertThat(options.model()).isEqualTo("gpt-4o-mini");
    assertThat(options.strataJar()).isEqualTo(Path.of("strata.jar"));
  }

  @Test
  void parse_readsAConcurrencyList_andQuickStillLetsExplicitFlagsWin() {
    var options =
        BatchBenchOptions.parse(
            "--quick", "--strata-jar", "s.jar", "--concurrency", "2, 8", "--records", "50");

    assertThat(options.concurrencies()).containsExactly(2, 8);
    assertThat(options.records()).isEqualTo(50);
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void idealRate_isConcurrencyOverUpstreamLatency() {
    var options = BatchBenchOptions.parse("--strata-jar", "s.jar", "--upstream-latency-ms", "250");

    assertThat(options.idealRecordsPerSecond(4)).isEqualTo(16.0);
    assertThat(options.idealRecordsPerSecond(64)).isEqualTo(256.0);
  }

  @Test
  void recordsFor_growsTheBatchToOutlastTwiceTheInteractivePhaseAtTheIdealRate() {
    var options = BatchBenchOptions.parse("--strata-jar", "s.jar", "--duration", "20");

    assertThat(options.recordsFor(4)).isEqualTo(2000); // 20 rec/s × 40 s = 800 < 2000
    assertThat(options.recordsFor(16)).isEqualTo(3200); // 80 rec/s × 40 s
    assertThat(options.recordsFor(64)).isEqualTo(12_800); // 320 rec/s × 40 s
  }

  @Test
  void recordsFor_neverAsksForMoreThanABatchHolds() {
    var options =
        BatchBenchOptions.parse(
            "--strata-jar", "s.jar", "--concurrency", "64", "--upstream-latency-ms", "5");

    assertThat(options.recordsFor(64)).isEqualTo(BatchBenchOptions.MAX_RECORDS);
  }

  @Test
  void parse_rejectsMissingJarBadListsAndBatchesTooLargeToSubmit() {
    assertThatThrownBy(() -> BatchBenchOptions.parse("--strata-jar", "s.jar", "--records", "50001"))
        .hasMessageContaining("--records");
    assertThatThrownBy(() -> BatchBenchOptions.parse("--rate", "5"))
        .hasMessageContaining("--strata-jar");
    assertThatThrownBy(
            () -> BatchBenchOptions.parse("--strata-jar", "s.jar", "--concurrency", "4,x"))
        .hasMessageContaining("--concurrency");
    assertThatThrownBy(
            () -> BatchBenchOptions.parse("--strata-jar", "s.jar", "--concurrency", "4,4"))
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () -> BatchBenchOptions.parse("--strata-jar", "s.jar", "--upstream-latency-ms", "0"))
        .hasMessageContaining("--upstream-latency-ms");
    assertThatThrownBy(
            () ->
                BatchBenchOptions.parse(
                    "--strata-jar", "s.jar", "--rate", "1", "--duration", "0.5"))
        .hasMessageContaining("at least one interactive request");
  }

  @Test
  void usage_namesEveryFlag() {
    for (String flag :
        List.of("--concurrency", "--records", "--rate", "--duration", "--warmup", "--rounds",
            "--upstream-latency-ms", "--idle-poll-ms", "--poll-ms", "--batch-timeout", "--out")) {
      assertThat(BatchBenchOptions.USAGE).contains(flag);
    }
  }
}
