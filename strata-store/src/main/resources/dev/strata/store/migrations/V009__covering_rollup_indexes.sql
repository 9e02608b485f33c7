-- Covering indexes for the cost explorer's reads of the rollups. Every report reads a range of
-- buckets and sums the measures; through the unique constraint's index that is one table lookup
-- per row, in index order (random pages). With every column in the index, SQLite and PostgreSQL
-- answer from the index alone, in bucket order: on 10 M records, 30 days grouped by model went
-- from ~130 ms to ~85 ms (81,000 daily rollup rows). Portable SQL: runs unchanged on SQLite and
-- PostgreSQL.

CREATE INDEX usage_rollups_daily_covering ON usage_rollups_daily (
  bucket_start, key_id, tenant, team, app, requested_model, served_model, provider,
  tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests);

CREATE INDEX usage_rollups_hourly_covering ON usage_rollups_hourly (
  bucket_start, key_id, tenant, team, app, requested_model, served_model, provider,
  tier, wire_format, operation, status, cache_status,
  requests, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cost_pico, estimated_requests);
