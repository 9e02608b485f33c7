-- Budgets, the alerts already sent for them, and rate limits (see dev.strata.core.budget and
-- dev.strata.core.ratelimit). Money is whole pico-dollars; times are epoch milliseconds.

CREATE TABLE budgets (
  id             TEXT    NOT NULL PRIMARY KEY,
  name           TEXT    NOT NULL,
  scope          TEXT    NOT NULL,
  period         TEXT    NOT NULL,
  limit_pico     BIGINT  NOT NULL,
  enforcement    TEXT    NOT NULL,
  alert_percents TEXT    NOT NULL,
  updated_at     BIGINT  NOT NULL
);

-- One row per alert sent: the primary key makes "once per threshold per period" hold across
-- restarts and instances.
CREATE TABLE budget_alerts (
  budget_id    TEXT    NOT NULL,
  period_start BIGINT  NOT NULL,
  percent      INTEGER NOT NULL,
  sent_at      BIGINT  NOT NULL,
  PRIMARY KEY (budget_id, period_start, percent)
);

CREATE TABLE rate_limits (
  id                  TEXT    NOT NULL PRIMARY KEY,
  scope               TEXT    NOT NULL,
  requests_per_minute BIGINT,
  tokens_per_minute   BIGINT,
  updated_at          BIGINT  NOT NULL
);
