package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpendControlsOptionsTest {

  @Test
  void parse_defaultsToOneAndEightThreads_fiveRounds_realisticPrompts() {
    var options = SpendControlsOptions.parse();

    assertThat(options.threads()).containsExactly(1, 8);
    assertThat(options.rounds()).isEqualTo(5);
    assertThat(options.phase()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.promptTokens()).isEqualTo(1500);
    assertThat(options.out()).isEmpty();
  }

  @Test
  void parse_quickShortensTheRun_butExplicitFlagsWin() {
    var options = SpendControlsOptions.parse("--quick", "--rounds", "3", "--threads", "2, 4");

    assertThat(options.rounds()).isEqualTo(3);
    assertThat(options.threads()).isEqualTo(List.of(2, 4));
    assertThat(options.phase()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void parse_rejectsUselessSettings_namingTheFlag() {
    assertThatThrownBy(() -> SpendControlsOptions.parse("--threads", "1,x"))
        .hasMessageContaining("--threads");
    assertThatThrownBy(() -> SpendControlsOptions.parse("--threads", "0"))
        .hasMessageContaining("--threads");
    assertThatThrownBy(() -> SpendControlsOptions.parse("--rounds", "0"))
        .hasMessageContaining("--rounds");
    assertThatThrownBy(() -> SpendControlsOptions.parse("--phase", "0"))
        .hasMessageContaining("--phase");
    assertThatThrownBy(() -> SpendControlsOptions.parse("--prompt-tokens", "10"))
        .hasMessageContaining("--prompt-tokens");
    assertThatThrownBy(() -> SpendControlsOptions.parse("--bogus", "1"))
        .hasMessageContaining("--bogus");
  }
}
