package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
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
 * The ledger as tier advice reads it: on-demand records only, summed per key and served model for
 * batch advice, and per served model and whole hour for provisioned advice. Lists come in no
 * particular order.
 */
public interface TierUsage {
  /**
   * The on-demand records started in [{@code from}, {@code to}), summed per key (with its tenant,
   * team and app), served model, UTC day and whether they were streamed.
   */
  List<KeyTraffic> keyTraffic(Instant from, Instant to);

  /**
   * The on-demand records some model served, summed per served model and UTC hour, for the {@link
   * WholeHours#within whole hours} inside [{@code from}, {@code to}); hours without such records
   * are left out.
   */
  List<ModelHour> modelHours(Instant from, Instant to);

  /** The same sums computed from records in memory, e.g. an in-memory ledger's. */
  static TierUsage of(Supplier<? extends Collection<UsageRecord>> records) {
    requireNonNull(records, "records");
    return new TierUsage() {
      @Override
      public List<KeyTraffic> keyTraffic(Instant from, Instant to) {
        Map<List<Object>, long[]> sums = new LinkedHashMap<>();
        for (UsageRecord record : records.get()) {
          if (record.tier() != Tier.ON_DEMAND
              || record.startedAt().isBefore(from)
              || !record.startedAt().isBefore(to)) {
            continue;
          }
          List<Object> key =
              List.of(
                  record.principal().keyId(),
                  record.principal().tenant(),
                  record.principal().team(),
                  record.principal().app(),
                  record.servedModel(),
                  LocalDate.ofInstant(record.startedAt(), ZoneOffset.UTC),
                  record.streamed());
          long[] sum = sums.computeIfAbsent(key, k -> new long[7]);
          Usage usage = record.usage();
          sum[0]++;
          sum[1] += usage.inputTokens();
          sum[2] += usage.outputTokens();
          sum[3] += usage.cacheReadInputTokens();
          sum[4] += usage.cacheWrite5mInputTokens();
          sum[5] += usage.cacheWrite1hInputTokens();
          sum[6] = Math.addExact(sum[6], record.cost().picoUsd());
        }
        List<KeyTraffic> rows = new ArrayList<>(sums.size());
        sums.forEach(
            (key, sum) ->
                rows.add(
                    new KeyTraffic(
                        (String) key.get(0),
                        (String) key.get(1),
                        (String) key.get(2),
                        (String) key.get(3),
                        (String) key.get(4),
                        (LocalDate) key.get(5),
                        (Boolean) key.get(6),
                        sum[0],
                        new Usage(sum[1], sum[2], sum[3], sum[4], sum[5]),
                        Money.ofPico(sum[6]))));
        return rows;
      }

      @Override
      public List<ModelHour> modelHours(Instant from, Instant to) {
        WholeHours hours = WholeHours.within(from, to);
        Map<List<Object>, long[]> sums = new LinkedHashMap<>();
        for (UsageRecord record : records.get()) {
          Instant hour = WholeHours.hourOf(record.startedAt());
          if (record.tier() != Tier.ON_DEMAND
              || record.servedModel().isEmpty()
              || !hours.contains(hour)) {
            continue;
          }
          long[] sum = sums.computeIfAbsent(List.of(record.servedModel(), hour), k -> new long[3]);
          sum[0]++;
          sum[1] += record.usage().totalTokens();
          sum[2] = Math.addExact(sum[2], record.cost().picoUsd());
        }
        List<ModelHour> rows = new ArrayList<>(sums.size());
        sums.forEach(
            (key, sum) ->
                rows.add(
                    new ModelHour(
                        (String) key.get(0),
                        (Instant) key.get(1),
                        sum[0],
                        sum[1],
                        Money.ofPico(sum[2]))));
        return rows;
      }

      @Override
      public String toString() {
        return "TierUsage[in memory]";
      }
    };
  }
}
