package dev.strata.server.bedrock.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchStatus;
import dev.strata.core.error.StrataException;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * A ListModelInvocationJobs query: {@code maxResults}, {@code nextToken}, {@code statusEquals},
 * {@code nameContains}, {@code submitTimeAfter}, {@code submitTimeBefore}, {@code sortBy} (only
 * {@code CreationTime}) and {@code sortOrder}.
 */
record ListRequest(
    int maxResults,
    Optional<String> after,
    Optional<BatchStatus> status,
    Optional<String> nameContains,
    Optional<Instant> submittedAfter,
    Optional<Instant> submittedBefore,
    boolean ascending) {
  static final int MAX_RESULTS = 1000;
  static final int DEFAULT_RESULTS = 100;

  private static final List<String> STATUSES =
      List.of(
          "Submitted",
          "InProgress",
          "Completed",
          "Failed",
          "Stopping",
          "Stopped",
          "PartiallyCompleted",
          "Expired",
          "Validating",
          "Scheduled");

  ListRequest {
    requireNonNull(after, "after");
    requireNonNull(status, "status");
    requireNonNull(nameContains, "nameContains");
    requireNonNull(submittedAfter, "submittedAfter");
    requireNonNull(submittedBefore, "submittedBefore");
  }

  /**
   * Reads the query string's parameters.
   *
   * @throws StrataException INVALID_REQUEST naming the parameter at fault
   */
  static ListRequest of(MultiMap params) {
    int max = DEFAULT_RESULTS;
    String maxResults = params.get("maxResults");
    if (maxResults != null) {
      try {
        max = Integer.parseInt(maxResults.strip());
      } catch (NumberFormatException e) {
        throw Constraints.violated("maxResults", maxResults, "Member must be an integer");
      }
      Constraints.range("maxResults", max, 1, MAX_RESULTS);
    }
    Optional<String> after = Optional.ofNullable(params.get("nextToken")).map(PageTokens::jobId);
    Optional<BatchStatus> status =
        Optional.ofNullable(params.get("statusEquals"))
            .map(
                name ->
                    BatchStatus.fromBedrock(name)
                        .orElseThrow(
                            () ->
                                Constraints.violated(
                                    "statusEquals",
                                    name,
                                    "Member must satisfy enum value set: " + STATUSES)));
    Optional<String> nameContains =
        Optional.ofNullable(params.get("nameContains"))
            .map(name -> Constraints.length("nameContains", name, 1, 63));
    String sortBy = params.get("sortBy");
    if (sortBy != null && !sortBy.equals("CreationTime")) {
      throw Constraints.violated(
          "sortBy", sortBy, "Member must satisfy enum value set: [CreationTime]");
    }
    String sortOrder = params.get("sortOrder");
    if (sortOrder != null && !sortOrder.equals("Ascending") && !sortOrder.equals("Descending")) {
      throw Constraints.violated(
          "sortOrder", sortOrder, "Member must satisfy enum value set: [Ascending, Descending]");
    }
    return new ListRequest(
        max,
        after,
        status,
        nameContains,
        time(params, "submitTimeAfter"),
        time(params, "submitTimeBefore"),
        "Ascending".equals(sortOrder));
  }

  /** Whether a job submitted at {@code at} is inside the submit-time window. */
  boolean submittedInWindow(Instant at) {
    return submittedAfter.map(at::isAfter).orElse(true)
        && submittedBefore.map(at::isBefore).orElse(true);
  }

  private static Optional<Instant> time(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
    } catch (DateTimeParseException e) {
      throw StrataException.invalid(
          name, "'" + name + "' must be an ISO 8601 timestamp such as 2025-01-31T12:00:00Z.");
    }
  }
}
