-- Provisioned throughput (SqlProvisionedStore): one row per provisioned model. A deleted model
-- keeps its row, with deleted_at set, so the hours it ran can still be billed and reported;
-- accrued_hours counts the whole hours since created_at already billed to the ledger
-- (HourlyAccrual). A name is unique among live models; a client token once per tenant.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds; commitment
-- and status are the lower-case names of their enums.

CREATE TABLE provisioned_models (
  id                    TEXT    NOT NULL PRIMARY KEY,
  name                  TEXT    NOT NULL,
  arn                   TEXT    NOT NULL UNIQUE,
  base_model            TEXT    NOT NULL,
  base_price_id         TEXT    NOT NULL,
  model_units           INTEGER NOT NULL,
  commitment            TEXT    NOT NULL,
  status                TEXT    NOT NULL,
  failure_message       TEXT,
  created_at            BIGINT  NOT NULL,
  last_modified_at      BIGINT  NOT NULL,
  commitment_expires_at BIGINT,
  key_id                TEXT    NOT NULL,
  tenant                TEXT    NOT NULL,
  team                  TEXT    NOT NULL,
  app                   TEXT    NOT NULL,
  owner_tags_json       TEXT    NOT NULL,
  tags_json             TEXT    NOT NULL,
  client_token          TEXT,
  deleted_at            BIGINT,
  accrued_hours         BIGINT  NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX provisioned_models_live_name ON provisioned_models (name)
  WHERE deleted_at IS NULL;

CREATE UNIQUE INDEX provisioned_models_client_token ON provisioned_models (tenant, client_token);
