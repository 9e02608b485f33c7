package dev.strata.core.ledger;

/**
 * Writes usage records in one export format, a record at a time, so an export streams. Failures of
 * the underlying output surface as {@link java.io.UncheckedIOException}.
 */
public interface ExportWriter {
  /** Writes what precedes the records, e.g. a CSV header. */
  void begin();

  void write(UsageRecord record);
}
