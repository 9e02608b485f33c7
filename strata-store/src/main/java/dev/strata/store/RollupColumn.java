package dev.strata.store;

import dev.strata.core.ledger.CostDimension.Field;
import dev.strata.core.ledger.UsageRecord;
import java.util.function.Function;

/**
 * A column a rollup groups by: its name, the explorer dimension it answers, and its value for a
 * record, as the ledger writer stores it.
 */
enum RollupColumn {
  KEY_ID("key_id", Field.KEY, record -> record.principal().keyId()),
  TENANT("tenant", Field.TENANT, record -> record.principal().tenant()),
  TEAM("team", Field.TEAM, record -> record.principal().team()),
  APP("app", Field.APP, record -> record.principal().app()),
  REQUESTED_MODEL("requested_model", Field.MODEL, UsageRecord::requestedModel),
  SERVED_MODEL("served_model", Field.SERVED_MODEL, UsageRecord::servedModel),
  PROVIDER("provider", Field.PROVIDER, UsageRecord::provider),
  TIER("tier", Field.TIER, record -> record.tier().wireName()),
  WIRE_FORMAT("wire_format", Field.WIRE_FORMAT, UsageRecord::wireFormat),
  OPERATION("operation", Field.OPERATION, UsageRecord::operation),
  STATUS("status", Field.STATUS, UsageRecord::status),
  CACHE_STATUS("cache_status", Field.CACHE, UsageRecord::cacheDimension);

  private final String column;
  private final Field dimension;
  private final Function<UsageRecord, String> value;

  RollupColumn(String column, Field dimension, Function<UsageRecord, String> value) {
    this.column = column;
    this.dimension = dimension;
    this.value = value;
  }

  String column() {
    return column;
  }

  Field dimension() {
    return dimension;
  }

  /** The record's value in this column, as stored (see {@link UsageRecordColumns#text}). */
  String valueOf(UsageRecord record) {
    return UsageRecordColumns.text(value.apply(record));
  }
}
