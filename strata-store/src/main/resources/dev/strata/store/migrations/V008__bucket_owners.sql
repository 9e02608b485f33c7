-- Object-store buckets and the tenant that owns each (SqlBucketOwners): the first tenant to use
-- a bucket claims it. Portable SQL: runs unchanged on SQLite and PostgreSQL; times are epoch ms.

CREATE TABLE bucket_owners (
  bucket     TEXT   NOT NULL PRIMARY KEY,
  tenant     TEXT   NOT NULL,
  claimed_at BIGINT NOT NULL
);
