package dev.strata.core.cache;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process response cache: least recently used entries go first once it holds {@code
 * maxEntries} entries or {@code maxBytes} estimated bytes; an entry past its time to live (on the
 * injected clock) is never returned. One lock guards it: lookups are a hash probe, far below the
 * cost of any upstream call.
 */
public final class LocalResponseCache implements ResponseCache {
  private final Clock clock;
  private final int maxEntries;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<CacheKey, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;

  public LocalResponseCache(Clock clock, int maxEntries, long maxBytes) {
    this.clock = requireNonNull(clock, "clock");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  @Override
  public Optional<CachedAnswer> get(CacheKey key) {
    long now = clock.millis();
    lock.lock();
    try {
      Entry entry = entries.get(key);
      if (entry == null) {
        return Optional.empty();
      }
      if (entry.expiresAtMillis() <= now) {
        drop(key);
        return Optional.empty();
      }
      return Optional.of(entry.answer());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(CacheKey key, CachedAnswer answer, Duration ttl) {
    requireNonNull(key, "key");
    requireNonNull(answer, "answer");
    if (ttl.isNegative() || ttl.isZero()) {
      return;
    }
    long size = answer.estimatedBytes();
    if (size > maxBytes) {
      return; // larger than the whole cache: never worth evicting everything else for
    }
    Entry entry = new Entry(answer, clock.millis() + ttl.toMillis(), size);
    lock.lock();
    try {
      drop(key);
      entries.put(key, entry);
      bytes += size;
      evictOverBounds();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean remove(CacheKey key) {
    lock.lock();
    try {
      return drop(key);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long removeAll(String tenant, String model) {
    lock.lock();
    try {
      long removed = 0;
      for (Iterator<Map.Entry<CacheKey, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<CacheKey, Entry> entry = it.next();
        if (entry.getKey().matches(tenant, model)) {
          bytes -= entry.getValue().bytes();
          it.remove();
          removed++;
        }
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /** The estimated bytes held. */
  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  private boolean drop(CacheKey key) {
    Entry old = entries.remove(key);
    if (old == null) {
      return false;
    }
    bytes -= old.bytes();
    return true;
  }

  private void evictOverBounds() {
    Iterator<Entry> eldest = entries.values().iterator();
    while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
      bytes -= eldest.next().bytes();
      eldest.remove();
    }
  }

  @Override
  public String toString() {
    return "LocalResponseCache[max " + maxEntries + " entries, " + maxBytes + " bytes]";
  }

  private record Entry(CachedAnswer answer, long expiresAtMillis, long bytes) {}
}
