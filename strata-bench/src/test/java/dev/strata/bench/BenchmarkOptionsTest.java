package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void parse_usesDefaults() {
    BenchmarkOptions options = BenchmarkOptions.parse("--strata-jar", "strata.jar");

    assertThat(options.rate()).isEqualTo(1000);
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(options.rounds()).isEqualTo(3);
    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.upstreamLatency()).isEqualTo(Duration.ofMillis(20));
    assertThat(options.model()).isEqualTo("bench-model");
    assertThat(options.strataJar()).contains(Path.of("strata.jar"));
    assertThat(options.gatewayUrl()).isEmpty();
    assertThat(options.floorRelay()).isEmpty();
  }

  @Test
  void parse_readsTheFloorRelaysThreads_andRejectsOthers() {
    assertThat(
            BenchmarkOptions.parse("--strata-jar", "s.jar", "--floor-relay", "virtual-threads")
                .floorRelay())
        .contains(FloorRelay.Threads.VIRTUAL_THREADS);
    assertThatThrownBy(
            () -> BenchmarkOptions.parse("--strata-jar", "s.jar", "--floor-relay", "threads"))
        .hasMessageContaining("--floor-relay")
        .hasMessageContaining("event-loop or virtual-threads");
  }

  @Test
  void parse_readsTheBaselineSetting_whichNeedsAJarToLaunch() {
    assertThat(
            BenchmarkOptions.parse(
                    "--strata-jar",
                    "s.jar",
                    "--baseline-config",
                    "server.virtualThreadScheduler=jdk")
                .baseline())
        .contains(new ConfigOverride("server.virtualThreadScheduler", "jdk"));
    assertThat(BenchmarkOptions.parse("--strata-jar", "s.jar").baseline()).isEmpty();
    assertThatThrownBy(
            () ->
                BenchmarkOptions.parse(
                    "--gateway-url",
                    "http://127.0.0.1:1",
                    "--api-key",
                    "k",
                    "--baseline-config",
                    "server.virtualThreadScheduler=jdk"))
        .hasMessageContaining("--baseline-config")
        .hasMessageContaining("--strata-jar");
    assertThatThrownBy(
            () -> BenchmarkOptions.parse("--strata-jar", "s.jar", "--baseline-config", "jdk"))
        .hasMessageContaining("--baseline-config: expected KEY=VALUE");
  }

  @Test
  void parse_quickShortensPhases_butExplicitFlagsWin() {
    BenchmarkOptions options =
        BenchmarkOptions.parse("--quick", "--strata-jar", "s.jar", "--rounds", "2");

    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.rounds()).isEqualTo(2);
  }

  @Test
  void parse_readsGatewayUrlAndFractionalSeconds() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            "--gateway-url",
            "http://127.0.0.1:8080",
            "--api-key",
            "sk-strata-x",
            "--duration",
            "2.5");

    assertThat(options.gatewayUrl()).contains(URI.create("http://127.0.0.1:8080"));
    assertThat(options.apiKey()).contains("sk-strata-x");
    assertThat(options.duration()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void parse_rejectsUnknownFlag() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--strata-jar", "s.jar", "--speed", "9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--speed");
  }

  @Test
  void parse_needsExactlyOneGateway() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--rate", "10"))
        .hasMessageContaining("--strata-jar or --gateway-url");
    assertThatThrownBy(
            () ->
                BenchmarkOptions.parse(
                    "--strata-jar",
                    "s.jar",
                    "--gateway-url",
                    "http://127.0.0.1:1",
                    "--api-key",
                    "k"))
        .hasMessageContaining("not both");
  }

  @Test
  void parse_needsApiKeyWithGatewayUrl() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--gateway-url", "http://127.0.0.1:1"))
        .hasMessageContaining("--api-key");
  }

  @Test
  void parse_rejectsNonPositiveRate() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--strata-jar", "s.jar", "--rate", "0"))
        .hasMessageContaining("--rate must be positive");
  }
}
