package dev.strata.server;

import dev.strata.core.ledger.CostGrouping;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerReader;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.money.Money;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A ledger in memory, for tests: keeps every record and sums them like the real reports. */
final class InMemoryLedger implements Ledger, LedgerReader {
  private final List<UsageRecord> records = new ArrayList<>();

  @Override
  public synchronized void append(UsageRecord record) {
    records.add(record);
    notifyAll();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** The record of {@code requestId}, waiting for it up to {@code timeout}. */
  synchronized UsageRecord awaitRecord(String requestId, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<UsageRecord> found =
          records.stream().filter(r -> r.requestId().equals(requestId)).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no ledger record for " + requestId + " within " + timeout);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized List<UsageRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public synchronized List<CostRow> costs(CostQuery query) {
    Map<List<String>, List<UsageRecord>> groups = new LinkedHashMap<>();
    for (UsageRecord record : records) {
      if (record.startedAt().isBefore(query.from()) || !record.startedAt().isBefore(query.to())) {
        continue;
      }
      List<String> key = new ArrayList<>();
      for (CostGrouping grouping : query.groupBy()) {
        key.add(
            switch (grouping) {
              case MODEL ->
                  record.servedModel().isEmpty() ? record.requestedModel() : record.servedModel();
              case KEY -> record.principal().keyId();
              case PROVIDER -> record.provider();
              case TEAM -> record.principal().team();
              case DAY -> LocalDate.ofInstant(record.startedAt(), ZoneOffset.UTC).toString();
            });
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
    }
    List<CostRow> rows = new ArrayList<>();
    for (Map.Entry<List<String>, List<UsageRecord>> group : groups.entrySet()) {
      long input = 0, output = 0, cacheRead = 0, cacheWrite = 0, estimated = 0;
      Money cost = Money.ZERO;
      for (UsageRecord r : group.getValue()) {
        input += r.usage().inputTokens();
        output += r.usage().outputTokens();
        cacheRead += r.usage().cacheReadInputTokens();
        cacheWrite += r.usage().cacheWriteInputTokens();
        estimated += r.usageSource() == UsageSource.ESTIMATED ? 1 : 0;
        cost = cost.plus(r.cost());
      }
      rows.add(
          new CostRow(
              group.getKey(),
              group.getValue().size(),
              input,
              output,
              cacheRead,
              cacheWrite,
              cost,
              estimated));
    }
    rows.sort(Comparator.comparing(CostRow::cost).reversed());
    return rows;
  }

  @Override
  public synchronized List<UsageRecord> latest(int limit) {
    List<UsageRecord> newestFirst = new ArrayList<>(records);
    java.util.Collections.reverse(newestFirst);
    return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
  }
}
