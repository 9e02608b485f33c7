package dev.strata.app;

import static java.util.Objects.requireNonNull;

import dev.strata.store.LedgerRetention;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prunes raw ledger records past the retention period shortly after start and then every hour, on
 * one background thread. A failed run is logged and retried at the next hour.
 */
final class LedgerPruning implements AutoCloseable {
  static final Duration FIRST_RUN = Duration.ofMinutes(1);
  static final Duration INTERVAL = Duration.ofHours(1);

  private static final System.Logger LOG = System.getLogger(LedgerPruning.class.getName());

  private final ScheduledExecutorService scheduler;

  private LedgerPruning(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  static LedgerPruning start(LedgerRetention retention, Clock clock) {
    requireNonNull(retention, "retention");
    requireNonNull(clock, "clock");
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("strata-ledger-pruning").factory());
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            retention.prune(clock.instant());
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pruning the ledger failed; next try in an hour", e);
          }
        },
        FIRST_RUN.toSeconds(),
        INTERVAL.toSeconds(),
        TimeUnit.SECONDS);
    return new LedgerPruning(scheduler);
  }

  /** Stops scheduling; a run in progress finishes its current batch within a few seconds. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
