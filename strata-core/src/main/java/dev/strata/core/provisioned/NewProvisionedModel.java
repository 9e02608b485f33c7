package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request to provision a catalog model. A repeated {@code clientToken} (per tenant) returns the
 * model the first request created instead of creating another.
 */
public record NewProvisionedModel(
    String name,
    String baseModel,
    int modelUnits,
    CommitmentTerm commitment,
    Principal owner,
    Map<String, String> tags,
    Optional<String> clientToken) {
  public NewProvisionedModel {
    requireNonNull(name, "name");
    requireNonNull(baseModel, "baseModel");
    requireNonNull(commitment, "commitment");
    requireNonNull(owner, "owner");
    requireNonNull(clientToken, "clientToken");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tags, "tags")));
  }
}
