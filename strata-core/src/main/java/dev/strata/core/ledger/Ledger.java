package dev.strata.core.ledger;

/**
 * The append-only record of metered usage. {@link #append} never blocks on storage for long:
 * implementations write in batches off the request path and drain everything on {@link #close}.
 */
public interface Ledger extends AutoCloseable {
  /** Queues a record for storage. Blocks only when the bounded queue is full (back-pressure). */
  void append(UsageRecord record);

  /** Writes everything queued so far and returns once it is stored. */
  void flush();

  /** Drains the queue, stores everything, and releases resources. */
  @Override
  void close();
}
