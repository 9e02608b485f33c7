package dev.strata.core.promptcache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers, per tenant and model, which prompt prefixes recurred within the cache lifetime: for
 * each prefix hash, when it was last seen and how many times in a row it came back before its
 * cache would have expired. Least recently seen prefixes are forgotten first once the entry or
 * byte bound is reached. Thread-safe.
 */
final class PrefixLearner {
  /** Estimated bytes of one entry besides its scope string: map node, key, value, hash. */
  static final long ENTRY_OVERHEAD_BYTES = 120;

  private final int maxEntries;
  private final long maxBytes;
  private final Duration lifetime;
  private final LinkedHashMap<ScopedPrefix, Sighting> seen = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  PrefixLearner(int maxEntries, long maxBytes, Duration lifetime) {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("maxEntries and maxBytes must be positive");
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.lifetime = requireNonNull(lifetime, "lifetime");
  }

  /** A prefix seen {@code recurrences} times after its first sighting, the last at {@code at}. */
  record Sighting(Instant at, int recurrences) {}

  private record ScopedPrefix(String scope, long hash) {}

  /**
   * Records that a request in {@code scope} carried these prefixes at {@code now}, and returns, for
   * each boundary in order, how many times its prefix had been seen before within the lifetime (0
   * when new or expired).
   */
  synchronized int[] observe(String scope, List<Boundary> boundaries, Instant now) {
    requireNonNull(scope, "scope");
    int[] before = new int[boundaries.size()];
    for (int i = 0; i < boundaries.size(); i++) {
      ScopedPrefix key = new ScopedPrefix(scope, boundaries.get(i).prefixHash());
      Sighting last = seen.get(key);
      boolean live = last != null && !now.isAfter(last.at().plus(lifetime));
      before[i] = live ? last.recurrences() + 1 : 0;
      Sighting next = new Sighting(now, live ? last.recurrences() + 1 : 0);
      if (seen.put(key, next) == null) {
        bytes += entryBytes(key);
      }
    }
    evict();
    return before;
  }

  synchronized int size() {
    return seen.size();
  }

  private void evict() {
    Iterator<Map.Entry<ScopedPrefix, Sighting>> eldest = seen.entrySet().iterator();
    while ((seen.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
      bytes -= entryBytes(eldest.next().getKey());
      eldest.remove();
    }
  }

  private static long entryBytes(ScopedPrefix key) {
    return ENTRY_OVERHEAD_BYTES + 2L * key.scope().length();
  }
}
