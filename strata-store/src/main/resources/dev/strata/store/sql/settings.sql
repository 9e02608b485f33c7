-- Named settings (Settings). Both upserts need SQLite >= 3.24 or PostgreSQL >= 9.5.

-- name: get
SELECT value FROM settings WHERE name = ?

-- name: put
INSERT INTO settings (name, value) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET value = excluded.value

-- name: put_if_absent
INSERT INTO settings (name, value) VALUES (?, ?)
ON CONFLICT (name) DO NOTHING
