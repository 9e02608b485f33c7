package dev.strata.core.ratelimit;

import java.util.List;

/** Where rate limits are kept. */
public interface RateLimitStore {
  List<RateLimit> all();

  /** Inserts or replaces the limit with this id. */
  void save(RateLimit limit);

  /** False when no limit has this id. */
  boolean delete(String id);
}
