package dev.strata.app;

import static java.util.Objects.requireNonNull;

import dev.strata.core.provisioned.HourlyAccrual;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bills provisioned throughput: shortly after start and then every few minutes, every whole hour a
 * provisioned model has been held is appended to the ledger. Each hour has a fixed request id, so
 * several instances — or a run repeated after a crash — bill it once.
 */
final class ProvisionedAccrualSchedule implements AutoCloseable {
  static final Duration FIRST_RUN = Duration.ofSeconds(30);
  static final Duration INTERVAL = Duration.ofMinutes(5);

  private static final System.Logger LOG =
      System.getLogger(ProvisionedAccrualSchedule.class.getName());

  private final ScheduledExecutorService scheduler;

  private ProvisionedAccrualSchedule(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  static ProvisionedAccrualSchedule start(HourlyAccrual accrual) {
    requireNonNull(accrual, "accrual");
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("strata-provisioned-accrual").factory());
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            accrual.accrueNow();
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.WARNING,
                "billing provisioned throughput failed; next try in " + INTERVAL.toMinutes() + " min",
                e);
          }
        },
        FIRST_RUN.toSeconds(),
        INTERVAL.toSeconds(),
        TimeUnit.SECONDS);
    return new ProvisionedAccrualSchedule(scheduler);
  }

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
