-- The ledger's on-demand tier as tier advice reads it (SqlTierUsage).

-- Per key, served model, UTC day (epoch day) and streamed or not, the records started in a window.
-- Raw records: only they know whether a request was streamed.
-- name: key_traffic
SELECT key_id, tenant, team, app, served_model, started_at / 86400000 AS epoch_day, streamed,
       COUNT(*) AS requests,
       SUM(input_tokens) AS input_tokens,
       SUM(output_tokens) AS output_tokens,
       SUM(cache_read_tokens) AS cache_read_tokens,
       SUM(cache_write_5m_tokens) AS cache_write_5m_tokens,
       SUM(cache_write_1h_tokens) AS cache_write_1h_tokens,
       SUM(cost_pico) AS cost_pico
FROM usage_records
WHERE tier = ? AND started_at >= ? AND started_at < ?
GROUP BY key_id, tenant, team, app, served_model, started_at / 86400000, streamed

-- Per served model and UTC hour, from the hourly model rollups (kept when raw records are pruned),
-- the whole hours [?, ?) of a window; requests no model served are left out.
-- name: model_hours
SELECT served_model, bucket_start,
       SUM(requests) AS requests,
       SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens
           + cache_write_1h_tokens) AS tokens,
       SUM(cost_pico) AS cost_pico
FROM usage_model_rollups_hourly
WHERE tier = ? AND bucket_start >= ? AND bucket_start < ? AND served_model <> ''
GROUP BY served_model, bucket_start
