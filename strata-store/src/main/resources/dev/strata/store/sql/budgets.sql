-- Budgets and their alerts (SqlBudgetStore).

-- name: all
SELECT id, name, scope, period, limit_pico, enforcement, alert_percents
FROM budgets ORDER BY name, id

-- name: by_id
SELECT id, name, scope, period, limit_pico, enforcement, alert_percents
FROM budgets WHERE id = ?

-- name: upsert
INSERT INTO budgets (id, name, scope, period, limit_pico, enforcement, alert_percents, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  name = excluded.name, scope = excluded.scope, period = excluded.period,
  limit_pico = excluded.limit_pico, enforcement = excluded.enforcement,
  alert_percents = excluded.alert_percents, updated_at = excluded.updated_at

-- name: delete
DELETE FROM budgets WHERE id = ?

-- name: delete_alerts
DELETE FROM budget_alerts WHERE budget_id = ?

-- name: mark_alerted
INSERT INTO budget_alerts (budget_id, period_start, percent, sent_at) VALUES (?, ?, ?, ?)
ON CONFLICT (budget_id, period_start, percent) DO NOTHING

-- name: spent_deployment
SELECT COALESCE(SUM(cost_pico), 0) FROM usage_records WHERE started_at >= ? AND started_at < ?

-- name: spent_key
SELECT COALESCE(SUM(cost_pico), 0) FROM usage_records
WHERE started_at >= ? AND started_at < ? AND key_id = ?

-- name: spent_team
SELECT COALESCE(SUM(cost_pico), 0) FROM usage_records
WHERE started_at >= ? AND started_at < ? AND team = ?

-- name: spent_tenant
SELECT COALESCE(SUM(cost_pico), 0) FROM usage_records
WHERE started_at >= ? AND started_at < ? AND tenant = ?

-- name: spent_model
SELECT COALESCE(SUM(cost_pico), 0) FROM usage_records
WHERE started_at >= ? AND started_at < ? AND (requested_model = ? OR served_model = ?)

-- name: tagged_costs
SELECT tags_json, cost_pico FROM usage_records
WHERE started_at >= ? AND started_at < ? AND tags_json LIKE ?
