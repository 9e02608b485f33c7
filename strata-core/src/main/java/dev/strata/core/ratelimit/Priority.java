package dev.strata.core.ratelimit;

/**
 * Whose turn comes first under a rate limit. Batch work is admitted only while a bucket keeps
 * {@value #BATCH_HEADROOM_PERCENT}% of its capacity free, which is left for interactive traffic.
 */
public enum Priority {
  INTERACTIVE,
  BATCH;

  static final int BATCH_HEADROOM_PERCENT = 20;

  /** What must stay in a bucket of {@code capacity} after this request takes its share. */
  long headroom(long capacity) {
    return this == BATCH ? Math.multiplyExact(capacity, BATCH_HEADROOM_PERCENT) / 100 : 0;
  }
}
