package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A provisioned model's billable life: from creation until deletion (or now), and how many of its
 * whole hours have been billed so far.
 */
public record ProvisionedLifetime(
    ProvisionedModel model, Optional<Instant> deletedAt, long accruedHours) {
  public ProvisionedLifetime {
    requireNonNull(model, "model");
    requireNonNull(deletedAt, "deletedAt");
    if (accruedHours < 0) {
      throw new IllegalArgumentException("accruedHours cannot be negative");
    }
  }

  /** Whole hours from creation until {@code until}, or until deletion if that came first. */
  public long wholeHoursUntil(Instant until) {
    Instant end = deletedAt.filter(until::isAfter).orElse(until);
    if (!end.isAfter(model.createdAt())) {
      return 0;
    }
    return Duration.between(model.createdAt(), end).toHours();
  }
}
