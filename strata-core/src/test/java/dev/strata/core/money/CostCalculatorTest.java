package dev.strata.core.money;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.model.Usage;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {
  private static final LocalDate DATE = LocalDate.parse("2025-05-22");

  private static TokenPrice p(String usdPerMillion) {
    return TokenPrice.perMillion(usdPerMillion);
  }

  private static Optional<TokenPrice> some(String usdPerMillion) {
    return Optional.of(p(usdPerMillion));
  }

  private static ModelPrice full() {
    return new ModelPrice(
        "m",
        "prov",
        DATE,
        "list",
        p("3.00"),
        p("15.00"),
        some("3.75"),
        some("6.00"),
        some("0.30"),
        some("1.50"),
        some("7.50"));
  }

  private static ModelPrice only(String input, String output) {
    return new ModelPrice(
        "bare",
        "prov",
        DATE,
        "list",
        p(input),
        p(output),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void cost_pricesEachKindOfTokenAtItsOwnPrice() {
    Usage usage = new Usage(1000, 200, 4000, 800, 400);

    Cost cost = CostCalculator.cost(full(), usage, Tier.ON_DEMAND);

    assertThat(cost.input()).isEqualTo(Money.ofMicros(3000)); // 1000 × 3.00
    assertThat(cost.output()).isEqualTo(Money.ofMicros(3000)); // 200 × 15.00
    assertThat(cost.cacheRead()).isEqualTo(Money.ofMicros(1200)); // 4000 × 0.30
    assertThat(cost.cacheWrite()).isEqualTo(Money.ofMicros(5400)); // 800 × 3.75 + 400 × 6.00
    assertThat(cost.total()).isEqualTo(Money.ofMicros(12_600));
    assertThat(cost.tier()).isEqualTo(Tier.ON_DEMAND);
    assertThat(cost.priceReference()).isEqualTo("m@2025-05-22 (list)");
  }

  @Test
  void cost_batchTier_usesBatchInputAndOutputPrices() {
    Cost cost = CostCalculator.cost(full(), Usage.of(1000, 200), Tier.BATCH);

    assertThat(cost.input()).isEqualTo(Money.ofMicros(1500)); // 1000 × 1.50
    assertThat(cost.output()).isEqualTo(Money.ofMicros(1500)); // 200 × 7.50
    assertThat(cost.tier()).isEqualTo(Tier.BATCH);
  }

  @Test
  void cost_batchTierWithoutBatchPrices_fallsBackToOnDemand() {
    Cost cost = CostCalculator.cost(only("0.15", "0.20"), Usage.of(1000, 1000), Tier.BATCH);

    assertThat(cost.total()).isEqualTo(Money.ofMicros(350)); // 1000 × 0.15 + 1000 × 0.20
  }

  @Test
  void cost_provisionedTier_usesOnDemandTokenPrices() {
    Cost cost = CostCalculator.cost(full(), Usage.of(1000, 200), Tier.PROVISIONED);

    assertThat(cost.total()).isEqualTo(Money.ofMicros(6000));
    assertThat(cost.tier()).isEqualTo(Tier.PROVISIONED);
  }

  @Test
  void cost_noCacheReadPrice_billsCacheReadsAsInput() {
    Cost cost =
        CostCalculator.cost(only("0.25", "1.25"), new Usage(0, 0, 1000, 0, 0), Tier.ON_DEMAND);

    assertThat(cost.cacheRead()).isEqualTo(Money.ofMicros(250)); // 1000 × 0.25
  }

  @Test
  void cost_noCacheWritePrices_billsBothWritesAsInput() {
    Cost cost =
        CostCalculator.cost(only("0.25", "1.25"), new Usage(0, 0, 0, 1000, 1000), Tier.ON_DEMAND);

    assertThat(cost.cacheWrite()).isEqualTo(Money.ofMicros(500)); // 2000 × 0.25
  }

  @Test
  void cost_noOneHourWritePrice_billsOneHourWritesAtTheFiveMinutePrice() {
    ModelPrice novaLike =
        new ModelPrice(
            "nova",
            "bedrock",
            DATE,
            "list",
            p("0.035"),
            p("0.14"),
            some("0.035"),
            Optional.empty(),
            some("0.00875"),
            Optional.empty(),
            Optional.empty());

    assertThat(novaLike.cacheWrite1hPrice()).isEqualTo(p("0.035"));
    assertThat(
            CostCalculator.cost(novaLike, new Usage(0, 0, 0, 0, 1000), Tier.ON_DEMAND).cacheWrite())
        .isEqualTo(Money.ofMicros(35)); // 1000 × 0.035
  }

  @Test
  void cost_zeroUsage_isFree() {
    assertThat(CostCalculator.cost(full(), Usage.ZERO, Tier.ON_DEMAND).total().isZero()).isTrue();
  }

  @Test
  void flat_hasNoCacheOrBatchPrices() {
    ModelPrice flat = ModelPrice.flat("local", "llama", "config", p("0.10"), p("0.20"));

    assertThat(flat.effectiveFrom()).isEqualTo(LocalDate.EPOCH);
    assertThat(flat.cacheReadPrice()).isEqualTo(p("0.10"));
    assertThat(flat.inputAt(Tier.BATCH)).isEqualTo(p("0.10"));
    assertThat(flat.outputAt(Tier.BATCH)).isEqualTo(p("0.20"));
  }

  @Test
  void free_costsNothing() {
    Cost free = Cost.free(Tier.BATCH, "none");

    assertThat(free.total()).isEqualTo(Money.ZERO);
    assertThat(free.tier()).isEqualTo(Tier.BATCH);
    assertThat(Tier.BATCH.wireName()).isEqualTo("batch");
  }
}
