package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigOverrideTest {

  @Test
  void reachesTheChild_asTheEnvironmentVariableStrataReadsForTheKey() {
    assertThat(ConfigOverride.parse("server.virtualThreadScheduler=jdk").environmentVariable())
        .isEqualTo("STRATA_SERVER_VIRTUAL_THREAD_SCHEDULER");
    assertThat(ConfigOverride.parse("local.machineCostPerHour = 2.25").environmentVariable())
        .isEqualTo("STRATA_LOCAL_MACHINE_COST_PER_HOUR");
    assertThat(ConfigOverride.parse("ledger.batchSize=50").value()).isEqualTo("50");
  }

  @Test
  void keepsEverythingAfterTheFirstEquals_asTheValue() {
    ConfigOverride override = ConfigOverride.parse("store.url=jdbc:postgresql://db/x?user=a");

    assertThat(override.key()).isEqualTo("store.url");
    assertThat(override.value()).isEqualTo("jdbc:postgresql://db/x?user=a");
    assertThat(override).hasToString("store.url=jdbc:postgresql://db/x?user=a");
  }

  @Test
  void refusesWhatIsNotKeyEqualsValue() {
    assertThatThrownBy(() -> ConfigOverride.parse("jdk")).hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> ConfigOverride.parse("=jdk")).hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> ConfigOverride.parse("Server..port=1"))
        .hasMessageContaining("not a configuration key");
  }
}
