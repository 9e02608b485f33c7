package dev.strata.store;

import java.time.Duration;

/**
 * Run as a separate JVM by {@link SqlLedgerCrashTest}: appends usage records without end and
 * reports, after each one, how many the ledger has durably written — until it is killed.
 */
public final class CrashingLedgerProcess {
  private CrashingLedgerProcess() {}

  /** Arguments: the JDBC URL, the queue capacity, the batch size, the flush interval in ms. */
  public static void main(String[] args) throws InterruptedException {
    Database database = Database.open(args[0]);
    SqlLedger ledger =
        new SqlLedger(
            database,
            new LedgerOptions(
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                Duration.ofMillis(Long.parseLong(args[3]))));
    for (long i = 0; ; i++) {
      ledger.append(UsageRecords.simple("crash-" + i));
      System.out.println("appended " + (i + 1) + " written " + ledger.written());
      System.out.flush();
      if (i % 50 == 0) {
        Thread.sleep(1);
      }
    }
  }
}
