-- The durable batch queue (SqlBatchQueue). Times are epoch milliseconds. Statements that some
-- partial index serves repeat that index's WHERE term word for word (SQLite needs that to use it).

-- The columns of a job, in BatchJobColumns' order; substituted for {job_columns}.
-- name: job_columns
id, api, name, key_id, tenant, team, app, tags_json, model, endpoint,
input_bucket, input_key, output_bucket, output_prefix, status, execution,
created_at, expires_at, started_at, finished_at, total_count, completed_count, failed_count,
metadata_json, details_json, errors_json, output_file_id, error_file_id,
native_provider, native_model, native_batch_id, client_token

-- A new job needs attention at once (attention_at, the last parameter). Nothing is stored when
-- its id or its (key, client token) is already taken.
-- name: insert_job
INSERT INTO batch_jobs ({job_columns}, attention_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
  ?, ?, ?)
ON CONFLICT DO NOTHING

-- name: job_by_id
SELECT {job_columns} FROM batch_jobs WHERE id = ?

-- name: job_by_client_token
SELECT {job_columns} FROM batch_jobs WHERE key_id = ? AND client_token = ?

-- {filters} is any of the list_* fragments below, in order.
-- name: list_jobs
SELECT {job_columns} FROM batch_jobs
WHERE api = ? AND tenant = ?{filters}
ORDER BY created_at DESC, id DESC
LIMIT ?

-- name: list_status
 AND status = ?

-- Case-sensitive substring match without LIKE's wildcards; the function differs by database.
-- name: list_name_sqlite
 AND instr(name, ?) > 0

-- name: list_name_postgresql
 AND strpos(name, ?) > 0

-- After the cursor job (its created_at, created_at again, its id).
-- name: list_after
 AND (created_at < ? OR (created_at = ? AND id < ?))

-- name: job_created_at
SELECT created_at FROM batch_jobs WHERE id = ?

-- Attention asked for at the given time (kept if an earlier one is pending), remembered across
-- the current lease. Parameters: now, now, id.
-- name: request_attention
UPDATE batch_jobs SET
  attention_at = CASE WHEN attention_at IS NOT NULL AND attention_at < ? THEN attention_at ELSE ? END,
  attention_requested = 1
WHERE id = ?

-- Parameters: now, now, id.
-- name: cancel_job
UPDATE batch_jobs SET
  status = 'cancelling',
  attention_at = CASE WHEN attention_at IS NOT NULL AND attention_at < ? THEN attention_at ELSE ? END,
  attention_requested = 1
WHERE id = ?
  AND status IN ('submitted', 'validating', 'scheduled', 'in_progress', 'finalizing', 'cancelling')

-- Parameters: now, now, now, limit.
-- name: jobs_needing_attention
SELECT id FROM batch_jobs
WHERE status IN ('submitted', 'validating', 'scheduled', 'in_progress', 'finalizing', 'cancelling')
  AND (attention_at <= ? OR expires_at <= ?)
  AND (lease_owner IS NULL OR lease_until <= ?)
ORDER BY created_at, id
LIMIT ?

-- Taking the lease consumes any attention request made before. Parameters: worker, until, id,
-- worker, now.
-- name: lease_job
UPDATE batch_jobs SET lease_owner = ?, lease_until = ?, attention_requested = 0
WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?)

-- The job's new state from its lease holder. A cancel request is never overwritten by a status
-- that is not terminal; the completed and failed counts belong to the queue (complete), not to
-- the caller; started_at keeps the earliest start. The 8th parameter is 1 when the new status is
-- terminal.
-- name: save_job
UPDATE batch_jobs SET
  name = ?, model = ?, endpoint = ?, input_bucket = ?, input_key = ?, output_bucket = ?,
  output_prefix = ?,
  status = CASE WHEN status = 'cancelling' AND ? = 0 THEN status ELSE ? END,
  execution = ?, expires_at = ?, started_at = COALESCE(started_at, ?), finished_at = ?,
  total_count = ?, metadata_json = ?, details_json = ?, errors_json = ?,
  output_file_id = ?, error_file_id = ?, native_provider = ?, native_model = ?, native_batch_id = ?
WHERE id = ? AND lease_owner = ?

-- Locks the job's row (PostgreSQL) while checking its lease. Parameters: id, worker.
-- name: hold_job_lease
UPDATE batch_jobs SET lease_owner = lease_owner WHERE id = ? AND lease_owner = ?

