package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.MockOpenAiUpstream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class GatewayOverheadBenchmarkTest {

  /** Tiny phases: 30 requests per phase and target, two rounds, no warm-up. */
  static final List<String> SHORT_RUN =
      List.of(
          ("--rate 100 --duration 0.3 --rounds 2 --warmup 0 --throughput-duration 0.3"
                  + " --concurrency 4 --upstream-latency-ms 1 --chunks 4 --chunk-delay-ms 0"
                  + " --request-timeout 30")
              .split(" "));

  @TempDir Path temp;

  @Test
  void execute_measuresRunningGateway_andWritesReport() throws Exception {
    Path out = temp.resolve("report.json");
    JsonNode report;
    try (var standIn = MockOpenAiUpstream.start()) {
      report = executeAgainst(standIn, "--out", out.toString());

      assertThat(standIn.lastRequest().header("authorization")).contains("Bearer sk-strata-given");
    }

    assertThat(report.path("config").path("gateway").asText()).startsWith("http://127.0.0.1:");
    assertCompleteComparisons(report);
    assertThat(report.path("memory").isNull()).isTrue();
    assertThat(new ObjectMapper().readTree(out.toFile())).isEqualTo(report);
  }

  @Test
  void execute_launchesStrataJar_withKeyConfigAndMemory() throws Exception {
    JsonNode report = execute(0, "--strata-jar", fakeStrataJar().toString());

    assertThat(report.path("config").path("gateway").asText()).startsWith("child process");
    assertCompleteComparisons(report);
    assertThat(report.path("memory").path("vmRssKb").asLong()).isPositive();
    assertThat(report.path("memory").path("vmHwmKb").asLong())
        .isGreaterThanOrEqualTo(report.path("memory").path("vmRssKb").asLong());
  }

  @Test
  void execute_measuresTheFloorRelayInEachRound_besideTheGateway() throws Exception {
    JsonNode report;
    try (var standIn = MockOpenAiUpstream.start()) {
      report = executeAgainst(standIn, "--floor-relay", "event-loop");
    }

    assertCompleteComparisons(report);
    JsonNode floor = report.path("floor");
    assertThat(floor.path("threads").asText()).isEqualTo("event-loop");
    assertMeasuredInEachRound(floor);
    assertThat(floor.path("gatewayAboveFloorNonStreaming").has("p99")).isTrue();
    assertThat(floor.path("gatewayAboveFloorFirstByte").has("p99")).isTrue();
  }

  @Test
  void execute_leavesTheFloorOut_unlessAskedFor() throws Exception {
    try (var standIn = MockOpenAiUpstream.start()) {
      JsonNode report =
          execute(0, "--gateway-url", standIn.baseUrl(), "--api-key", "sk-strata-given");

      assertThat(report.path("floor").isNull()).isTrue();
    }
  }

  @Test
  void execute_withABaseline_launchesTheJarAgainWithTheSetting_andMeasuresItInEachRound()
      throws Exception {
    Path marker = temp.resolve("baseline-marker");

    JsonNode report =
        execute(
            0,
            "--strata-jar",
            fakeStrataJar().toString(),
            "--baseline-config",
            "fake.marker=" + marker);

    assertThat(marker).hasContent("served with " + FakeStrata.MARKER_VARIABLE);
    JsonNode baseline = report.path("baseline");
    assertThat(baseline.path("override").asText()).isEqualTo("fake.marker=" + marker);
    assertMeasuredInEachRound(baseline);
    assertThat(baseline.path("gatewayMinusBaselineNonStreaming").has("p99")).isTrue();
    assertThat(baseline.path("gatewayMinusBaselineFirstByte").has("p99")).isTrue();
    assertThat(baseline.path("maxThroughput").path("gatewayRequestsPerSecond").asDouble())
        .isPositive();
    assertCompleteComparisons(report);
  }

  @Test
  void execute_leavesTheBaselineOut_unlessAskedFor() throws Exception {
    try (var standIn = MockOpenAiUpstream.start()) {
      assertThat(executeAgainst(standIn).path("baseline").isNull()).isTrue();
    }
  }

  @Test
  void warmUp_rampsUpToTheRate_skippingStepsTooShortToSendARequest() {
    assertThat(GatewayOverheadBenchmark.warmUpRates(1_000, Duration.ofSeconds(5)))
        .containsExactly(100, 250, 500, 1_000);
    // a 0.1 s step sends a request only at 10 req/s or more: 3 and 6 req/s are left out
    assertThat(GatewayOverheadBenchmark.warmUpRates(25, Duration.ofMillis(100)))
        .containsExactly(13, 25);
  }

  @Test
  void execute_failsWithUsage_forBadFlags() throws Exception {
    var err = new ByteArrayOutputStream();

    int status =
        GatewayOverheadBenchmark.execute(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "--rate",
            "fast",
            "--strata-jar",
            "x.jar");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rate").contains("Usage:");
  }

  @Test
  void execute_reportsFailure_whenGatewayDoesNotAnswer() throws Exception {
    int port;
    try (var gone = MockOpenAiUpstream.start()) {
      port = gone.port();
    }
    var err = new ByteArrayOutputStream();

    int status =
        GatewayOverheadBenchmark.execute(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "--gateway-url",
            "http://127.0.0.1:" + port,
            "--api-key",
            "k",
            "--startup-timeout",
            "1");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("/health");
  }

  /** A relay measured beside the gateway (floor relay, baseline): every round, every request. */
  private static void assertMeasuredInEachRound(JsonNode companion) {
    for (String metric : List.of("nonStreaming", "streamingFirstByte")) {
      JsonNode comparison = companion.path(metric);
      assertThat(comparison.path("rounds")).as(metric).hasSize(2);
      assertThat(comparison.path("gateway").path("count").asLong()).as(metric).isEqualTo(30);
      assertThat(comparison.path("gatewayErrors").asLong()).as(metric).isZero();
    }
  }

  private static void assertCompleteComparisons(JsonNode report) {
    for (String metric : List.of("nonStreaming", "streamingFirstByte", "streamingTotal")) {
      JsonNode comparison = report.path(metric);
      assertThat(comparison.path("rounds")).as(metric).hasSize(2);
      assertThat(comparison.path("directErrors").asLong()).as(metric).isZero();
      assertThat(comparison.path("gatewayErrors").asLong()).as(metric).isZero();
      assertThat(comparison.path("direct").path("count").asLong()).as(metric).isEqualTo(30);
      assertThat(comparison.path("gateway").path("count").asLong()).as(metric).isEqualTo(30);
      assertThat(comparison.path("added").has("p99")).isTrue();
    }
    JsonNode throughput = report.path("maxThroughput");
    assertThat(throughput.path("gatewayRequestsPerSecond").asDouble()).isPositive();
    assertThat(throughput.path("gatewayErrors").asLong()).isZero();
  }

  /** Runs the benchmark against {@code standIn} as a running gateway with a given key. */
  private static JsonNode executeAgainst(MockOpenAiUpstream standIn, String... flags)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("--gateway-url", standIn.baseUrl(), "--api-key", "sk-strata-given"));
    args.addAll(List.of(flags));
    return execute(0, args.toArray(String[]::new));
  }

  private static JsonNode execute(int expectedStatus, String... flags) throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(SHORT_RUN);
    args.addAll(List.of(flags));

    int status =
        GatewayOverheadBenchmark.execute(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args.toArray(String[]::new));

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedStatus);
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
  }

  /** A jar whose main is {@link FakeStrata}, on this test's class path. */
  private Path fakeStrataJar() throws IOException {
    Manifest manifest = new Manifest();
    Attributes attributes = manifest.getMainAttributes();
    attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.put(Attributes.Name.MAIN_CLASS, FakeStrata.class.getName());
    attributes.put(
        Attributes.Name.CLASS_PATH,
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
            .collect(Collectors.joining(" ")));
    Path jar = temp.resolve("fake-strata.jar");
    try (var output = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      output.flush();
    }
    return jar;
  }
}
