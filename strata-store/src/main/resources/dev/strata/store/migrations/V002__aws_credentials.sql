-- AWS-style access keys bound to virtual keys, so AWS SDK clients can sign (SigV4) requests.
-- The secret must be recoverable to verify signatures, so it is sealed with AES-256-GCM under the
-- install's master key (SecretBox), never stored in clear. Times are epoch milliseconds.

CREATE TABLE aws_credentials (
  access_key_id TEXT    NOT NULL PRIMARY KEY,
  key_id        TEXT    NOT NULL REFERENCES api_keys (id),
  secret_sealed TEXT    NOT NULL,
  created_at    BIGINT  NOT NULL
);

CREATE INDEX aws_credentials_key_id ON aws_credentials (key_id);
