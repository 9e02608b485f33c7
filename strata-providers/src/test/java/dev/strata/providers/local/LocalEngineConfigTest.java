package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalEngineConfigTest {
  private static final Path MODEL = Path.of("models", "m.gguf");
  private final LocalEngineConfig defaults = LocalEngineConfig.defaults(MODEL);

  @Test
  void defaults_areValidAndNamedLocal() {
    assertThat(defaults.name()).isEqualTo("local");
    assertThat(defaults.contextPerSlot()).isEqualTo(2048);
    assertThat(defaults.effectiveThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(defaults.withThreads(3).effectiveThreads()).isEqualTo(3);
  }

  @Test
  void badSettings_failNamingTheSetting() {
    assertRejected(() -> defaults.withName(" "), "name");
    assertRejected(() -> defaults.withSlots(4096, 0), "parallelSlots");
    assertRejected(() -> defaults.withSlots(4096, 65), "parallelSlots");
    assertRejected(() -> defaults.withSlots(100, 2), "contextSize");
    assertRejected(() -> defaults.withSlots(1 << 21, 2), "contextSize");
    assertRejected(() -> defaults.withThreads(-1), "threads");
    assertRejected(() -> defaults.withDefaultMaxOutputTokens(0), "defaultMaxOutputTokens");
    assertRejected(() -> defaults.withDefaultMaxOutputTokens(2048), "defaultMaxOutputTokens");
    assertRejected(() -> defaults.withSlotWaitTimeout(Duration.ofMillis(-1)), "slotWaitTimeout");
    assertRejected(() -> defaults.withSlotWaitTimeout(Duration.ofHours(1)), "slotWaitTimeout");
  }

  @Test
  void aZeroSlotWait_isAllowed() {
    assertThat(defaults.withSlotWaitTimeout(Duration.ZERO).slotWaitTimeout()).isZero();
  }

  private static void assertRejected(Runnable build, String setting) {
    assertThatThrownBy(build::run)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(setting);
  }
}
