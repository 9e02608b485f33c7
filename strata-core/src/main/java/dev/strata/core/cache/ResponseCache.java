package dev.strata.core.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * The exact response cache: answers by {@link CacheKey}, each kept until its time to live passes.
 * Implementations are bounded and thread-safe; a failing store (a Redis outage) throws, and the
 * request path then treats the lookup as a miss.
 */
public interface ResponseCache extends AutoCloseable {
  /** The live entry under {@code key}, if any. */
  Optional<CachedAnswer> get(CacheKey key);

  /** Remembers {@code answer} under {@code key} for {@code ttl}, replacing any earlier entry. */
  void put(CacheKey key, CachedAnswer answer, Duration ttl);

  /** Forgets the entry under {@code key}; whether there was one. */
  boolean remove(CacheKey key);

  /**
   * Forgets every entry of {@code tenant} and {@code model} — either may be empty, meaning any — and
   * returns how many it forgot.
   */
  long removeAll(String tenant, String model);

  /** How many entries it holds (expired ones not yet evicted may count). */
  long size();

  @Override
  default void close() {}
}
