-- Hourly and daily (UTC) rollups of the usage ledger, kept up to date by the ledger writer in
-- the same transaction as the records, so that cost reports over long periods read thousands of
-- rows instead of millions. One row per UTC hour (or day) and combination of attribution and
-- model columns; bucket_start is the bucket's first epoch millisecond.
-- cache_status is derived from the tokens: 'read' when cache_read_tokens > 0, else 'write' when
-- any cache write > 0, else 'none'. Portable SQL: runs unchanged on SQLite and PostgreSQL.

CREATE TABLE usage_rollups_hourly (
  bucket_start          BIGINT  NOT NULL,
  key_id                TEXT    NOT NULL,
  tenant                TEXT    NOT NULL,
  team                  TEXT    NOT NULL,
  app                   TEXT    NOT NULL,
  requested_model       TEXT    NOT NULL,
  served_model          TEXT    NOT NULL,
  provider              TEXT    NOT NULL,
  tier                  TEXT    NOT NULL,
  wire_format           TEXT    NOT NULL,
  operation             TEXT    NOT NULL,
  status                TEXT    NOT NULL,
  cache_status          TEXT    NOT NULL,
  requests              BIGINT  NOT NULL,
  input_tokens          BIGINT  NOT NULL,
  output_tokens         BIGINT  NOT NULL,
  cache_read_tokens     BIGINT  NOT NULL,
  cache_write_5m_tokens BIGINT  NOT NULL,
  cache_write_1h_tokens BIGINT  NOT NULL,
  cost_pico             BIGINT  NOT NULL,
  estimated_requests    BIGINT  NOT NULL,
  CONSTRAINT usage_rollups_hourly_key UNIQUE (
    bucket_start, key_id, tenant, team, app, requested_model, served_model, provider,
    tier, wire_format, operation, status, cache_status)
);

CREATE INDEX usage_rollups_hourly_model ON usage_rollups_hourly (requested_model, bucket_start);

CREATE TABLE usage_rollups_daily (
  bucket_start          BIGINT  NOT NULL,
  key_id                TEXT    NOT NULL,
  tenant                TEXT    NOT NULL,
  team                  TEXT    NOT NULL,
  app                   TEXT    NOT NULL,
  requested_model       TEXT    NOT NULL,
  served_model          TEXT    NOT NULL,
  provider              TEXT    NOT NULL,
  tier                  TEXT    NOT NULL,
  wire_format           TEXT    NOT NULL,
  operation             TEXT    NOT NULL,
  status                TEXT    NOT NULL,
  cache_status          TEXT    NOT NULL,
  requests              BIGINT  NOT NULL,
  input_tokens          BIGINT  NOT NULL,
  output_tokens         BIGINT  NOT NULL,
  cache_read_tokens     BIGINT  NOT NULL,
  cache_write_5m_tokens BIGINT  NOT NULL,
  cache_write_1h_tokens BIGINT  NOT NULL,
  cost_pico             BIGINT  NOT NULL,
  estimated_requests    BIGINT  NOT NULL,
  CONSTRAINT usage_rollups_daily_key UNIQUE (
    bucket_start, key_id, tenant, team, app, requested_model, served_model, provider,
    tier, wire_format, operation, status, cache_status)
);

CREATE INDEX usage_rollups_daily_model ON usage_rollups_daily (requested_model, bucket_start);

INSERT INTO usage_rollups_hourly (
  bucket_start, key_id, tenant, team, app, requested_model, served_model, provider,
  tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens,
  cache_write_5m_tokens, cache_write_1h_tokens, cost_pico, estimated_requests)
SELECT
  (started_at / 3600000) * 3600000, key_id, tenant, team, app, requested_model, served_model,
  provider, tier, wire_format, operation, status,
  CASE WHEN cache_read_tokens > 0 THEN 'read'
       WHEN cache_write_5m_tokens + cache_write_1h_tokens > 0 THEN 'write'
       ELSE 'none' END,
  COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
  SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(cost_pico),
  SUM(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END)
FROM usage_records
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;

INSERT INTO usage_rollups_daily (
  bucket_start, key_id, tenant, team, app, requested_model, served_model, provider,
  tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens,
  cache_write_5m_tokens, cache_write_1h_tokens, cost_pico, estimated_requests)
SELECT
  (started_at / 86400000) * 86400000, key_id, tenant, team, app, requested_model, served_model,
  provider, tier, wire_format, operation, status,
  CASE WHEN cache_read_tokens > 0 THEN 'read'
       WHEN cache_write_5m_tokens + cache_write_1h_tokens > 0 THEN 'write'
       ELSE 'none' END,
  COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
  SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(cost_pico),
  SUM(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END)
FROM usage_records
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
