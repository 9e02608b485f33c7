package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import java.time.Instant;

/**
 * One served model's on-demand records in one whole UTC hour, summed: what provisioned advice
 * reads.
 *
 * @param hour the first instant of the hour
 * @param tokens input (cached or not) plus output tokens
 * @param cost what those records cost, as metered
 */
public record ModelHour(String servedModel, Instant hour, long requests, long tokens, Money cost) {
  public ModelHour {
    requireNonNull(servedModel, "servedModel");
    requireNonNull(hour, "hour");
    requireNonNull(cost, "cost");
    if (requests < 0 || tokens < 0) {
      throw new IllegalArgumentException("requests and tokens cannot be negative");
    }
  }
}
