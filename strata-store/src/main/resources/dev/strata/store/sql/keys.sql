-- Virtual keys (SqlKeyStore). Only the hash of a secret is ever stored.

-- name: insert
INSERT INTO api_keys
  (id, name, secret_hash, display_prefix, tenant, team, app, tags_json, created_at, revoked_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)

-- name: by_secret_hash
SELECT id, name, secret_hash, display_prefix, tenant, team, app, tags_json, created_at, revoked_at
FROM api_keys WHERE secret_hash = ?

-- name: by_id
SELECT id, name, secret_hash, display_prefix, tenant, team, app, tags_json, created_at, revoked_at
FROM api_keys WHERE id = ?

-- name: list
SELECT id, name, secret_hash, display_prefix, tenant, team, app, tags_json, created_at, revoked_at
FROM api_keys ORDER BY created_at, id

-- name: revoke
UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL

-- name: exists
SELECT 1 FROM api_keys WHERE id = ?
