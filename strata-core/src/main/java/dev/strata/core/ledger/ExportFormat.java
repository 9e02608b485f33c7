package dev.strata.core.ledger;

import java.util.Locale;

/** The formats the ledger exports to, with their file name and media type. */
public enum ExportFormat {
  /** FinOps FOCUS 1.1 cost and usage CSV, one row per request ({@link FocusCsvWriter}). */
  FOCUS_CSV("focus.csv", "text/csv; charset=utf-8"),
  /** Every ledger column as CSV, one row per request. */
  LEDGER_CSV("ledger.csv", "text/csv; charset=utf-8"),
  /** Every ledger column as one JSON object per line. */
  LEDGER_JSONL("ledger.jsonl", "application/x-ndjson");

  private final String fileName;
  private final String mediaType;

  ExportFormat(String fileName, String mediaType) {
    this.fileName = fileName;
    this.mediaType = mediaType;
  }

  public String fileName() {
    return fileName;
  }

  public String mediaType() {
    return mediaType;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A writer of this format into {@code out}; call {@link ExportWriter#begin} first. */
  public ExportWriter writer(Appendable out) {
    return switch (this) {
      case FOCUS_CSV -> new FocusCsvWriter(out);
      case LEDGER_CSV -> new LedgerCsvWriter(out);
      case LEDGER_JSONL -> new LedgerJsonLinesWriter(out);
    };
  }
}
