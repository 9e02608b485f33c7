package dev.strata.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerRecordsTest {
  private static final Instant T = Instant.parse("2025-06-01T00:00:00Z");

  @Test
  void costQuery_mustStartBeforeItEnds() {
    assertThatThrownBy(() -> new CostQuery(T, T, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a cost period must start before it ends");
    assertThat(new CostQuery(T, T.plusSeconds(1), List.of(CostGrouping.DAY)).groupBy())
        .containsExactly(CostGrouping.DAY);
  }

  @Test
  void wireNames_areLowerCase() {
    assertThat(CostGrouping.PROVIDER.wireName()).isEqualTo("provider");
    assertThat(UsageSource.ESTIMATED.wireName()).isEqualTo("estimated");
  }
}
