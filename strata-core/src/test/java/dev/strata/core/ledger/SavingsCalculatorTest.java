package dev.strata.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.TokenPrice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavingsCalculatorTest {
  private static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-03-03T00:00:00Z");
  private static final PriceBook PRICES =
      new PriceBook(
          "test",
          List.of(
              ModelPrice.flat("big", "openai", "t", TokenPrice.perMillion("10"), TokenPrice.perMillion("30")),
              ModelPrice.flat("small", "openai", "t", TokenPrice.perMillion("1"), TokenPrice.perMillion("2"))));

  @Test
  void eachLever_comparesItsTrafficWithTheRequestedModelsOnDemandPrice() {
    CostExplorerQuery query = SavingsCalculator.query(FROM, TO);
    CostReport report =
        new CostReport(
            query,
            List.of(
                // routed big -> small, read the cache: 1000 input + 500 cache read + 100 output
                new CostRow(List.of("2025-03-01", "big", "small", "on_demand", "read"), 2, 1000, 100, 500, 0, Money.ofUsd("0.0012"), 0),
                // batch at half price, not routed
                new CostRow(List.of("2025-03-02", "big", "big", "batch", "none"), 1, 1000, 0, 0, 0, Money.ofUsd("0.005"), 0),
                // an alias nobody prices
                new CostRow(List.of("2025-03-02", "auto", "small", "on_demand", "none"), 3, 10, 10, 0, 0, Money.ofUsd("0.0001"), 0)),
            CostReport.Source.ROLLUPS);

    SavingsReport savings = new SavingsCalculator(PRICES).report(report);

    SavingsRow routing = savings.levers().get(0);
    assertThat(routing.name()).isEqualTo("routing");
    assertThat(routing.requests()).isEqualTo(5);
    // big: (1000 + 500) x $10/M + 100 x $30/M = 0.018; auto: unpriced, baseline = actual
    assertThat(routing.baseline()).isEqualTo(Money.ofUsd("0.0181"));
    assertThat(routing.actual()).isEqualTo(Money.ofUsd("0.0013"));
    assertThat(routing.savings()).isEqualTo(Money.ofUsd("0.0168"));
    assertThat(routing.unpricedRequests()).isEqualTo(3);
    SavingsRow caching = savings.levers().get(1);
    assertThat(caching.name()).isEqualTo("prompt_caching");
    assertThat(caching.requests()).isEqualTo(2);
    SavingsRow batch = savings.levers().get(2);
    assertThat(batch.baseline()).isEqualTo(Money.ofUsd("0.01"));
    assertThat(batch.savings()).isEqualTo(Money.ofUsd("0.005"));
    assertThat(savings.levers().get(3).requests()).isZero();
    assertThat(savings.overall().requests()).isEqualTo(6);
    assertThat(savings.overall().baseline()).isEqualTo(Money.ofUsd("0.0281"));
  }

  @Test
  void responseCacheHits_saveTheirAnswersOriginalCost_inTheirOwnLever() {
    CostExplorerQuery query = SavingsCalculator.query(FROM, TO);
    CostReport report =
        new CostReport(
            query,
            List.of(
                // three hits of big: no tokens billed, their answers had cost $0.03
                new CostRow(List.of("2025-03-01", "big", "big", "on_demand", "hit-exact"), 3, 0, 0, 0, 0, Money.ZERO, 0, Money.ofUsd("0.03")),
                new CostRow(List.of("2025-03-01", "big", "big", "on_demand", "hit-semantic"), 1, 0, 0, 0, 0, Money.ZERO, 0, Money.ofUsd("0.01")),
                // the miss that filled the cache: 1000 input at $10/M
                new CostRow(List.of("2025-03-01", "big", "big", "on_demand", "none"), 1, 1000, 0, 0, 0, Money.ofUsd("0.01"), 0)),
            CostReport.Source.ROLLUPS);

    SavingsReport savings = new SavingsCalculator(PRICES).report(report);

    SavingsRow responseCache =
        savings.levers().stream().filter(l -> l.name().equals("response_cache")).findFirst().orElseThrow();
    assertThat(responseCache.requests()).isEqualTo(4);
    assertThat(responseCache.actual()).isEqualTo(Money.ZERO);
    assertThat(responseCache.savings()).isEqualTo(Money.ofUsd("0.04"));
    assertThat(savings.levers().get(1).name()).isEqualTo("prompt_caching");
    assertThat(savings.levers().get(1).requests()).as("hits are not prompt-cache traffic").isZero();
    assertThat(savings.overall().baseline()).isEqualTo(Money.ofUsd("0.05"));
    assertThat(savings.overall().savings()).isEqualTo(Money.ofUsd("0.04"));
  }
}
