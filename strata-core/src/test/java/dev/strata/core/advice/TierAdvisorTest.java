package dev.strata.core.advice;

import static dev.strata.core.advice.AdviceFixtures.BATCHABLE;
import static dev.strata.core.advice.AdviceFixtures.BATCHABLE_EU;
import static dev.strata.core.advice.AdviceFixtures.LOCAL;
import static dev.strata.core.advice.AdviceFixtures.PRICES;
import static dev.strata.core.advice.AdviceFixtures.PRICE_IDS;
import static dev.strata.core.advice.AdviceFixtures.UNBATCHABLE;
import static dev.strata.core.advice.AdviceFixtures.key;
import static dev.strata.core.advice.AdviceFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.provisioned.CommitmentTerm;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierAdvisorTest {
  private static final Instant JUNE_1 = Instant.parse("2025-06-01T00:00:00Z");
  private static final Instant DAY_1 = JUNE_1.plus(Duration.ofHours(9));
  private static final Instant DAY_2 = DAY_1.plus(Duration.ofDays(1));
  private static final Instant JUNE_10 = Instant.parse("2025-06-10T00:00:00Z");

  private final List<UsageRecord> records = new ArrayList<>();

  private TierAdvisor advisor(AdviceOptions options) {
    return new TierAdvisor(TierUsage.of(() -> records), PRICES, PRICE_IDS, options);
  }

  private void add(int times, UsageRecord... each) {
    for (int i = 0; i < times; i++) {
      for (UsageRecord record : each) {
        records.add(
            record(
                record.principal(),
                record.servedModel(),
                record.startedAt(),
                record.streamed(),
                record.usage(),
                record.cost().toUsdString(),
                record.tier()));
      }
    }
  }

  private void seedBatchTraffic() {
    Principal a = key("a");
    // a: 7 requests, 1 streamed (6/7 = 0.857 not streamed): tolerant.
    records.add(
        record(a, BATCHABLE, DAY_1, false, new Usage(1_000_000, 200_000, 400_000, 0, 0), "3.80"));
    records.add(record(a, BATCHABLE, DAY_2, false, Usage.of(500_000, 100_000), "1.80"));
    add(3, record(a, UNBATCHABLE, DAY_1, false, Usage.of(10_000, 0), "0.01"));
    records.add(record(a, LOCAL, DAY_1, false, Usage.of(10_000, 10_000), "0.001"));
    records.add(record(a, BATCHABLE, DAY_1, true, Usage.of(1_000_000, 0), "2.00"));
    // b: exactly 80 % not streamed, through the second name of the batchable model.
    add(4, record(key("b"), BATCHABLE_EU, DAY_1, false, Usage.of(100_000, 0), "0.20"));
    records.add(record(key("b"), BATCHABLE, DAY_1, true, Usage.of(100_000, 0), "0.20"));
    // c: 75 % not streamed: interactive, however much batching would save.
    add(3, record(key("c"), BATCHABLE, DAY_1, false, Usage.of(10_000_000, 0), "20.00"));
    records.add(record(key("c"), BATCHABLE, DAY_1, true, Usage.of(1, 0), "0.000002"));
    // d: never streams, but its model has no batch price.
    add(5, record(key("d"), UNBATCHABLE, DAY_1, false, Usage.of(100_000, 0), "0.10"));
    // e: already batch work; f: outside the window.
    records.add(
        record(key("e"), BATCHABLE, DAY_1, false, Usage.of(100_000, 0), "0.10", Tier.BATCH));
    records.add(
        record(key("f"), BATCHABLE, JUNE_1.plus(Duration.ofDays(2)), false, Usage.of(9, 9), "1"));
    records.add(
        record(key("f"), BATCHABLE, JUNE_1.minusMillis(1), false, Usage.of(9, 9), "1"));
  }

  @Test
  void batch_repricesNonStreamedTrafficOfLatencyTolerantKeysAtEachDaysBatchPrice() {
    seedBatchTraffic();

    TierAdvice advice =
        advisor(AdviceOptions.DEFAULTS).advise(JUNE_1, JUNE_1.plus(Duration.ofDays(2)));

    assertThat(advice.keysConsidered()).as("a, b, c and d").isEqualTo(4);
    assertThat(advice.batch()).extracting(BatchCandidate::keyId).containsExactly("a", "b");
    BatchCandidate a = advice.batch().get(0);
    assertThat(a.team()).isEqualTo("team-a");
    assertThat(a.requests()).isEqualTo(7);
    assertThat(a.streamedRequests()).isEqualTo(1);
    assertThat(a.notStreamedShare()).isEqualByComparingTo("0.8571");
    assertThat(a.unbatchableRequests()).as("3 on a model without batch price, 1 local").isEqualTo(4);
    assertThat(a.models())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.model()).isEqualTo(BATCHABLE);
              assertThat(line.requests()).isEqualTo(2);
              assertThat(line.inputTokens()).isEqualTo(1_500_000);
              assertThat(line.outputTokens()).isEqualTo(300_000);
              assertThat(line.cacheReadTokens()).isEqualTo(400_000);
              assertThat(line.onDemandCost()).isEqualTo(Money.ofUsd("5.60"));
              // June 1: 1M x $1 + 200k x $4 + 400k cache reads x $0.50 = $2.00;
              // June 2: 500k x $0.80 + 100k x $3 = $0.70.
              assertThat(line.batchCost()).isEqualTo(Money.ofUsd("2.70"));
              assertThat(line.priceReferences())
                  .containsExactly("m-batch@2025-01-01 (test-1)", "m-batch@2025-06-02 (test-2)");
            });
    assertThat(a.saving()).isEqualTo(Money.ofUsd("2.90"));

    BatchCandidate b = advice.batch().get(1);
    assertThat(b.notStreamedShare()).isEqualByComparingTo("0.8");
    assertThat(b.models())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.model()).isEqualTo(BATCHABLE_EU);
              assertThat(line.priceId()).isEqualTo(BATCHABLE);
              assertThat(line.requests()).isEqualTo(4);
              assertThat(line.onDemandCost()).isEqualTo(Money.ofUsd("0.80"));
              assertThat(line.batchCost()).isEqualTo(Money.ofUsd("0.40"));
            });
    assertThat(advice.batchSaving()).isEqualTo(Money.ofUsd("3.30"));
  }

  @Test
  void batch_aStricterShareDropsKeysBelowIt() {
    seedBatchTraffic();

    TierAdvice advice =
        advisor(new AdviceOptions(new BigDecimal("0.85"), 50))
            .advise(JUNE_1, JUNE_1.plus(Duration.ofDays(2)));

    assertThat(advice.batch()).extracting(BatchCandidate::keyId).containsExactly("a");
  }

  private void seedHourlyTraffic() {
    Principal a = key("a");
    for (int hour = 0; hour < 6; hour++) {
      records.add(record(a, BATCHABLE, at(hour, 10), false, Usage.of(50_000, 0), "0.10"));
    }
    records.add(record(a, BATCHABLE, at(6, 59), false, Usage.of(150_000, 0), "0.30"));
    records.add(record(a, BATCHABLE, at(7, 0), false, Usage.of(100_000, 0), "0.20"));
    records.add(record(key("b"), BATCHABLE_EU, at(7, 30), true, Usage.of(50_000, 0), "0.10"));
    // Hours 8 and 9 are idle. None of these count:
    records.add(
        record(a, BATCHABLE, at(3, 0), false, Usage.of(1_000_000, 0), "1.00", Tier.BATCH));
    records.add(record(a, BATCHABLE, at(10, 0), false, Usage.of(1_000_000, 0), "2.00"));
    records.add(record(a, BATCHABLE, at(0, 0).minusMillis(1), false, Usage.of(1_000_000, 0), "2"));
    records.add(record(a, UNBATCHABLE, at(2, 0), false, Usage.of(1_000_000, 0), "1.00"));
    records.add(record(a, LOCAL, at(2, 0), false, Usage.of(1_000_000, 0), "0.01"));
    records.add(record(a, "", at(2, 0), false, Usage.ZERO, "0"));
  }

  private static Instant at(int hour, int minute) {
    return JUNE_10.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
  }

  @Test
  void provisioned_sizesUnitsToTheMedianHour_andPricesEachTermAgainstWhatTheyWouldHaveCarried() {
    seedHourlyTraffic();

    TierAdvice advice = advisor(AdviceOptions.DEFAULTS).advise(JUNE_10, at(10, 0));

    assertThat(advice.hours()).isEqualTo(new WholeHours(JUNE_10, at(10, 0)));
    ProvisionedCandidate model = advice.provisioned().get(0);
    assertThat(advice.provisioned()).hasSize(1);
    assertThat(model.priceId()).isEqualTo(BATCHABLE);
    assertThat(model.servedModels()).containsExactly(BATCHABLE, BATCHABLE_EU);
    assertThat(model.priceReference()).isEqualTo("m-batch@2025-01-01 provisioned (test-ptu)");
    assertThat(model.hours()).isEqualTo(10);
    assertThat(model.activeHours()).isEqualTo(8);
    assertThat(model.requests()).isEqualTo(9);
    assertThat(model.tokens()).isEqualTo(600_000);
    assertThat(model.onDemandCost()).isEqualTo(Money.ofUsd("1.20"));
    // Hours sorted: 0, 0, 50k x 6, 150k, 150k.
    assertThat(model.p50TokensPerHour()).isEqualTo(50_000);
    assertThat(model.p90TokensPerHour()).isEqualTo(150_000);
    // One unit serves 60,000 tokens an hour: it covers the median hour.
    assertThat(model.modelUnits()).isEqualTo(1);
    assertThat(model.capacityTokens()).isEqualTo(600_000);
    // 6 x 50k, then 60k of each 150k hour; those hours' cost scaled by 60/150: 2 x $0.12.
    assertThat(model.carriedTokens()).isEqualTo(420_000);
    assertThat(model.carriedOnDemandCost()).isEqualTo(Money.ofUsd("0.84"));
    assertThat(model.utilisation()).isEqualByComparingTo("0.7");
    assertThat(model.terms())
        .extracting(
            ProvisionedCandidate.TermOption::term,
            ProvisionedCandidate.TermOption::provisionedCost,
            ProvisionedCandidate.TermOption::saving)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                CommitmentTerm.NONE, Money.ofUsd("1.00"), Money.ofUsd("-0.16")),
            org.assertj.core.groups.Tuple.tuple(
                CommitmentTerm.ONE_MONTH, Money.ofUsd("0.75"), Money.ofUsd("0.09")),
            org.assertj.core.groups.Tuple.tuple(
                CommitmentTerm.SIX_MONTHS, Money.ofUsd("0.50"), Money.ofUsd("0.34")));
    // Carried tokens cost $2 per million: capacity is worth $1.20, so a term breaks even at its
    // cost / $1.20.
    assertThat(model.terms())
        .extracting(option -> option.breakEvenUtilisation().orElseThrow())
        .containsExactly(
            new BigDecimal("0.833333"), new BigDecimal("0.625000"), new BigDecimal("0.416667"));
    assertThat(model.recommended().map(ProvisionedCandidate.TermOption::term))
        .contains(CommitmentTerm.SIX_MONTHS);
    assertThat(advice.provisionedSaving()).isEqualTo(Money.ofUsd("0.34"));
  }

  @Test
  void provisioned_capacitySizedToTheBusyHoursSitsIdle_andNoTermPays() {
    seedHourlyTraffic();

    TierAdvice advice =
        advisor(new AdviceOptions(new BigDecimal("0.8"), 90)).advise(JUNE_10, at(10, 0));

    ProvisionedCandidate model = advice.provisioned().get(0);
    assertThat(model.sizingTokensPerHour()).isEqualTo(150_000);
    assertThat(model.modelUnits()).isEqualTo(3);
    assertThat(model.carriedTokens()).isEqualTo(600_000);
    assertThat(model.carriedOnDemandCost()).isEqualTo(Money.ofUsd("1.20"));
    assertThat(model.utilisation()).isEqualByComparingTo("0.333333");
    assertThat(model.terms())
        .extracting(ProvisionedCandidate.TermOption::saving)
        .containsExactly(Money.ofUsd("-1.80"), Money.ofUsd("-1.05"), Money.ofUsd("-0.30"));
    assertThat(model.terms().get(0).breakEvenUtilisation())
        .contains(new BigDecimal("0.833333"));
    assertThat(model.recommended()).isEmpty();
    assertThat(advice.provisionedSaving()).isEqualTo(Money.ZERO);
  }

  @Test
  void provisioned_readsOnlyTheWholeHoursOfTheWindow() {
    seedHourlyTraffic();

    TierAdvice advice =
        advisor(AdviceOptions.DEFAULTS).advise(at(0, 30), at(9, 59));

    assertThat(advice.hours()).isEqualTo(new WholeHours(at(1, 0), at(9, 0)));
    ProvisionedCandidate model = advice.provisioned().get(0);
    assertThat(model.hours()).isEqualTo(8);
    assertThat(model.activeHours()).as("hours 1 to 7").isEqualTo(7);
    assertThat(model.tokens()).isEqualTo(550_000);
  }

  @Test
  void provisioned_aWindowWithoutAWholeHourHasNoCandidates() {
    seedHourlyTraffic();

    TierAdvice advice = advisor(AdviceOptions.DEFAULTS).advise(at(1, 10), at(1, 50));

    assertThat(advice.hours().count()).isZero();
    assertThat(advice.provisioned()).isEmpty();
  }

  @Test
  void advise_refusesAWindowThatDoesNotStartBeforeItEnds() {
    assertThatThrownBy(() -> advisor(AdviceOptions.DEFAULTS).advise(JUNE_10, JUNE_10))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.param()).contains("since");
            });
  }

  @Test
  void percentile_isTheNearestRank() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(ProvisionedAdvice.percentile(sorted, 50)).isEqualTo(5);
    assertThat(ProvisionedAdvice.percentile(sorted, 90)).isEqualTo(9);
    assertThat(ProvisionedAdvice.percentile(sorted, 91)).isEqualTo(10);
    assertThat(ProvisionedAdvice.percentile(sorted, 100)).isEqualTo(10);
    assertThat(ProvisionedAdvice.percentile(sorted, 1)).isEqualTo(1);
    assertThat(ProvisionedAdvice.percentile(new long[] {7}, 50)).isEqualTo(7);
  }

  @Test
  void options_refuseAShareOutsideZeroToOneAndAPercentileOutsideOneToHundred() {
    assertThatThrownBy(() -> new AdviceOptions(new BigDecimal("1.01"), 50))
        .hasMessageContaining("latencyTolerantShare");
    assertThatThrownBy(() -> new AdviceOptions(BigDecimal.ONE, 0))
        .hasMessageContaining("sizingPercentile");
    assertThat(new AdviceOptions(BigDecimal.ZERO, 100).sizingPercentile()).isEqualTo(100);
  }

  @Test
  void priceIds_fromACatalogUseTheListedPrice_andKnownNamesOfRemovedModels() {
    var catalog =
        new dev.strata.core.catalog.ModelCatalog(
            List.of(
                new dev.strata.core.catalog.ModelEntry(
                    "eu-batch",
                    "p",
                    "x",
                    new dev.strata.core.catalog.PriceSource.Listed(BATCHABLE),
                    java.util.OptionalInt.empty(),
                    false),
                new dev.strata.core.catalog.ModelEntry(
                    LOCAL,
                    "local",
                    "x",
                    new dev.strata.core.catalog.PriceSource.MachineTime(Money.ofUsd("1"), 1),
                    java.util.OptionalInt.empty(),
                    false)),
            java.util.Map.of());
    PriceIds ids = PriceIds.of(catalog, PRICES);

    assertThat(ids.priceId("eu-batch")).contains(BATCHABLE);
    assertThat(ids.priceId(LOCAL)).isEmpty();
    assertThat(ids.priceId(UNBATCHABLE)).as("no longer configured, but priced").contains(UNBATCHABLE);
    assertThat(ids.priceId("gone")).isEqualTo(Optional.empty());
  }
}
