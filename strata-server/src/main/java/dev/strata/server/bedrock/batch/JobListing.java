package dev.strata.server.bedrock.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchListQuery;
import dev.strata.core.batch.BatchQueue;
import dev.strata.core.error.StrataException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Pages through a tenant's Bedrock jobs for ListModelInvocationJobs. The queue lists newest first
 * with a cursor; the submit-time window is applied here, and ascending order reads every matching
 * job (up to {@value #MAX_ASCENDING} of them) and reverses it.
 */
final class JobListing {
  static final int MAX_ASCENDING = 10_000;

  /** One page of jobs and the token of the next, if there is more. */
  record Page(List<BatchJob> jobs, Optional<String> nextToken) {
    Page {
      jobs = List.copyOf(jobs);
      requireNonNull(nextToken, "nextToken");
    }
  }

  private final BatchQueue queue;

  JobListing(BatchQueue queue) {
    this.queue = requireNonNull(queue, "queue");
  }

  Page page(String tenant, ListRequest request) {
    List<BatchJob> matching =
        request.ascending() ? ascending(tenant, request) : descending(tenant, request);
    if (matching.size() <= request.maxResults()) {
      return new Page(matching, Optional.empty());
    }
    List<BatchJob> page = matching.subList(0, request.maxResults());
    return new Page(page, Optional.of(PageTokens.after(page.getLast().id())));
  }

  /** Up to one more than a page of matching jobs, newest first, after the cursor. */
  private List<BatchJob> descending(String tenant, ListRequest request) {
    List<BatchJob> matching = new ArrayList<>();
    Optional<String> after = request.after();
    while (true) {
      List<BatchJob> scanned = scan(tenant, request, after);
      for (BatchJob job : scanned) {
        if (request.submittedAfter().isPresent()
            && !job.createdAt().isAfter(request.submittedAfter().get())) {
          return matching; // newest first: every job from here on is older
        }
        if (request.submittedInWindow(job.createdAt())) {
          matching.add(job);
          if (matching.size() > request.maxResults()) {
            return matching;
          }
        }
      }
      if (scanned.size() < BatchListQuery.MAX_LIMIT) {
        return matching;
      }
      after = Optional.of(scanned.getLast().id());
    }
  }

  /** Every matching job, oldest first, after the cursor. */
  private List<BatchJob> ascending(String tenant, ListRequest request) {
    List<BatchJob> all = new ArrayList<>();
    Optional<String> after = Optional.empty();
    while (true) {
      List<BatchJob> scanned = scan(tenant, request, after);
      for (BatchJob job : scanned) {
        if (request.submittedInWindow(job.createdAt())) {
          all.add(job);
        }
      }
      if (all.size() > MAX_ASCENDING) {
        throw StrataException.invalid(
            "sortOrder",
            "More than "
                + MAX_ASCENDING
                + " jobs match; list them in Descending order, or narrow the list with"
                + " statusEquals, nameContains or submitTimeAfter.");
      }
      if (scanned.size() < BatchListQuery.MAX_LIMIT) {
        break;
      }
      after = Optional.of(scanned.getLast().id());
    }
    Collections.reverse(all);
    if (request.after().isEmpty()) {
      return all;
    }
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).id().equals(request.after().get())) {
        return all.subList(i + 1, all.size());
      }
    }
    throw StrataException.invalid(
        "nextToken", "The nextToken names a job this list no longer has.");
  }

  private List<BatchJob> scan(String tenant, ListRequest request, Optional<String> after) {
    return queue.list(
        new BatchListQuery(
            BatchApi.BEDROCK,
            tenant,
            request.status(),
            request.nameContains(),
            after,
            BatchListQuery.MAX_LIMIT));
  }
}
