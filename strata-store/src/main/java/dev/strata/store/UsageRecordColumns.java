package dev.strata.store;

import dev.strata.core.auth.Principal;
import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Maps a {@link UsageRecord} to the columns of {@code usage_records} and back. Times are stored to
 * the millisecond; NUL characters, which PostgreSQL cannot store in text, become U+FFFD so that no
 * record can be refused for its content.
 */
final class UsageRecordColumns {
  private UsageRecordColumns() {}

  /** Binds the parameters of {@code ledger.sql}'s {@code insert}, in its column order. */
  static void bind(PreparedStatement insert, UsageRecord record) throws SQLException {
    Principal principal = record.principal();
    Usage usage = record.usage();
    int i = 0;
    insert.setString(++i, text(record.requestId()));
    insert.setLong(++i, record.startedAt().toEpochMilli());
    insert.setLong(++i, record.finishedAt().toEpochMilli());
    insert.setString(++i, text(principal.keyId()));
    insert.setString(++i, text(principal.tenant()));
    insert.setString(++i, text(principal.team()));
    insert.setString(++i, text(principal.app()));
    insert.setString(++i, text(TagsJson.write(principal.tags())));
    insert.setString(++i, text(record.wireFormat()));
    insert.setString(++i, text(record.operation()));
    insert.setString(++i, text(record.requestedModel()));
    insert.setString(++i, text(record.servedModel()));
    insert.setString(++i, text(record.provider()));
    insert.setLong(++i, usage.inputTokens());
    insert.setLong(++i, usage.outputTokens());
    insert.setLong(++i, usage.cacheReadInputTokens());
    insert.setLong(++i, usage.cacheWrite5mInputTokens());
    insert.setLong(++i, usage.cacheWrite1hInputTokens());
    insert.setString(++i, record.usageSource().wireName());
    insert.setLong(++i, record.cost().picoUsd());
    insert.setString(++i, text(record.priceReference()));
    insert.setString(++i, record.tier().wireName());
    insert.setInt(++i, record.streamed() ? 1 : 0);
    insert.setString(++i, text(record.status()));
    insert.setInt(++i, record.httpStatus());
    insert.setLong(++i, record.latencyMillis());
    OptionalLong ttft = record.timeToFirstTokenMillis();
    if (ttft.isPresent()) {
      insert.setLong(++i, ttft.getAsLong());
    } else {
      insert.setNull(++i, Types.BIGINT);
    }
    insert.setString(++i, record.responseCache().wireName());
    insert.setLong(++i, record.savedCost().picoUsd());
  }

  /** The record in the current row of a query that selects every column by name. */
  static UsageRecord read(ResultSet row) throws SQLException {
    long ttft = row.getLong("ttft_ms");
    OptionalLong timeToFirstToken = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(ttft);
    return new UsageRecord(
        row.getString("request_id"),
        Instant.ofEpochMilli(row.getLong("started_at")),
        Instant.ofEpochMilli(row.getLong("finished_at")),
        new Principal(
            row.getString("key_id"),
            row.getString("tenant"),
            row.getString("team"),
            row.getString("app"),
            TagsJson.read(row.getString("tags_json"))),
        row.getString("wire_format"),
        row.getString("operation"),
        row.getString("requested_model"),
        row.getString("served_model"),
        row.getString("provider"),
        new Usage(
            row.getLong("input_tokens"),
            row.getLong("output_tokens"),
            row.getLong("cache_read_tokens"),
            row.getLong("cache_write_5m_tokens"),
            row.getLong("cache_write_1h_tokens")),
        UsageSource.valueOf(upper(row.getString("usage_source"))),
        Money.ofPico(row.getLong("cost_pico")),
        row.getString("price_reference"),
        Tier.valueOf(upper(row.getString("tier"))),
        row.getInt("streamed") != 0,
        row.getString("status"),
        row.getInt("http_status"),
        row.getLong("latency_ms"),
        timeToFirstToken,
        ResponseCacheStatus.fromWireName(row.getString("response_cache")),
        Money.ofPico(row.getLong("saved_pico")));
  }

  /** Text as stored: NUL, which PostgreSQL refuses, becomes U+FFFD. */
  static String text(String value) {
    return value.replace('\u0000', '\uFFFD');
  }

  private static String upper(String wireName) {
    return wireName.toUpperCase(Locale.ROOT);
  }
}
