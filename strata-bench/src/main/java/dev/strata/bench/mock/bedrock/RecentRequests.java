package dev.strata.bench.mock.bedrock;

import dev.strata.bench.mock.RecordedRequest;
import java.util.ArrayDeque;
import java.util.List;

/** Counts every request and keeps the last {@code capacity} of them. */
final class RecentRequests {
  private final int capacity;
  private final ArrayDeque<RecordedRequest> recent = new ArrayDeque<>();
  private long count;

  RecentRequests(int capacity) {
    this.capacity = capacity;
  }

  synchronized void record(RecordedRequest request) {
    count++;
    if (recent.size() == capacity) {
      recent.removeFirst();
    }
    recent.addLast(request);
  }

  synchronized long count() {
    return count;
  }

  synchronized List<RecordedRequest> recent() {
    return List.copyOf(recent);
  }

  synchronized void clear() {
    recent.clear();
    count = 0;
  }
}
