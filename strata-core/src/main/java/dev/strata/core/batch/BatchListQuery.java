package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Which jobs to list, newest first: one API's jobs of one tenant, optionally only those in a
 * status or whose name contains a string, after a cursor (the id of the last job of the previous
 * page).
 */
public record BatchListQuery(
    BatchApi api,
    String tenant,
    Optional<BatchStatus> status,
    Optional<String> nameContains,
    Optional<String> after,
    int limit) {
  public static final int MAX_LIMIT = 1000;

  public BatchListQuery {
    requireNonNull(api, "api");
    requireNonNull(tenant, "tenant");
    requireNonNull(status, "status");
    requireNonNull(nameContains, "nameContains");
    requireNonNull(after, "after");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }
}
