package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.ProvisionedPrice;
import dev.strata.core.money.Tier;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bills provisioned models by the hour, used or not: for each whole hour a model has been
 * provisioned — counted from its creation, until its deletion — one ledger record of operation
 * {@value #OPERATION}, tier provisioned, costing its model units × the hourly price of its
 * commitment term, attributed to its owner. The request id {@code pt-<id>-<epoch hour>} is the same
 * on every run, so a record written twice (after a crash between the ledger and the store) is
 * stored once by a ledger that keeps one record per request id. An hour is billed at the units the
 * model has when the hour is accrued, so run this at least hourly.
 */
public final class HourlyAccrual {
  /** The ledger operation of an accrued hour. */
  public static final String OPERATION = "provisioned-hour";

  /** The wire format of accrued hours: no caller made a request. */
  public static final String WIRE_FORMAT = "strata";

  private static final System.Logger LOG = System.getLogger(HourlyAccrual.class.getName());
  private static final Duration HOUR = Duration.ofHours(1);

  private final ProvisionedStore store;
  private final ModelCatalog catalog;
  private final PriceBook prices;
  private final Ledger ledger;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();

  /**
   * @param catalog names the provider that serves each base model, for the ledger
   */
  public HourlyAccrual(
      ProvisionedStore store, ModelCatalog catalog, PriceBook prices, Ledger ledger, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.catalog = requireNonNull(catalog, "catalog");
    this.prices = requireNonNull(prices, "prices");
    this.ledger = requireNonNull(ledger, "ledger");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Accrues every whole hour that has ended by now; returns how many records were appended. */
  public int accrueNow() {
    return accrueUntil(clock.instant());
  }

  /**
   * Appends a record for every whole hour of every provisioned model that ended by {@code until}
   * and is not billed yet, then records the hours as billed; returns how many records were
   * appended.
   */
  public int accrueUntil(Instant until) {
    requireNonNull(until, "until");
    running.lock();
    try {
      int appended = 0;
      for (ProvisionedLifetime life : store.lifetimes()) {
        long due = life.wholeHoursUntil(until);
        if (due <= life.accruedHours()) {
          continue;
        }
        for (long hour = life.accruedHours(); hour < due; hour++) {
          ledger.append(record(life.model(), hour));
          appended++;
        }
        ledger.flush();
        store.accrued(life.model().id(), due);
      }
      return appended;
    } finally {
      running.unlock();
    }
  }

  /** The ledger id of the hour starting at {@code hourStart}: the same on every run. */
  public static String requestId(ProvisionedModel model, Instant hourStart) {
    return "pt-" + model.id() + "-" + Math.floorDiv(hourStart.getEpochSecond(), 3600L);
  }

  private UsageRecord record(ProvisionedModel model, long hour) {
    Instant start = model.createdAt().plus(HOUR.multipliedBy(hour));
    Instant end = start.plus(HOUR);
    LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
    Optional<ProvisionedPrice> price = prices.provisionedPriceOn(model.basePriceId(), day);
    Optional<Money> hourly = price.flatMap(model.commitment()::hourlyPerUnit);
    Money cost;
    String reference;
    if (hourly.isPresent()) {
      cost = hourly.get().times(model.modelUnits());
      reference =
          price.get().reference()
              + " "
              + model.commitment().priceKey()
              + " "
              + hourly.get()
              + "/unit-hour x "
              + model.modelUnits()
              + " units";
    } else {
      LOG.log(
          Level.WARNING,
          "no "
              + model.commitment().priceKey()
              + " provisioned price for '"
              + model.basePriceId()
              + "' on "
              + day
              + "; hour of "
              + model.arn()
              + " billed at $0");
      cost = Money.ZERO;
      reference =
          "unpriced:" + model.basePriceId() + " provisioned " + model.commitment().priceKey();
    }
    return new UsageRecord(
        requestId(model, start),
        start,
        end,
        model.owner(),
        WIRE_FORMAT,
        OPERATION,
        model.name(),
        model.arn(),
        catalog.model(model.baseModel()).map(ModelEntry::provider).orElse(""),
        Usage.ZERO,
        UsageSource.PROVIDER,
        cost,
        reference,
        Tier.PROVISIONED,
        false,
        "ok",
        200,
        0,
        OptionalLong.empty());
  }

  @Override
  public String toString() {
    return "HourlyAccrual[" + store + " -> " + ledger + "]";
  }
}
