package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConverseStreamRelayOptionsTest {

  @Test
  void parse_defaultsToAModestRate_andALongWarmup() {
    var options = ConverseStreamRelayOptions.parse("--strata-jar", "strata.jar");

    assertThat(options.rate()).isEqualTo(200);
    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.warmupConcurrency()).isEqualTo(4);
    assertThat(options.rounds()).isEqualTo(5);
    assertThat(options.model()).isEqualTo("bench-converse");
  }

  @Test
  void parse_quickShortensTheRun_butExplicitFlagsWin() {
    var options =
        ConverseStreamRelayOptions.parse("--quick", "--strata-jar", "s.jar", "--rounds", "3");

    assertThat(options.rounds()).isEqualTo(3);
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void parse_rejectsContradictoryOrUselessSettings() {
    assertThatThrownBy(() -> ConverseStreamRelayOptions.parse("--rate", "200"))
        .hasMessageContaining("--strata-jar");
    assertThatThrownBy(
            () -> ConverseStreamRelayOptions.parse("--gateway-url", "http://127.0.0.1:1"))
        .hasMessageContaining("--api-key");
    assertThatThrownBy(
            () -> ConverseStreamRelayOptions.parse("--strata-jar", "s.jar", "--deltas", "0"))
        .hasMessageContaining("--deltas");
    assertThatThrownBy(
            () ->
                ConverseStreamRelayOptions.parse(
                    "--strata-jar", "s.jar", "--rate", "2", "--duration", "0.5"))
        .hasMessageContaining("at least one request");
    assertThatThrownBy(
            () -> ConverseStreamRelayOptions.parse("--strata-jar", "s.jar", "--model", "a/b"))
        .hasMessageContaining("--model");
  }
}
