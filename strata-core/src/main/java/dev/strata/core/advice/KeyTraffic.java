package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import java.time.LocalDate;

/**
 * The ledger's on-demand records of one key for one served model on one UTC day, streamed or not,
 * summed: what batch advice reads.
 *
 * @param servedModel the catalog model that served them; empty for requests no model served
 * @param requests how many records
 * @param usage their tokens by kind
 * @param cost what they cost, as metered
 */
public record KeyTraffic(
    String keyId,
    String tenant,
    String team,
    String app,
    String servedModel,
    LocalDate day,
    boolean streamed,
    long requests,
    Usage usage,
    Money cost) {
  public KeyTraffic {
    requireNonNull(keyId, "keyId");
    requireNonNull(tenant, "tenant");
    requireNonNull(team, "team");
    requireNonNull(app, "app");
    requireNonNull(servedModel, "servedModel");
    requireNonNull(day, "day");
    requireNonNull(usage, "usage");
    requireNonNull(cost, "cost");
    if (requests < 0) {
      throw new IllegalArgumentException("requests cannot be negative");
    }
  }
}
