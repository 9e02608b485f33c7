-- The response cache in the ledger. usage_records.response_cache says what the response cache did
-- for a request ('none', 'off', 'miss', 'hit-exact' or 'hit-semantic'); saved_pico is what a hit
-- avoided paying: the cached answer's original cost (a hit itself costs 0). Existing records are
-- backfilled with 'none' and 0 by the column defaults.
-- The rollups' cache_status dimension now takes 'hit-exact' and 'hit-semantic' for response-cache
-- hits, and keeps 'read', 'write' and 'none' (from the prompt-cache tokens) for every other record;
-- they sum saved_pico too. Portable SQL: runs unchanged on SQLite and PostgreSQL.

ALTER TABLE usage_records ADD COLUMN response_cache TEXT NOT NULL DEFAULT 'none';

ALTER TABLE usage_records ADD COLUMN saved_pico BIGINT NOT NULL DEFAULT 0;

ALTER TABLE usage_rollups_hourly ADD COLUMN saved_pico BIGINT NOT NULL DEFAULT 0;

ALTER TABLE usage_rollups_daily ADD COLUMN saved_pico BIGINT NOT NULL DEFAULT 0;
