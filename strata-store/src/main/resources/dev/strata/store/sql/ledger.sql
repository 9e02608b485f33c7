-- The usage ledger (SqlLedger, SqlLedgerReader).

-- name: insert
INSERT INTO usage_records (
  request_id, started_at, finished_at,
  key_id, tenant, team, app, tags_json,
  wire_format, operation, requested_model, served_model, provider,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
  usage_source, cost_pico, price_reference, tier,
  streamed, status, http_status, latency_ms, ttft_ms, response_cache, saved_pico)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (request_id) DO NOTHING

-- name: latest
SELECT request_id, started_at, finished_at,
  key_id, tenant, team, app, tags_json,
  wire_format, operation, requested_model, served_model, provider,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
  usage_source, cost_pico, price_reference, tier,
  streamed, status, http_status, latency_ms, ttft_ms, response_cache, saved_pico
FROM usage_records
ORDER BY started_at DESC, request_id DESC
LIMIT ?

-- The cost report. {select} becomes "<group expression> AS g0, ..." (or nothing),
-- {group_by} "GROUP BY <group expressions>" (or nothing) and {order_by} ", g0, ...".
-- name: costs
SELECT {select}
  COUNT(*) AS requests,
  SUM(input_tokens) AS input_tokens,
  SUM(output_tokens) AS output_tokens,
  SUM(cache_read_tokens) AS cache_read_tokens,
  SUM(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write_tokens,
  SUM(cost_pico) AS total_cost_pico,
  SUM(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END) AS estimated_requests,
  SUM(saved_pico) AS saved_pico
FROM usage_records
WHERE started_at >= ? AND started_at < ?
{group_by}
ORDER BY total_cost_pico DESC{order_by}

-- Group expressions of the cost report, one per CostGrouping.
-- name: group_model
CASE WHEN served_model <> '' THEN served_model ELSE requested_model END

-- name: group_key
key_id

-- name: group_provider
provider

-- name: group_team
team

-- The UTC day as whole days since 1970-01-01; formatted as yyyy-MM-dd in Java.
-- name: group_day
started_at / 86400000

-- Adds a batch's sums to a rollup row (LedgerWriter, same transaction as the insert).
-- {table} is one of RollupTable's tables, {dimensions} its grouping columns after bucket_start.
-- name: rollup_upsert
INSERT INTO {table} (
  bucket_start, {dimensions},
  requests, input_tokens, output_tokens, cache_read_tokens,
  cache_write_5m_tokens, cache_write_1h_tokens, cost_pico, estimated_requests, saved_pico)
VALUES (?, {dimension_values}?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (bucket_start, {dimensions})
DO UPDATE SET
  requests = {table}.requests + excluded.requests,
  input_tokens = {table}.input_tokens + excluded.input_tokens,
  output_tokens = {table}.output_tokens + excluded.output_tokens,
  cache_read_tokens = {table}.cache_read_tokens + excluded.cache_read_tokens,
  cache_write_5m_tokens = {table}.cache_write_5m_tokens + excluded.cache_write_5m_tokens,
  cache_write_1h_tokens = {table}.cache_write_1h_tokens + excluded.cache_write_1h_tokens,
  cost_pico = {table}.cost_pico + excluded.cost_pico,
  estimated_requests = {table}.estimated_requests + excluded.estimated_requests,
  saved_pico = {table}.saved_pico + excluded.saved_pico

-- The explorer over raw records. {select} is "<expr> AS g0, ..." (or nothing), {where} extra
-- "AND col IN (...)" filters, {group_by} "GROUP BY ..." (or nothing).
-- name: explore_records
SELECT {select}
  COUNT(*) AS requests,
  SUM(input_tokens) AS input_tokens,
  SUM(output_tokens) AS output_tokens,
  SUM(cache_read_tokens) AS cache_read_tokens,
  SUM(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write_tokens,
  SUM(cost_pico) AS cost_pico,
  SUM(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END) AS estimated_requests,
  SUM(saved_pico) AS saved_pico
FROM usage_records
WHERE started_at >= ? AND started_at < ?{where}
{group_by}

-- The explorer over a rollup table ({table}); placeholders as above, times are whole buckets.
-- name: explore_rollups
SELECT {select}
  SUM(requests) AS requests,
  SUM(input_tokens) AS input_tokens,
  SUM(output_tokens) AS output_tokens,
  SUM(cache_read_tokens) AS cache_read_tokens,
  SUM(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write_tokens,
  SUM(cost_pico) AS cost_pico,
  SUM(estimated_requests) AS estimated_requests,
  SUM(saved_pico) AS saved_pico
FROM {table}
WHERE bucket_start >= ? AND bucket_start < ?{where}
{group_by}

-- The cache status of a raw record, as stored in the rollups: the response-cache hit, else the
-- prompt-cache status (UsageRecord.cacheDimension).
-- name: record_cache_status
CASE WHEN response_cache IN ('hit-exact', 'hit-semantic') THEN response_cache WHEN cache_read_tokens > 0 THEN 'read' WHEN cache_write_5m_tokens + cache_write_1h_tokens > 0 THEN 'write' ELSE 'none' END

-- Exports page through the records in (started_at, request_id) order.
-- name: export_first
SELECT request_id, started_at, finished_at,
  key_id, tenant, team, app, tags_json,
  wire_format, operation, requested_model, served_model, provider,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
  usage_source, cost_pico, price_reference, tier,
  streamed, status, http_status, latency_ms, ttft_ms, response_cache, saved_pico
FROM usage_records
WHERE started_at >= ? AND started_at < ?
ORDER BY started_at, request_id
LIMIT ?

-- name: export_next
SELECT request_id, started_at, finished_at,
  key_id, tenant, team, app, tags_json,
  wire_format, operation, requested_model, served_model, provider,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
  usage_source, cost_pico, price_reference, tier,
  streamed, status, http_status, latency_ms, ttft_ms, response_cache, saved_pico
FROM usage_records
WHERE started_at < ? AND (started_at > ? OR (started_at = ? AND request_id > ?))
ORDER BY started_at, request_id
LIMIT ?

-- Retention: deletes one bounded batch of records started before a cut-off.
-- name: prune_batch
DELETE FROM usage_records WHERE request_id IN (
  SELECT request_id FROM usage_records WHERE started_at < ? ORDER BY started_at LIMIT ?)
