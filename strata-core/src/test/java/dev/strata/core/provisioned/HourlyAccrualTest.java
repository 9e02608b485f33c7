package dev.strata.core.provisioned;

import static dev.strata.core.provisioned.Provisioning.ALICE;
import static dev.strata.core.provisioned.Provisioning.CATALOG;
import static dev.strata.core.provisioned.Provisioning.HAIKU;
import static dev.strata.core.provisioned.Provisioning.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.ProvisionedPrice;
import dev.strata.core.money.Tier;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.InMemoryProvisionedStore;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HourlyAccrualTest {
  private final ManualClock clock = ManualClock.at("2025-06-01T10:20:00Z");
  private final InMemoryProvisionedStore store = new InMemoryProvisionedStore();
  private final ProvisionedModels registry = Provisioning.registry(store, clock);
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final HourlyAccrual accrual =
      new HourlyAccrual(store, CATALOG, Provisioning.PRICES, ledger, clock);

  @Test
  void threeAndAHalfHours_billThreeWholeHours_atUnitsTimesTheTermsHourlyPrice() {
    // Claude 3.5 Haiku, one-month term: $3.60 per unit-hour in the shipped book; 2 units.
    ProvisionedModel model = registry.create(request("bot", HAIKU, 2, CommitmentTerm.ONE_MONTH));
    clock.advance(Duration.ofMinutes(210));

    assertThat(accrual.accrueNow()).isEqualTo(3);

    List<UsageRecord> records = ledger.records();
    assertThat(records).hasSize(3);
    assertThat(records)
        .extracting(UsageRecord::startedAt)
        .containsExactly(
            Instant.parse("2025-06-01T10:20:00Z"),
            Instant.parse("2025-06-01T11:20:00Z"),
            Instant.parse("2025-06-01T12:20:00Z"));
    long epochHour = Instant.parse("2025-06-01T10:00:00Z").getEpochSecond() / 3600;
    assertThat(records)
        .extracting(UsageRecord::requestId)
        .containsExactly(
            "pt-" + model.id() + "-" + epochHour,
            "pt-" + model.id() + "-" + (epochHour + 1),
            "pt-" + model.id() + "-" + (epochHour + 2));
    assertThat(records)
        .allSatisfy(
            record -> {
              assertThat(record.cost().toMicrosRounded()).isEqualTo(7_200_000);
              assertThat(record.cost()).isEqualTo(Money.ofUsd("7.20"));
              assertThat(record.tier()).isEqualTo(Tier.PROVISIONED);
              assertThat(record.operation()).isEqualTo("provisioned-hour");
              assertThat(record.principal()).isEqualTo(ALICE);
              assertThat(record.requestedModel()).isEqualTo("bot");
              assertThat(record.servedModel()).isEqualTo(model.arn());
              assertThat(record.provider()).isEqualTo("bedrock");
              assertThat(record.usage()).isEqualTo(Usage.ZERO);
              assertThat(record.finishedAt())
                  .isEqualTo(record.startedAt().plus(Duration.ofHours(1)));
              assertThat(record.priceReference())
                  .contains(HAIKU)
                  .contains("oneMonth")
                  .contains("x 2 units");
            });
    assertThat(store.lifetimes())
        .singleElement()
        .extracting(ProvisionedLifetime::accruedHours)
        .isEqualTo(3L);
  }

  @Test
  void rerunning_billsNothingTwice_andTheNextHourOnceItEnds() {
    registry.create(request("bot", HAIKU, 1, CommitmentTerm.NONE));
    clock.advance(Duration.ofMinutes(210));
    accrual.accrueNow();

    assertThat(accrual.accrueNow()).isZero();
    assertThat(accrual.accrueUntil(clock.instant().minus(Duration.ofHours(2)))).isZero();
    assertThat(ledger.records()).hasSize(3);

    clock.advance(Duration.ofMinutes(30));
    assertThat(accrual.accrueNow()).isEqualTo(1);
    assertThat(ledger.records()).hasSize(4);
  }

  @Test
  void deletion_stopsAccrual_atTheLastWholeHourBeforeIt() {
    ProvisionedModel hourly = registry.create(request("hourly", HAIKU, 1, CommitmentTerm.NONE));
    ProvisionedModel kept = registry.create(request("kept", HAIKU, 1, CommitmentTerm.NONE));
    clock.advance(Duration.ofMinutes(165));
    registry.delete(ALICE, "hourly");
    clock.advance(Duration.ofHours(10));

    accrual.accrueNow();

    assertThat(ledger.records().stream().filter(r -> r.servedModel().equals(hourly.arn())))
        .hasSize(2)
        .allSatisfy(record -> assertThat(record.cost()).isEqualTo(Money.ofUsd("4.80")));
    assertThat(ledger.records().stream().filter(r -> r.servedModel().equals(kept.arn())))
        .hasSize(12);
  }

  @Test
  void eachHour_isPricedByThePriceInForceOnTheDayItStarts() {
    PriceBook cheaper =
        Provisioning.PRICES.overriddenBy(
            new PriceBook(
                "cut",
                List.of(),
                List.of(
                    new ProvisionedPrice(
                        HAIKU,
                        LocalDate.parse("2025-06-02"),
                        "test",
                        100_000,
                        Optional.of(Money.ofUsd("4.00")),
                        Optional.empty(),
                        Optional.empty()))));
    HourlyAccrual priced = new HourlyAccrual(store, CATALOG, cheaper, ledger, clock);
    clock.set(Instant.parse("2025-06-01T22:00:00Z"));
    registry.create(request("bot", HAIKU, 3, CommitmentTerm.NONE));
    clock.advance(Duration.ofHours(4));

    priced.accrueNow();

    assertThat(ledger.records())
        .extracting(UsageRecord::cost)
        .containsExactly(
            Money.ofUsd("14.40"), Money.ofUsd("14.40"), Money.ofUsd("12.00"), Money.ofUsd("12.00"));
  }

  @Test
  void aCrashBeforeTheHoursAreMarkedBilled_rewritesTheSameRequestIds() {
    ProvisionedModel model = registry.create(request("bot", HAIKU, 1, CommitmentTerm.NONE));
    clock.advance(Duration.ofHours(2));
    InMemoryLedger first = new InMemoryLedger();
    new HourlyAccrual(store, CATALOG, Provisioning.PRICES, first, clock).accrueNow();
    store.accrued(model.id(), 0); // as if the process died before recording the hours

    accrual.accrueNow();

    assertThat(ledger.records())
        .extracting(UsageRecord::requestId)
        .containsExactlyElementsOf(first.records().stream().map(UsageRecord::requestId).toList());
  }
}
