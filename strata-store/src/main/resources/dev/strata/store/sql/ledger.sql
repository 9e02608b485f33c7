-- The usage ledger (SqlLedger, SqlLedgerReader).

-- name: insert
INSERT INTO usage_records (
  request_id, started_at, finished_at,
  key_id, tenant, team, app, tags_json,
  wire_format, operation, requested_model, served_model, provider,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
  usage_source, cost_pico, price_reference, tier,
  streamed, status, http_status, latency_ms, ttft_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (request_id) DO NOTHING

-- name: latest
SELECT request_id, started_at, finished_at,
  key_id, tenant, team, app, tags_json,
  wire_format, operation, requested_model, served_model, provider,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
  usage_source, cost_pico, price_reference, tier,
  streamed, status, http_status, latency_ms, ttft_ms
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
  SUM(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END) AS estimated_requests
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
