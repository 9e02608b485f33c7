package dev.strata.bench.mock.anthropic;

import dev.strata.bench.mock.RecordedRequest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts every request, in all and per method and path, and keeps the last {@code capacity}. */
final class RecentRequests {
  /** Distinct method-and-path pairs counted apart; more are counted only in the total. */
  static final int MAX_ROUTES = 10_000;

  private final int capacity;
  private final ArrayDeque<RecordedRequest> recent = new ArrayDeque<>();
  private final Map<String, Long> byRoute = new HashMap<>();
  private long count;

  RecentRequests(int capacity) {
    this.capacity = capacity;
  }

  synchronized void record(RecordedRequest request) {
    count++;
    String route = request.method() + " " + request.path();
    if (byRoute.containsKey(route) || byRoute.size() < MAX_ROUTES) {
      byRoute.merge(route, 1L, Long::sum);
    }
    if (recent.size() == capacity) {
      recent.removeFirst();
    }
    recent.addLast(request);
  }

  synchronized long count() {
    return count;
  }

  synchronized long count(String method, String path) {
    return byRoute.getOrDefault(method + " " + path, 0L);
  }

  synchronized List<RecordedRequest> recent() {
    return List.copyOf(recent);
  }

  synchronized void clear() {
    recent.clear();
    byRoute.clear();
    count = 0;
  }
}
