-- Virtual keys, the usage ledger and named settings.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds,
-- money is whole pico-dollars, booleans are 0/1 integers.

CREATE TABLE api_keys (
  id             TEXT    NOT NULL PRIMARY KEY,
  name           TEXT    NOT NULL,
  secret_hash    TEXT    NOT NULL UNIQUE,
  display_prefix TEXT    NOT NULL,
  tenant         TEXT    NOT NULL,
  team           TEXT    NOT NULL,
  app            TEXT    NOT NULL,
  tags_json      TEXT    NOT NULL,
  created_at     BIGINT  NOT NULL,
  revoked_at     BIGINT
);

CREATE TABLE usage_records (
  request_id            TEXT     NOT NULL PRIMARY KEY,
  started_at            BIGINT   NOT NULL,
  finished_at           BIGINT   NOT NULL,
  key_id                TEXT     NOT NULL,
  tenant                TEXT     NOT NULL,
  team                  TEXT     NOT NULL,
  app                   TEXT     NOT NULL,
  tags_json             TEXT     NOT NULL,
  wire_format           TEXT     NOT NULL,
  operation             TEXT     NOT NULL,
  requested_model       TEXT     NOT NULL,
  served_model          TEXT     NOT NULL,
  provider              TEXT     NOT NULL,
  input_tokens          BIGINT   NOT NULL,
  output_tokens         BIGINT   NOT NULL,
  cache_read_tokens     BIGINT   NOT NULL,
  cache_write_5m_tokens BIGINT   NOT NULL,
  cache_write_1h_tokens BIGINT   NOT NULL,
  usage_source          TEXT     NOT NULL,
  cost_pico             BIGINT   NOT NULL,
  price_reference       TEXT     NOT NULL,
  tier                  TEXT     NOT NULL,
  streamed              INTEGER  NOT NULL CHECK (streamed IN (0, 1)),
  status                TEXT     NOT NULL,
  http_status           INTEGER  NOT NULL,
  latency_ms            BIGINT   NOT NULL,
  ttft_ms               BIGINT
);

CREATE INDEX usage_records_started_at ON usage_records (started_at);
CREATE INDEX usage_records_key_started_at ON usage_records (key_id, started_at);
CREATE INDEX usage_records_served_model_started_at ON usage_records (served_model, started_at);

CREATE TABLE settings (
  name  TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);
