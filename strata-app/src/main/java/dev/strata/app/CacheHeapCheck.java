package dev.strata.app;

import java.util.Optional;

/**
 * Whether a full in-process response cache fits the Java heap beside what the gateway itself
 * keeps live. The cache is bounded in bytes ({@code cache.response.maxBytes}, 256 MB by default)
 * and the heap by {@code -Xmx} (384 MB from {@code bin/strata}); a deployment that lowers the heap
 * to shrink its footprint, or raises the cache bound, would otherwise find out from an
 * out-of-memory error hours later, once the cache has filled.
 */
final class CacheHeapCheck {
  /**
   * The heap the gateway needs besides the cache: ~60 MB live under 1,000 req/s in the gateway
   * benchmark (class histogram after a full collection), plus room for requests in flight, whose
   * bodies {@code server.maxBufferedBodyBytes} bounds (32 MB by default).
   */
  static final long GATEWAY_HEAP_BYTES = 96L << 20;

  private CacheHeapCheck() {}

  /** A warning naming both settings when {@code cacheMaxBytes} cannot fit; empty when it can. */
  static Optional<String> warning(long cacheMaxBytes, long maxHeapBytes) {
    if (maxHeapBytes == Long.MAX_VALUE || cacheMaxBytes + GATEWAY_HEAP_BYTES <= maxHeapBytes) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "cache.response.maxBytes is %d MB but the Java heap is capped at %d MB, and the gateway"
                + " itself needs about %d MB: a full response cache would not fit. Lower"
                + " cache.response.maxBytes, keep the cache in Redis (redis.url), or raise the"
                + " heap (STRATA_JAVA_OPTS=\"-Xmx…\").",
            cacheMaxBytes >> 20, maxHeapBytes >> 20, GATEWAY_HEAP_BYTES >> 20));
  }
}
