package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BatchThroughputBenchmarkTest {

  @TempDir Path temp;

  /**
   * A mock OpenAI server with the Files and Batches APIs stands in for Strata: the benchmark
   * uploads, creates and follows a batch and measures interactive load beside it. (The 1 s latency
   * is the benchmark's own mock's, which the stand-in does not call; it keeps the batches small.)
   */
  @Test
  void execute_runsTheBaselineAndABatchPerConcurrency_andWritesTheReport() throws Exception {
    Path out = temp.resolve("batch.json");
    var options =
        BatchBenchOptions.parse(
            ("--strata-jar unused.jar --concurrency 2,3 --records 30 --rate 20 --duration 0.5"
                    + " --warmup 0.2 --upstream-latency-ms 1000 --poll-ms 20 --out " + out)
                .split(" "));
    List<Integer> launched = new ArrayList<>();
    var stdout = new ByteArrayOutputStream();
    var stderr = new ByteArrayOutputStream();
    int status;
    try (var standIn =
        MockOpenAiUpstream.start(
            MockSettings.DEFAULTS
                .withNativeBatch(true)
                .withBatchDelay(Duration.ofMillis(300))
                .withModels("gpt-4o-mini"))) {
      status =
          BatchThroughputBenchmark.execute(
              new PrintStream(stdout, true, StandardCharsets.UTF_8),
              new PrintStream(stderr, true, StandardCharsets.UTF_8),
              options,
              (upstream, concurrency) -> {
                launched.add(concurrency);
                return GatewayUnderTest.Running.at(URI.create(standIn.baseUrl()), "sk-strata-x");
              },
              "stand-in");

      assertThat(standIn.batchLinesRun()).isEqualTo(60);
    }

    assertThat(status).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(launched).containsExactly(2, 3);
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    assertThat(new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8)))
        .isEqualTo(report);
    JsonNode level = report.path("levels").path(0);
    assertThat(level.path("concurrency").asInt()).isEqualTo(2);
    assertThat(level.path("records").asInt()).isEqualTo(30);
    assertThat(level.path("idealRecordsPerSecond").asDouble()).isEqualTo(2.0);
    JsonNode round = level.path("rounds").path(0);
    assertThat(round.path("batch").path("status").asText()).isEqualTo("completed");
    assertThat(round.path("batch").path("completed").asInt()).isEqualTo(30);
    assertThat(round.path("baseline").path("latency").path("count").asLong()).isEqualTo(10);
    assertThat(round.path("besideBatch").path("latency").path("count").asLong()).isEqualTo(10);
    assertThat(round.path("besideBatch").path("errors").asLong()).isZero();
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("records/s").contains("conc");
  }

  @Test
  void execute_failsWithUsage_forBadFlags() throws Exception {
    var err = new ByteArrayOutputStream();

    int status =
        BatchThroughputBenchmark.execute(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "--strata-jar", "s.jar", "--concurrency", "0");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--concurrency").contains("Usage");
  }
}
