-- V009's covering indexes left out saved_pico, which every explorer read sums: SQLite still went
-- to the table for each row, so they were not covering. They are replaced by indexes that hold
-- every column the explorer reads. On 10 M records, 30 days grouped by key, team and model went
-- from ~130 ms to ~90 ms of SQLite time. Portable SQL: runs unchanged on SQLite and PostgreSQL.

DROP INDEX usage_rollups_daily_covering;
DROP INDEX usage_rollups_hourly_covering;

CREATE INDEX usage_rollups_daily_covering ON usage_rollups_daily (
  bucket_start, key_id, tenant, team, app, requested_model, served_model, provider,
  tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico);

CREATE INDEX usage_rollups_hourly_covering ON usage_rollups_hourly (
  bucket_start, key_id, tenant, team, app, requested_model, served_model, provider,
  tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico);
