package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

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

/**
 * A {@link Ledger} and {@link LedgerReader} in memory: appends are stored at once, reports are
 * computed from the stored records. Tests wait for records appended on other threads with {@link
 * #awaitRecords}. Thread-safe.
 *
 * <p>Report groups: {@code MODEL} is the served model (the requested one when none served), {@code
 * KEY} the key id, {@code PROVIDER} the provider, {@code TEAM} the principal's team, {@code DAY}
 * the UTC date the request started.
 */
public final class InMemoryLedger implements Ledger, LedgerReader {
  private final List<UsageRecord> records = new ArrayList<>();
  private boolean closed;

  @Override
  public synchronized void append(UsageRecord record) {
    requireNonNull(record, "record");
    if (closed) {
      throw new IllegalStateException("the ledger is closed");
    }
    records.add(record);
    notifyAll();
  }

  /** Nothing to do: appended records are stored at once. */
  @Override
  public void flush() {}

  @Override
  public synchronized void close() {
    closed = true;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Every record appended so far, in append order. */
  public synchronized List<UsageRecord> records() {
    return List.copyOf(records);
  }

  /** The one record appended so far; fails the test when there are none or several. */
  public synchronized UsageRecord onlyRecord() {
    if (records.size() != 1) {
      throw new AssertionError("expected exactly one ledger record, found " + records);
    }
    return records.get(0);
  }

  /**
   * Waits until at least {@code count} records have been appended and returns all of them; fails
   * the test when they do not arrive within {@code timeout}.
   */
  public synchronized List<UsageRecord> awaitRecords(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "expected " + count + " ledger records within " + timeout + ", found " + records);
      }
      try {
        wait(Math.max(1, left / 1_000_000), 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for ledger records", e);
      }
    }
    return List.copyOf(records);
  }

  @Override
  public synchronized List<CostRow> costs(CostQuery query) {
    Map<List<String>, Sums> groups = new LinkedHashMap<>();
    for (UsageRecord record : records) {
      if (record.startedAt().isBefore(query.from()) || !record.startedAt().isBefore(query.to())) {
        continue;
      }
      List<String> group = new ArrayList<>(query.groupBy().size());
      for (CostGrouping grouping : query.groupBy()) {
        group.add(groupValue(record, grouping));
      }
      groups.computeIfAbsent(List.copyOf(group), g -> new Sums()).add(record);
    }
    return groups.entrySet().stream()
        .map(entry -> entry.getValue().row(entry.getKey()))
        .sorted(
            Comparator.comparing(CostRow::cost)
                .reversed()
                .thenComparing(row -> String.join("\u0000", row.group())))
        .toList();
  }

  @Override
  public synchronized List<UsageRecord> latest(int limit) {
    List<UsageRecord> newestFirst = new ArrayList<>(records.reversed());
    return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
  }

  private static String groupValue(UsageRecord record, CostGrouping grouping) {
    return switch (grouping) {
      case MODEL -> record.servedModel().isEmpty() ? record.requestedModel() : record.servedModel();
      case KEY -> record.principal().keyId();
      case PROVIDER -> record.provider();
      case TEAM -> record.principal().team();
      case DAY -> LocalDate.ofInstant(record.startedAt(), ZoneOffset.UTC).toString();
    };
  }

  @Override
  public synchronized String toString() {
    return "InMemoryLedger[" + records.size() + " records" + (closed ? ", closed]" : "]");
  }

  private static final class Sums {
    private long requests;
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private Money cost = Money.ZERO;
    private long estimatedRequests;

    void add(UsageRecord record) {
      requests++;
      inputTokens += record.usage().inputTokens();
      outputTokens += record.usage().outputTokens();
      cacheReadTokens += record.usage().cacheReadInputTokens();
      cacheWriteTokens += record.usage().cacheWriteInputTokens();
      cost = cost.plus(record.cost());
      if (record.usageSource() == UsageSource.ESTIMATED) {
        estimatedRequests++;
      }
    }

    CostRow row(List<String> group) {
      return new CostRow(
          group,
          requests,
          inputTokens,
          outputTokens,
          cacheReadTokens,
          cacheWriteTokens,
          cost,
          estimatedRequests);
    }
  }
}
