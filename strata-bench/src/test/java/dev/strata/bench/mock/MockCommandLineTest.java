package dev.strata.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MockCommandLineTest {

  @Test
  void settings_followFlags() {
    String[] args = {
      "--port", "9000", "--latency-ms", "20", "--chunks", "8", "--chunk-delay-ms", "2",
      "--text", "hi there", "--usage", "10,2,4", "--unknown-model", "a", "--unknown-model", "b"
    };

    MockSettings settings = MockCommandLine.settings(args);

    assertThat(MockCommandLine.port(args)).isEqualTo(9000);
    assertThat(settings.latency()).isEqualTo(Duration.ofMillis(20));
    assertThat(settings.streamChunks()).isEqualTo(8);
    assertThat(settings.chunkDelay()).isEqualTo(Duration.ofMillis(2));
    assertThat(settings.responseText()).isEqualTo("hi there");
    assertThat(settings.usage()).contains(new MockUsage(10, 2, 4));
    assertThat(settings.unknownModels()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void settings_nativeBatchIsASwitch_andTheBatchDelayTakesMilliseconds() {
    String[] args = {"--native-batch", "--port", "9001", "--batch-delay-ms", "1500"};

    MockSettings settings = MockCommandLine.settings(args);

    assertThat(settings.nativeBatch()).isTrue();
    assertThat(settings.batchDelay()).isEqualTo(Duration.ofMillis(1500));
    assertThat(MockCommandLine.port(args)).isEqualTo(9001);
  }

  @Test
  void settings_areDefaults_withoutFlags() {
    assertThat(MockCommandLine.settings(new String[0])).isEqualTo(MockSettings.DEFAULTS);
    assertThat(MockCommandLine.port(new String[0])).isZero();
  }

  @Test
  void settings_rejectUnknownFlagByName() {
    assertThatThrownBy(() -> MockCommandLine.settings(new String[] {"--colour", "red"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--colour");
  }

  @Test
  void settings_rejectMissingValue() {
    assertThatThrownBy(() -> MockCommandLine.settings(new String[] {"--chunks"}))
        .hasMessageContaining("--chunks needs a value");
  }
}
