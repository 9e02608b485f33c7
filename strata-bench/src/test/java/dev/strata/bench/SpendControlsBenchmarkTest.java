package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpendControlsBenchmarkTest {

  @Test
  void execute_printsTheSummaryAndAJsonReport_ofEveryPathLevelAndPart(@TempDir Path dir)
      throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    Path file = dir.resolve("report.json");

    int status =
        SpendControlsBenchmark.execute(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "--threads", "1,2", "--rounds", "1", "--phase", "0.05", "--warmup", "0",
            "--prompt-tokens", "300", "--out", file.toString());

    assertThat(status).isEqualTo(0);
    JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(report).isEqualTo(new ObjectMapper().readTree(Files.readString(file)));
    assertThat(report.path("latencyUnit").asText()).isEqualTo("ns");
    assertThat(report.path("levels")).hasSize(2);
    JsonNode level = report.path("levels").get(1);
    assertThat(level.path("threads").asInt()).isEqualTo(2);
    assertThat(level.path("with").path("count").asLong()).isPositive();
    assertThat(level.has("proposed")).isFalse();
    assertThat(level.path("rounds").get(0).path("loadAverage").isTextual()).isTrue();
    assertThat(level.path("with").path("p50").asLong())
        .isGreaterThan(level.path("without").path("p50").asLong());
    assertThat(report.path("breakdown")).hasSize(14);
    assertThat(report.path("config").path("budgets").asInt()).isEqualTo(20);
    assertThat(report.path("config").path("promptBytes").asInt())
        .isGreaterThan(report.path("config").path("promptTokens").asInt());
    assertThat(report.path("storeCallsWhileMeasuring").path("budgetStore").asLong()).isZero();
    assertThat(report.path("target").path("addedP99LimitNanos").asLong()).isEqualTo(50_000);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("added p50 / p99 / p99.9 µs")
        .contains("ReserveBudget alone: UTF-8 bound")
        .contains("Admit alone: chars/4 estimate")
        .contains("exact count near a limit, o200k_base")
        .contains("load average (1/5/15 min)")
        .contains("target: checks add ≤ 50.0 µs at p99")
        .doesNotContain("proposed");
  }

  @Test
  void execute_rejectsBadFlags_withTheUsage() throws Exception {
    var err = new ByteArrayOutputStream();

    int status =
        SpendControlsBenchmark.execute(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "--rounds", "0");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rounds").contains("Usage:");
  }
}
