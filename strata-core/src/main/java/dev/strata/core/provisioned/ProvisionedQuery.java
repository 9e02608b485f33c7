package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which provisioned models to list: created after and/or before an instant, in a status, serving a
 * base model, or whose name contains a text; newest first unless {@code ascending}.
 */
public record ProvisionedQuery(
    Optional<Instant> createdAfter,
    Optional<Instant> createdBefore,
    Optional<ProvisionedStatus> status,
    Optional<String> baseModel,
    Optional<String> nameContains,
    boolean ascending) {
  /** Every model, newest first. */
  public static final ProvisionedQuery ALL =
      new ProvisionedQuery(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false);

  public ProvisionedQuery {
    requireNonNull(createdAfter, "createdAfter");
    requireNonNull(createdBefore, "createdBefore");
    requireNonNull(status, "status");
    requireNonNull(baseModel, "baseModel");
    requireNonNull(nameContains, "nameContains");
  }

  /** Whether {@code model} (as it stands now) passes every filter. */
  public boolean matches(ProvisionedModel model) {
    return createdAfter.map(after -> model.createdAt().isAfter(after)).orElse(true)
        && createdBefore.map(before -> model.createdAt().isBefore(before)).orElse(true)
        && status.map(wanted -> model.status() == wanted).orElse(true)
        && baseModel.map(base -> model.baseModel().equals(base)).orElse(true)
        && nameContains.map(text -> model.name().contains(text)).orElse(true);
  }
}
