-- Narrow rollups, kept by the ledger writer in the records' transaction like the full ones, hourly
-- and daily: the model rollups leave out who spent (key, tenant, team, app); the key rollups keep
-- who spent and on which requested model, and leave out the served model, provider, tier, wire
-- format, operation, status and cache status. Each holds several times fewer rows than the full
-- rollups (10 M synthetic records over 200 keys and 12 models: ~350 and ~390 rows a day instead
-- of ~2,700), and every report reads the narrowest rollup that holds the dimensions it groups and
-- filters by. Filled from the full rollups, which hold the same sums. Portable SQL: runs
-- unchanged on SQLite and PostgreSQL.

CREATE TABLE usage_model_rollups_hourly (
  bucket_start          BIGINT  NOT NULL,
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
  saved_pico            BIGINT  NOT NULL,
  CONSTRAINT usage_model_rollups_hourly_key UNIQUE (
    bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status,
    cache_status)
);

CREATE INDEX usage_model_rollups_hourly_covering ON usage_model_rollups_hourly (
  bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico);

INSERT INTO usage_model_rollups_hourly (
  bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico)
SELECT
  bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status, cache_status,
  SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
  SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(cost_pico),
  SUM(estimated_requests), SUM(saved_pico)
FROM usage_rollups_hourly
GROUP BY bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status, cache_status;

CREATE TABLE usage_model_rollups_daily (
  bucket_start          BIGINT  NOT NULL,
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
  saved_pico            BIGINT  NOT NULL,
  CONSTRAINT usage_model_rollups_daily_key UNIQUE (
    bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status,
    cache_status)
);

CREATE INDEX usage_model_rollups_daily_covering ON usage_model_rollups_daily (
  bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico);

INSERT INTO usage_model_rollups_daily (
  bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico)
SELECT
  bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status, cache_status,
  SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
  SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(cost_pico),
  SUM(estimated_requests), SUM(saved_pico)
FROM usage_rollups_daily
GROUP BY bucket_start, requested_model, served_model, provider, tier, wire_format, operation, status, cache_status;

CREATE TABLE usage_key_rollups_hourly (
  bucket_start          BIGINT  NOT NULL,
  key_id                TEXT    NOT NULL,
  tenant                TEXT    NOT NULL,
  team                  TEXT    NOT NULL,
  app                   TEXT    NOT NULL,
  requested_model       TEXT    NOT NULL,
  requests              BIGINT  NOT NULL,
  input_tokens          BIGINT  NOT NULL,
  output_tokens         BIGINT  NOT NULL,
  cache_read_tokens     BIGINT  NOT NULL,
  cache_write_5m_tokens BIGINT  NOT NULL,
  cache_write_1h_tokens BIGINT  NOT NULL,
  cost_pico             BIGINT  NOT NULL,
  estimated_requests    BIGINT  NOT NULL,
  saved_pico            BIGINT  NOT NULL,
  CONSTRAINT usage_key_rollups_hourly_key UNIQUE (bucket_start, key_id, tenant, team, app, requested_model)
);

CREATE INDEX usage_key_rollups_hourly_covering ON usage_key_rollups_hourly (
  bucket_start, key_id, tenant, team, app, requested_model,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico);

INSERT INTO usage_key_rollups_hourly (
  bucket_start, key_id, tenant, team, app, requested_model,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico)
SELECT
  bucket_start, key_id, tenant, team, app, requested_model,
  SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
  SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(cost_pico),
  SUM(estimated_requests), SUM(saved_pico)
FROM usage_rollups_hourly
GROUP BY bucket_start, key_id, tenant, team, app, requested_model;

CREATE TABLE usage_key_rollups_daily (
  bucket_start          BIGINT  NOT NULL,
  key_id                TEXT    NOT NULL,
  tenant                TEXT    NOT NULL,
  team                  TEXT    NOT NULL,
  app                   TEXT    NOT NULL,
  requested_model       TEXT    NOT NULL,
  requests              BIGINT  NOT NULL,
  input_tokens          BIGINT  NOT NULL,
  output_tokens         BIGINT  NOT NULL,
  cache_read_tokens     BIGINT  NOT NULL,
  cache_write_5m_tokens BIGINT  NOT NULL,
  cache_write_1h_tokens BIGINT  NOT NULL,
  cost_pico             BIGINT  NOT NULL,
  estimated_requests    BIGINT  NOT NULL,
  saved_pico            BIGINT  NOT NULL,
  CONSTRAINT usage_key_rollups_daily_key UNIQUE (bucket_start, key_id, tenant, team, app, requested_model)
);

CREATE INDEX usage_key_rollups_daily_covering ON usage_key_rollups_daily (
  bucket_start, key_id, tenant, team, app, requested_model,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico);

INSERT INTO usage_key_rollups_daily (
  bucket_start, key_id, tenant, team, app, requested_model,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico)
SELECT
  bucket_start, key_id, tenant, team, app, requested_model,
  SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
  SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(cost_pico),
  SUM(estimated_requests), SUM(saved_pico)
FROM usage_rollups_daily
GROUP BY bucket_start, key_id, tenant, team, app, requested_model;