-- Gives the lease back; the job needs attention again only if asked for during the lease.
-- Parameters: id, worker.
-- name: release_job
UPDATE batch_jobs SET
  lease_owner = NULL, lease_until = NULL,
  attention_at = CASE WHEN attention_requested = 1 THEN attention_at ELSE NULL END,
  attention_requested = 0
WHERE id = ? AND lease_owner = ?

-- Gives the lease back; the job needs attention again at the given time, or sooner if asked for
-- during the lease. Parameters: revisit, revisit, id, worker.
-- name: release_job_until
UPDATE batch_jobs SET
  lease_owner = NULL, lease_until = NULL,
  attention_at = CASE WHEN attention_requested = 1 AND attention_at < ? THEN attention_at ELSE ? END,
  attention_requested = 0
WHERE id = ? AND lease_owner = ?

-- name: renew_jobs
UPDATE batch_jobs SET lease_until = ? WHERE lease_owner = ?

-- name: release_jobs
UPDATE batch_jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?

-- name: start_job
UPDATE batch_jobs SET status = 'in_progress', started_at = COALESCE(started_at, ?)
WHERE id = ? AND status = 'scheduled'

-- Parameters: completed, failed, id.
-- name: count_outcomes
UPDATE batch_jobs SET completed_count = completed_count + ?, failed_count = failed_count + ?
WHERE id = ?

-- name: insert_record
INSERT INTO batch_records (
  job_id, idx, custom_id, input, state, attempts, not_before,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens)
VALUES (?, ?, ?, ?, 'pending', ?, 0, 0, 0, 0, 0, 0)

-- Runnable records of on-demand jobs that may still run, oldest job first, in index order.
-- {lock} locks the chosen records on PostgreSQL, skipping those another transaction is claiming.
-- Parameters: now (expiry), now (not_before), now (lease), limit.
-- name: runnable_records
SELECT r.job_id, r.idx, r.custom_id, r.input, r.attempts
FROM batch_jobs j JOIN batch_records r ON r.job_id = j.id
WHERE j.execution = 'on_demand' AND j.status IN ('scheduled', 'in_progress')
  AND j.expires_at > ?
  AND r.state IN ('pending', 'leased')
  AND ((r.state = 'pending' AND r.not_before <= ?) OR (r.state = 'leased' AND r.lease_until <= ?))
ORDER BY j.created_at, j.id, r.idx
LIMIT ?{lock}

-- name: lock_postgresql
 FOR UPDATE OF r SKIP LOCKED

-- Parameters: worker, until, job, index, now.
-- name: lease_record
UPDATE batch_records SET state = 'leased', lease_owner = ?, lease_until = ?, attempts = attempts + 1
WHERE job_id = ? AND idx = ?
  AND (state = 'pending' OR (state = 'leased' AND lease_until <= ?))

-- {condition} is finish_leased or finish_pending.
-- name: finish_record
UPDATE batch_records SET
  state = ?, output = ?, request_id = ?, finished_at = ?,
  input_tokens = ?, output_tokens = ?, cache_read_tokens = ?,
  cache_write_5m_tokens = ?, cache_write_1h_tokens = ?,
  lease_owner = NULL, lease_until = NULL
WHERE job_id = ? AND idx = ?{condition}

-- name: finish_leased
 AND state = 'leased' AND lease_owner = ?

-- name: finish_pending
 AND state = 'pending'

-- Parameters: not before, job, index, worker.
-- name: retry_record
UPDATE batch_records SET state = 'pending', lease_owner = NULL, lease_until = NULL, not_before = ?
WHERE job_id = ? AND idx = ? AND state = 'leased' AND lease_owner = ?

-- name: renew_records
UPDATE batch_records SET lease_until = ? WHERE lease_owner = ? AND state = 'leased'

-- name: release_records
UPDATE batch_records SET state = 'pending', lease_owner = NULL, lease_until = NULL
WHERE lease_owner = ? AND state = 'leased'

-- Pending records, and leased ones whose lease ran out (their worker is gone: nobody else will
-- run them once the job stops). Parameters: job, now.
-- name: skip_records
UPDATE batch_records SET state = 'skipped', lease_owner = NULL, lease_until = NULL
WHERE job_id = ? AND state IN ('pending', 'leased')
  AND (state = 'pending' OR lease_until <= ?)

-- name: unfinished_record
SELECT idx FROM batch_records WHERE job_id = ? AND state IN ('pending', 'leased') LIMIT 1

-- name: records_page
SELECT job_id, idx, custom_id, input, state, output, attempts,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens
FROM batch_records
WHERE job_id = ? AND idx >= ?
ORDER BY idx
LIMIT ?
