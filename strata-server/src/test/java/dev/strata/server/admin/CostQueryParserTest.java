package dev.strata.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CostQueryParserTest {
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  @Test
  void agesCountBackFromNow() {
    assertThat(CostQueryParser.parse("7d", null, null, NOW).from())
        .isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(CostQueryParser.parse("24h", null, null, NOW).from())
        .isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(CostQueryParser.parse("30m", null, null, NOW).from())
        .isEqualTo(NOW.minus(Duration.ofMinutes(30)));
  }

  @Test
  void instantsAndDatesAreAccepted() {
    CostQuery query = CostQueryParser.parse("2026-03-01", "2026-03-02T06:00:00Z", "model,day", NOW);

    assertThat(query.from()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(query.to()).isEqualTo(Instant.parse("2026-03-02T06:00:00Z"));
    assertThat(query.groupBy()).containsExactly(CostGrouping.MODEL, CostGrouping.DAY);
  }

  @Test
  void defaultsAreTheLastThirtyDaysUngrouped() {
    CostQuery query = CostQueryParser.parse(null, null, null, NOW);

    assertThat(query.to()).isEqualTo(NOW);
    assertThat(query.from()).isEqualTo(NOW.minus(Duration.ofDays(30)));
    assertThat(query.groupBy()).isEmpty();
  }

  @Test
  void badValuesNameTheirParameter() {
    assertThatThrownBy(() -> CostQueryParser.parse("last week", null, null, NOW))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.param()).contains("since"));
    assertThatThrownBy(() -> CostQueryParser.parse(null, null, "model,model", NOW))
        .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.param()).contains("by"));
    assertThatThrownBy(() -> CostQueryParser.parse("1h", "2h", null, NOW))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.param()).contains("since"));
  }
}
