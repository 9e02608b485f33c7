package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ratelimit.RateLimit;
import dev.strata.core.ratelimit.RateLimitStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link RateLimitStore} in memory, listing limits in the order first saved. Thread-safe. */
public final class InMemoryRateLimitStore implements RateLimitStore {
  private final Map<String, RateLimit> limits = new LinkedHashMap<>();

  /** A store holding {@code initial}. */
  public InMemoryRateLimitStore(RateLimit... initial) {
    for (RateLimit limit : initial) {
      save(limit);
    }
  }

  @Override
  public synchronized List<RateLimit> all() {
    return List.copyOf(limits.values());
  }

  @Override
  public synchronized void save(RateLimit limit) {
    requireNonNull(limit, "limit");
    limits.put(limit.id(), limit);
  }

  @Override
  public synchronized boolean delete(String id) {
    return limits.remove(id) != null;
  }
}
