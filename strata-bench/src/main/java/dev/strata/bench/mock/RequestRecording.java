package dev.strata.bench.mock;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts every request, in all and per method and path, and keeps the last {@code capacity}. */
final class RequestRecording {

  /** Distinct method-and-path pairs counted apart; more are counted only in the total. */
  static final int MAX_ROUTES = 10_000;

  private final int capacity;
  private final AtomicLong count = new AtomicLong();
  private final Map<String, AtomicLong> byRoute = new ConcurrentHashMap<>();
  private final ArrayDeque<RecordedRequest> recent = new ArrayDeque<>();

  RequestRecording(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  void record(RecordedRequest request) {
    count.incrementAndGet();
    String route = route(request.method(), request.path());
    AtomicLong routeCount = byRoute.get(route);
    if (routeCount == null && byRoute.size() < MAX_ROUTES) {
      routeCount = byRoute.computeIfAbsent(route, r -> new AtomicLong());
    }
    if (routeCount != null) {
      routeCount.incrementAndGet();
    }
    synchronized (recent) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(request);
    }
  }

  long count() {
    return count.get();
  }

  /** Requests with this method and exact path. */
  long count(String method, String path) {
    AtomicLong routeCount = byRoute.get(route(method, path));
    return routeCount == null ? 0 : routeCount.get();
  }

  List<RecordedRequest> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  void clear() {
    synchronized (recent) {
      recent.clear();
      count.set(0);
      byRoute.clear();
    }
  }

  private static String route(String method, String path) {
    return method + " " + path;
  }
}
