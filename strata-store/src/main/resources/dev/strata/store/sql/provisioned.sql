-- Provisioned models (SqlProvisionedStore) and the ledger's provisioned tier (SqlProvisionedUsage).

-- name: insert
-- Nothing is inserted when a live model has the name or the tenant already used the token.
INSERT INTO provisioned_models (
  id, name, arn, base_model, base_price_id, model_units, commitment, status, failure_message,
  created_at, last_modified_at, commitment_expires_at, key_id, tenant, team, app, owner_tags_json,
  tags_json, client_token)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING

-- name: by_client_token
SELECT id, name, arn, base_model, base_price_id, model_units, commitment, status, failure_message,
       created_at, last_modified_at, commitment_expires_at, key_id, tenant, team, app,
       owner_tags_json, tags_json, deleted_at, accrued_hours
FROM provisioned_models WHERE tenant = ? AND client_token = ?

-- name: live
SELECT id, name, arn, base_model, base_price_id, model_units, commitment, status, failure_message,
       created_at, last_modified_at, commitment_expires_at, key_id, tenant, team, app,
       owner_tags_json, tags_json, deleted_at, accrued_hours
FROM provisioned_models WHERE deleted_at IS NULL ORDER BY created_at, id

-- name: lifetimes
SELECT id, name, arn, base_model, base_price_id, model_units, commitment, status, failure_message,
       created_at, last_modified_at, commitment_expires_at, key_id, tenant, team, app,
       owner_tags_json, tags_json, deleted_at, accrued_hours
FROM provisioned_models ORDER BY created_at, id

-- name: update
UPDATE provisioned_models SET
  name = ?, base_model = ?, base_price_id = ?, model_units = ?, commitment = ?, status = ?,
  failure_message = ?, last_modified_at = ?, commitment_expires_at = ?, tags_json = ?
WHERE id = ? AND deleted_at IS NULL

-- name: delete
UPDATE provisioned_models SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL

-- name: accrued
UPDATE provisioned_models SET accrued_hours = ? WHERE id = ?

-- name: usage
-- Per served model (a provisioned model's ARN) and UTC day (epoch day): accrued hours apart from
-- the requests served.
SELECT served_model, started_at / 86400000 AS epoch_day,
       SUM(CASE WHEN operation = 'provisioned-hour' THEN 1 ELSE 0 END) AS hours,
       SUM(CASE WHEN operation = 'provisioned-hour' THEN cost_pico ELSE 0 END) AS accrued_pico,
       SUM(CASE WHEN operation = 'provisioned-hour' THEN 0 ELSE 1 END) AS requests,
       SUM(CASE WHEN operation = 'provisioned-hour' THEN 0 ELSE input_tokens END) AS input_tokens,
       SUM(CASE WHEN operation = 'provisioned-hour' THEN 0 ELSE output_tokens END) AS output_tokens,
       SUM(CASE WHEN operation = 'provisioned-hour' THEN 0 ELSE cache_read_tokens END)
         AS cache_read_tokens,
       SUM(CASE WHEN operation = 'provisioned-hour' THEN 0 ELSE cache_write_5m_tokens END)
         AS cache_write_5m_tokens,
       SUM(CASE WHEN operation = 'provisioned-hour' THEN 0 ELSE cache_write_1h_tokens END)
         AS cache_write_1h_tokens
FROM usage_records
WHERE tier = 'provisioned' AND started_at >= ? AND started_at < ?
GROUP BY served_model, started_at / 86400000
ORDER BY served_model, epoch_day
