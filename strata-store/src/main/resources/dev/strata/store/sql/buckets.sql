-- Bucket owners (SqlBucketOwners).

-- name: owner
SELECT tenant FROM bucket_owners WHERE bucket = ?

-- name: claim
INSERT INTO bucket_owners (bucket, tenant, claimed_at) VALUES (?, ?, ?)
ON CONFLICT DO NOTHING
