package dev.strata.bench.mock;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts every request and keeps the last {@code capacity} of them. */
final class RequestRecording {

  private final int capacity;
  private final AtomicLong count = new AtomicLong();
  private final ArrayDeque<RecordedRequest> recent = new ArrayDeque<>();

  RequestRecording(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  void record(RecordedRequest request) {
    count.incrementAndGet();
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

  List<RecordedRequest> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  void clear() {
    synchronized (recent) {
      recent.clear();
      count.set(0);
    }
  }
}
