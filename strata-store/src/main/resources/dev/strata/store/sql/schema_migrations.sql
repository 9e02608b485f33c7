-- Bookkeeping of the migration runner (MigrationRunner).

-- name: create
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER NOT NULL PRIMARY KEY,
  description TEXT    NOT NULL,
  applied_at  BIGINT  NOT NULL
)

-- name: versions
SELECT version FROM schema_migrations

-- name: record
INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)
