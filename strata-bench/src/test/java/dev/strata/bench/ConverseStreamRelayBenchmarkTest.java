package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.bedrock.BedrockMockSettings;
import dev.strata.bench.mock.bedrock.MockBedrockRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ConverseStreamRelayBenchmarkTest {

  /** Two rounds of 20 requests, 10 per target, after a short warm-up. */
  private static final List<String> SHORT_RUN =
      List.of(
          ("--rate 50 --duration 0.4 --rounds 2 --warmup 0.2 --warmup-concurrency 1"
                  + " --request-timeout 30")
              .split(" "));

  private static final String KEY = "sk-strata-relay-test";

  @TempDir Path temp;

  @Test
  void execute_measuresBothTargetsInTurn_andWritesReport() throws Exception {
    Path out = temp.resolve("report.json");
    JsonNode report;
    long relayed;
    try (var relayTarget = MockBedrockRuntime.start(BedrockMockSettings.DEFAULTS);
        var relay = new FakeConverseRelay(relayTarget.baseUrl(), KEY, Duration.ZERO)) {
      report =
          execute(
              0, "--gateway-url", relay.baseUrl(), "--api-key", KEY, "--out", out.toString());
      relayed = relay.relayedRequests();
    }

    assertThat(report.path("rounds")).hasSize(2);
    for (JsonNode round : report.path("rounds")) {
      assertThat(round.path("direct").path("count").asLong()).isEqualTo(10);
      assertThat(round.path("viaStrata").path("count").asLong()).isEqualTo(10);
    }
    assertThat(report.path("rounds").get(0).path("viaStrataFirst").asBoolean()).isFalse();
    assertThat(report.path("rounds").get(1).path("viaStrataFirst").asBoolean()).isTrue();
    // the readiness probe (1 per target), some of the warm-up and two rounds (2 × 10) went through
    long relayedInWarmup = relayed - 1 - 20;
    assertThat(relayedInWarmup)
        .isPositive()
        .isLessThanOrEqualTo(report.path("config").path("warmupRequests").asLong());
    assertThat(report.path("directErrors").asLong()).isZero();
    assertThat(report.path("viaStrataErrors").asLong()).isZero();
    assertThat(report.path("config").path("streamEvents").asInt()).isEqualTo(8);
    assertThat(report.path("addedFirstByte").has("p99")).isTrue();
    assertThat(report.path("targetAddedP99").asLong()).isEqualTo(1000);
    assertThat(new ObjectMapper().readTree(out.toFile())).isEqualTo(report);
  }

  @Test
  void execute_measuresTheFloorRelay_inRoundsOfItsOwn() throws Exception {
    JsonNode report;
    long relayed;
    try (var relayTarget = MockBedrockRuntime.start(BedrockMockSettings.DEFAULTS);
        var relay = new FakeConverseRelay(relayTarget.baseUrl(), KEY, Duration.ZERO)) {
      report =
          execute(
              0, "--gateway-url", relay.baseUrl(), "--api-key", KEY, "--floor-relay", "event-loop");
      relayed = relay.relayedRequests();
    }

    JsonNode floor = report.path("floor");
    assertThat(floor.path("threads").asText()).isEqualTo("event-loop");
    assertThat(floor.path("rounds")).hasSize(2);
    for (JsonNode round : floor.path("rounds")) {
      assertThat(round.path("direct").path("count").asLong()).isEqualTo(10);
      assertThat(round.path("viaStrata").path("count").asLong()).isEqualTo(10);
    }
    assertThat(floor.path("errors").asLong()).isZero();
    assertThat(floor.path("strataAboveFloorFirstByte").has("p99")).isTrue();
    // the floor relay's requests did not go through the gateway
    long warmup = report.path("config").path("warmupRequests").asLong();
    assertThat(relayed).isLessThanOrEqualTo(1 + 20 + warmup);
    assertThat(report.path("rounds")).hasSize(2);
  }

  @Test
  void execute_sendsARealConverseBody() throws Exception {
    try (var relayTarget = MockBedrockRuntime.start(BedrockMockSettings.DEFAULTS);
        var relay = new FakeConverseRelay(relayTarget.baseUrl(), KEY, Duration.ZERO)) {
      execute(0, "--gateway-url", relay.baseUrl(), "--api-key", KEY);

      JsonNode body = relayTarget.lastRequest().body();
      assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
      assertThat(body.path("messages").get(0).path("content").get(0).path("text").asText())
          .isNotBlank();
      assertThat(body.path("system").get(0).path("text").asText()).isNotBlank();
      assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(64);
    }
  }

  @Test
  void firstByte_isTheFirstFrame_notTheEndOfTheStream() throws Exception {
    Duration holdBack = Duration.ofMillis(300);
    JsonNode report;
    try (var relayTarget = MockBedrockRuntime.start(BedrockMockSettings.DEFAULTS);
        var relay = new FakeConverseRelay(relayTarget.baseUrl(), KEY, holdBack)) {
      report = execute(0, "--gateway-url", relay.baseUrl(), "--api-key", KEY);
    }

    JsonNode firstByte = report.path("viaStrataFirstByte");
    JsonNode total = report.path("viaStrataTotal");
    // The relay holds everything after the first frame back: the end comes at least that later.
    assertThat(total.path("p50").asLong() - firstByte.path("p50").asLong())
        .isGreaterThanOrEqualTo(holdBack.toMillis() * 1000 - 1000);
    assertThat(report.path("directTotal").path("p50").asLong())
        .isLessThan(total.path("p50").asLong());
  }

  @Test
  void execute_failsWithTheCause_whenTheGatewayRefusesTheKey() throws Exception {
    var err = new ByteArrayOutputStream();
    int status;
    try (var relayTarget = MockBedrockRuntime.start(BedrockMockSettings.DEFAULTS);
        var relay = new FakeConverseRelay(relayTarget.baseUrl(), KEY, Duration.ZERO)) {
      status =
          ConverseStreamRelayBenchmark.execute(
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              withShortRun("--gateway-url", relay.baseUrl(), "--api-key", "sk-strata-wrong"));
    }

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("via Strata: status 403");
  }

  @Test
  void execute_failsWithUsage_forBadFlags() throws Exception {
    var err = new ByteArrayOutputStream();

    int status =
        ConverseStreamRelayBenchmark.execute(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "--strata-jar",
            "x.jar",
            "--rate",
            "1");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rate").contains("Usage:");
  }

  private static JsonNode execute(int expectedStatus, String... flags) throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();

    int status =
        ConverseStreamRelayBenchmark.execute(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            withShortRun(flags));

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedStatus);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("target: added p99");
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
  }

  private static String[] withShortRun(String... flags) {
    List<String> args = new ArrayList<>(SHORT_RUN);
    args.addAll(List.of(flags));
    return args.toArray(String[]::new);
  }
}
