-- Rate limits (SqlRateLimitStore).

-- name: all
SELECT id, scope, requests_per_minute, tokens_per_minute FROM rate_limits ORDER BY id

-- name: upsert
INSERT INTO rate_limits (id, scope, requests_per_minute, tokens_per_minute, updated_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  scope = excluded.scope, requests_per_minute = excluded.requests_per_minute,
  tokens_per_minute = excluded.tokens_per_minute, updated_at = excluded.updated_at

-- name: delete
DELETE FROM rate_limits WHERE id = ?
