package dev.strata.core.provisioned;

import static dev.strata.core.provisioned.Provisioning.ALICE;
import static dev.strata.core.provisioned.Provisioning.CATALOG;
import static dev.strata.core.provisioned.Provisioning.HAIKU;
import static dev.strata.core.provisioned.Provisioning.NOVA;
import static dev.strata.core.provisioned.Provisioning.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.InMemoryProvisionedStore;
import dev.strata.core.testing.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BreakEvenReportTest {
  private static final Instant DAY = Instant.parse("2025-06-01T00:00:00Z");

  private final ManualClock clock = ManualClock.at("2025-05-31T20:00:00Z");
  private final InMemoryProvisionedStore store = new InMemoryProvisionedStore();
  private final ProvisionedModels registry = Provisioning.registry(store, clock);
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final HourlyAccrual accrual =
      new HourlyAccrual(store, CATALOG, Provisioning.PRICES, ledger, clock);
  private final BreakEvenReports reports =
      new BreakEvenReports(store, ProvisionedUsage.of(ledger::records), Provisioning.PRICES);
  private int served;

  private void serve(ProvisionedModel model, Instant at, Usage usage) {
    ledger.append(
        new UsageRecord(
            "req-" + ++served,
            at,
            at.plusSeconds(1),
            ALICE,
            "bedrock",
            "chat",
            model.name(),
            model.arn(),
            "bedrock",
            usage,
            UsageSource.PROVIDER,
            Money.ZERO,
            "provisioned " + model.arn(),
            Tier.PROVISIONED,
            false,
            "ok",
            200,
            1000,
            OptionalLong.empty()));
  }

  @Test
  void report_comparesTheHoursBilledWithTheTokensServedAtOnDemandPrices() {
    registry.create(request("gone", HAIKU, 1, CommitmentTerm.NONE));
    clock.advance(Duration.ofHours(1));
    registry.delete(ALICE, "gone");
    clock.set(DAY);
    // Quiet: 1 unit of Claude 3.5 Haiku ($3.60/h on a one-month term, 100,000 tokens a minute).
    ProvisionedModel quiet = registry.create(request("quiet", HAIKU, 1, CommitmentTerm.ONE_MONTH));
    clock.set(DAY.plus(Duration.ofHours(8)));
    // Busy: 1 unit of Nova Pro ($2.31/h on a six-month term, 100,000 tokens a minute).
    ProvisionedModel busy = registry.create(request("busy", NOVA, 1, CommitmentTerm.SIX_MONTHS));
    clock.set(DAY.plus(Duration.ofHours(10)));
    accrual.accrueNow();
    serve(quiet, DAY.plus(Duration.ofHours(1)), Usage.of(4_000_000, 1_000_000));
    serve(quiet, DAY.plus(Duration.ofHours(2)), new Usage(2_000_000, 500_000, 1_000_000, 0, 0));
    serve(quiet, DAY.plus(Duration.ofHours(30)), Usage.of(50_000_000, 0)); // after the period
    serve(busy, DAY.plus(Duration.ofHours(9)), Usage.of(9_000_000, 3_000_000));

    BreakEvenReport report = reports.report(DAY, DAY.plus(Duration.ofDays(1)));

    assertThat(report.lines())
        .extracting(line -> line.model().name())
        .containsExactly("quiet", "busy");
    BreakEvenReport.Line q = report.lines().get(0);
    assertThat(q.hours()).isEqualTo(10);
    assertThat(q.accruedCost()).isEqualTo(Money.ofUsd("36.00"));
    assertThat(q.requests()).isEqualTo(2);
    assertThat(q.tokensServed()).isEqualTo(8_500_000);
    assertThat(q.capacityTokens()).isEqualTo(60_000_000); // 10 h x 60 min x 100,000
    // 6M input x $0.80 + 1.5M output x $4.00 + 1M cache reads x $0.08, per million
    assertThat(q.onDemandCost()).isEqualTo(Money.ofUsd("10.88"));
    assertThat(q.onDemandPriced()).isTrue();
    assertThat(q.utilisation()).isEqualByComparingTo("0.141667");
    assertThat(q.saving()).isEqualTo(Money.ofUsd("-25.12"));
    assertThat(q.isSaving()).isFalse();
    // at 46.875 % utilisation the same mix would have cost $36.00 on demand too
    assertThat(q.breakEvenUtilisation()).contains(new BigDecimal("0.468750"));

    BreakEvenReport.Line b = report.lines().get(1);
    assertThat(b.hours()).isEqualTo(2);
    assertThat(b.accruedCost()).isEqualTo(Money.ofUsd("4.62"));
    assertThat(b.onDemandCost()).isEqualTo(Money.ofUsd("16.80"));
    assertThat(b.utilisation()).isEqualByComparingTo("1");
    assertThat(b.saving()).isEqualTo(Money.ofUsd("12.18"));
    assertThat(b.isSaving()).isTrue();
    assertThat(b.breakEvenUtilisation()).contains(new BigDecimal("0.275000"));

    assertThat(report.accruedCost()).isEqualTo(Money.ofUsd("40.62"));
    assertThat(report.onDemandCost()).isEqualTo(Money.ofUsd("27.68"));
    assertThat(report.saving()).isEqualTo(Money.ofUsd("-12.94"));
  }

  @Test
  void aModelThatServedNothing_showsItsHoursAsAPureLoss() {
    clock.set(DAY);
    registry.create(request("idle", HAIKU, 2, CommitmentTerm.NONE));
    clock.advance(Duration.ofHours(3));
    accrual.accrueNow();

    BreakEvenReport.Line idle = reports.report(DAY, DAY.plus(Duration.ofDays(1))).lines().get(0);

    assertThat(idle.hours()).isEqualTo(3);
    assertThat(idle.accruedCost()).isEqualTo(Money.ofUsd("28.80"));
    assertThat(idle.tokensServed()).isZero();
    assertThat(idle.utilisation()).isEqualByComparingTo("0");
    assertThat(idle.saving()).isEqualTo(Money.ofUsd("-28.80"));
    assertThat(idle.breakEvenUtilisation()).isEmpty();
    assertThat(idle.deletedAt()).isEqualTo(Optional.empty());
  }

  @Test
  void report_needsAPeriodThatEndsAfterItStarts() {
    assertThatThrownBy(() -> reports.report(DAY, DAY))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("'since'");
  }
}
