-- AWS access keys (SqlAwsCredentialStore). The secret is stored sealed by SecretBox only.

-- name: insert
INSERT INTO aws_credentials (access_key_id, key_id, secret_sealed, created_at)
VALUES (?, ?, ?, ?)

-- name: by_access_key_id
SELECT access_key_id, key_id, secret_sealed, created_at
FROM aws_credentials WHERE access_key_id = ?
