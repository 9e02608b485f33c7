package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ledger as break-even reports read it: per provisioned model (the ARN a record names as its
 * served model) and UTC day, the provisioned-tier records started in a period — accrued hours apart
 * from requests served.
 */
@FunctionalInterface
public interface ProvisionedUsage {
  /** Sums of the provisioned-tier records started in [{@code from}, {@code to}). */
  List<LaneUsage> usage(Instant from, Instant to);

  /** The same sums computed from records in memory, e.g. an in-memory ledger's. */
  static ProvisionedUsage of(Supplier<? extends Collection<UsageRecord>> records) {
    requireNonNull(records, "records");
    return (from, to) -> {
      Map<List<Object>, long[]> sums = new LinkedHashMap<>();
      for (UsageRecord record : records.get()) {
        if (record.tier() != Tier.PROVISIONED
            || record.startedAt().isBefore(from)
            || !record.startedAt().isBefore(to)) {
          continue;
        }
        LocalDate day = LocalDate.ofInstant(record.startedAt(), ZoneOffset.UTC);
        long[] sum = sums.computeIfAbsent(List.of(record.servedModel(), day), key -> new long[8]);
        if (record.operation().equals(HourlyAccrual.OPERATION)) {
          sum[0]++;
          sum[1] = Math.addExact(sum[1], record.cost().picoUsd());
        } else {
          sum[2]++;
          sum[3] += record.usage().inputTokens();
          sum[4] += record.usage().outputTokens();
          sum[5] += record.usage().cacheReadInputTokens();
          sum[6] += record.usage().cacheWrite5mInputTokens();
          sum[7] += record.usage().cacheWrite1hInputTokens();
        }
      }
      List<LaneUsage> rows = new ArrayList<>(sums.size());
      sums.forEach(
          (key, sum) ->
              rows.add(
                  new LaneUsage(
                      (String) key.get(0),
                      (LocalDate) key.get(1),
                      sum[0],
                      Money.ofPico(sum[1]),
                      sum[2],
                      sum[3],
                      sum[4],
                      sum[5],
                      sum[6],
                      sum[7])));
      return rows;
    };
  }
}
