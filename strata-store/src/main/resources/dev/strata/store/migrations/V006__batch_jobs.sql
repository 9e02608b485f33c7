-- The durable batch queue (SqlBatchQueue): one row per batch job, one per record of its input file.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds; statuses,
-- executions and record states are the lower-case names of their enums.
--
-- Leases: a job or record belongs to lease_owner until lease_until; after that another worker may
-- take it over. A job needs attention (job-level work) when it is not terminal, is not leased, and
-- attention_at or expires_at has come. attention_requested is 1 when something (the last record
-- done, a cancel request) asked for attention while the job was leased, so that giving the lease
-- back does not lose the request.

CREATE TABLE batch_jobs (
  id                  TEXT    NOT NULL PRIMARY KEY,
  api                 TEXT    NOT NULL,
  name                TEXT    NOT NULL,
  key_id              TEXT    NOT NULL,
  tenant              TEXT    NOT NULL,
  team                TEXT    NOT NULL,
  app                 TEXT    NOT NULL,
  tags_json           TEXT    NOT NULL,
  model               TEXT    NOT NULL,
  endpoint            TEXT    NOT NULL,
  input_bucket        TEXT    NOT NULL,
  input_key           TEXT    NOT NULL,
  output_bucket       TEXT    NOT NULL,
  output_prefix       TEXT    NOT NULL,
  status              TEXT    NOT NULL,
  execution           TEXT    NOT NULL,
  created_at          BIGINT  NOT NULL,
  expires_at          BIGINT  NOT NULL,
  started_at          BIGINT,
  finished_at         BIGINT,
  total_count         BIGINT  NOT NULL,
  completed_count     BIGINT  NOT NULL,
  failed_count        BIGINT  NOT NULL,
  metadata_json       TEXT    NOT NULL,
  details_json        TEXT    NOT NULL,
  errors_json         TEXT    NOT NULL,
  output_file_id      TEXT,
  error_file_id       TEXT,
  native_provider     TEXT,
  native_model        TEXT,
  native_batch_id     TEXT,
  client_token        TEXT,
  lease_owner         TEXT,
  lease_until         BIGINT,
  attention_at        BIGINT,
  attention_requested INTEGER NOT NULL DEFAULT 0 CHECK (attention_requested IN (0, 1))
);

-- A client token is unique per key; jobs without one never clash.
CREATE UNIQUE INDEX batch_jobs_client_token ON batch_jobs (key_id, client_token)
  WHERE client_token IS NOT NULL;

-- Listing one API's jobs of one tenant, newest first.
CREATE INDEX batch_jobs_list ON batch_jobs (api, tenant, created_at DESC, id DESC);

-- Attention scans over the jobs that are not terminal (few, however many jobs have run). This
-- index and the next are UNIQUE (id is) so that SQLite knows they give each job once, in order,
-- and reads a job's records straight from batch_records_unfinished without sorting them.
CREATE UNIQUE INDEX batch_jobs_open ON batch_jobs (created_at, id)
  WHERE status IN ('submitted', 'validating', 'scheduled', 'in_progress', 'finalizing', 'cancelling');

-- Claiming: the on-demand jobs whose records may run, oldest first.
CREATE UNIQUE INDEX batch_jobs_runnable ON batch_jobs (created_at, id)
  WHERE execution = 'on_demand' AND status IN ('scheduled', 'in_progress');

CREATE TABLE batch_records (
  job_id                TEXT    NOT NULL REFERENCES batch_jobs (id),
  idx                   INTEGER NOT NULL,
  custom_id             TEXT    NOT NULL,
  input                 TEXT    NOT NULL,
  state                 TEXT    NOT NULL,
  output                TEXT,
  attempts              INTEGER NOT NULL,
  lease_owner           TEXT,
  lease_until           BIGINT,
  not_before            BIGINT  NOT NULL,
  request_id            TEXT,
  finished_at           BIGINT,
  input_tokens          BIGINT  NOT NULL,
  output_tokens         BIGINT  NOT NULL,
  cache_read_tokens     BIGINT  NOT NULL,
  cache_write_5m_tokens BIGINT  NOT NULL,
  cache_write_1h_tokens BIGINT  NOT NULL,
  PRIMARY KEY (job_id, idx)
);

-- Claiming and "is anything unfinished": a job's pending and leased records in index order.
CREATE INDEX batch_records_unfinished ON batch_records (job_id, idx)
  WHERE state IN ('pending', 'leased');

-- Renewing and giving back the leases one worker holds.
CREATE INDEX batch_records_lease_owner ON batch_records (lease_owner)
  WHERE lease_owner IS NOT NULL;
