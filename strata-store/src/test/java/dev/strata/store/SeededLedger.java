package dev.strata.store;

import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.CacheStatus;
import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A few thousand varied records over several days, and the explorer's expected answers computed
 * straight from them in Java: the reference the database's rollup and raw paths must match.
 */
final class SeededLedger {
  static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  static final int DAYS = 4;
  private static final String[] MODELS = {"gpt-4o-mini", "claude-haiku", "auto", "llama-small"};
  private static final String[] PROVIDERS = {"openai", "anthropic", "local"};

  private SeededLedger() {}

  static List<UsageRecord> records(int count, long seed) {
    Random random = new Random(seed);
    List<UsageRecord> records = new ArrayList<>(count);
    long span = DAYS * 86_400_000L;
    for (int i = 0; i < count; i++) {
      Instant at = START.plusMillis((long) (random.nextDouble() * span));
      int key = random.nextInt(7);
      Map<String, String> tags =
          switch (key % 3) {
            case 0 -> Map.of("env", "prod", "owner", "a,b \"quoted\"");
            case 1 -> Map.of("env", "dev");
            default -> Map.of();
          };
      Principal principal =
          new Principal("key_" + key, key < 4 ? "acme" : "globex", "team" + (key % 3), "app" + (key % 2), tags);
      String requested = MODELS[random.nextInt(MODELS.length)];
      String served =
          random.nextInt(10) == 0
              ? ""
              : requested.equals("auto") ? MODELS[random.nextInt(2)] : requested;
      long cacheRead = random.nextInt(4) == 0 ? random.nextInt(5000) : 0;
      long cacheWrite5m = random.nextInt(5) == 0 ? random.nextInt(3000) : 0;
      long cacheWrite1h = random.nextInt(9) == 0 ? random.nextInt(3000) : 0;
      Usage usage =
          new Usage(random.nextInt(20_000), random.nextInt(2_000), cacheRead, cacheWrite5m, cacheWrite1h);
      Tier tier = Tier.values()[random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2)];
      records.add(
          new UsageRecord(
              "req-" + seed + "-" + i,
              at,
              at.plusMillis(random.nextInt(5000)),
              principal,
              new String[] {"openai", "anthropic", "bedrock"}[random.nextInt(3)],
              random.nextInt(8) == 0 ? "embeddings" : "chat",
              requested,
              served,
              served.isEmpty() ? "" : PROVIDERS[Math.abs(served.hashCode()) % PROVIDERS.length],
              usage,
              random.nextInt(6) == 0 ? UsageSource.ESTIMATED : UsageSource.PROVIDER,
              Money.ofPico(random.nextLong(0, 50_000_000_000L)),
              requested + "@2025-01-01 (test)",
              tier,
              random.nextBoolean(),
              served.isEmpty() ? "upstream_error" : "ok",
              served.isEmpty() ? 502 : 200,
              random.nextInt(5000),
              OptionalLong.empty()));
    }
    return records;
  }

  /** The explorer's answer computed in Java from {@code records}. */
  static List<CostRow> expected(List<UsageRecord> records, CostExplorerQuery query) {
    Map<List<String>, long[]> groups = new LinkedHashMap<>();
    for (UsageRecord record : records) {
      if (record.startedAt().isBefore(query.from()) || !record.startedAt().isBefore(query.to())) {
        continue;
      }
      boolean passes = true;
      for (CostFilter filter : query.filters()) {
        passes &= filter.values().contains(value(record, filter.dimension(), query));
      }
      if (!passes) {
        continue;
      }
      List<String> group = new ArrayList<>();
      for (CostDimension dimension : query.groupBy()) {
        group.add(value(record, dimension, query));
      }
      long[] s = groups.computeIfAbsent(group, g -> new long[7]);
      Usage usage = record.usage();
      s[0]++;
      s[1] += usage.inputTokens();
      s[2] += usage.outputTokens();
      s[3] += usage.cacheReadInputTokens();
      s[4] += usage.cacheWriteInputTokens();
      s[5] += record.cost().picoUsd();
      s[6] += record.usageSource() == UsageSource.ESTIMATED ? 1 : 0;
    }
    List<CostRow> rows = new ArrayList<>();
    groups.forEach(
        (g, s) -> rows.add(new CostRow(g, s[0], s[1], s[2], s[3], s[4], Money.ofPico(s[5]), s[6])));
    rows.sort(
        Comparator.comparing(CostRow::cost)
            .reversed()
            .thenComparing(row -> String.join("\u0000", row.group())));
    return rows;
  }

  static Money total(List<UsageRecord> records, Instant from, Instant to) {
    return records.stream()
        .filter(r -> !r.startedAt().isBefore(from) && r.startedAt().isBefore(to))
        .map(UsageRecord::cost)
        .reduce(Money.ZERO, Money::plus);
  }

  private static String value(UsageRecord record, CostDimension dimension, CostExplorerQuery query) {
    ZonedDateTime local = record.startedAt().atZone(query.zone());
    return switch (dimension) {
      case CostDimension.Tag tag -> record.principal().tags().getOrDefault(tag.name(), "");
      case CostDimension.Field field ->
          switch (field) {
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toOffsetDateTime().toString();
            case DAY -> local.toLocalDate().toString();
            case MONTH -> YearMonth.from(local).toString();
            case MODEL -> record.requestedModel();
            case SERVED_MODEL -> record.servedModel();
            case PROVIDER -> record.provider();
            case KEY -> record.principal().keyId();
            case TENANT -> record.principal().tenant();
            case TEAM -> record.principal().team();
            case APP -> record.principal().app();
            case TIER -> record.tier().wireName();
            case CACHE -> CacheStatus.of(record.usage()).wireName();
            case WIRE_FORMAT -> record.wireFormat();
            case OPERATION -> record.operation();
            case STATUS -> record.status();
          };
    };
  }
}
