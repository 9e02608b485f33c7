package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.core.path.CostMeter;
import dev.strata.core.provider.ProviderRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Works through the batch queue in the background: renews its leases, attends to jobs that need
 * job-level work, and keeps its record slots full. Several workers — in one process or in several
 * Strata instances on one store — share the queue; {@link #close} stops claiming, lets the records
 * in flight finish and gives every lease back, so nothing waits for a lease to run out.
 */
public final class BatchWorker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BatchWorker.class.getName());
  private static final int JOBS_PER_TICK = 8;

  private final BatchQueue queue;
  private final JobSteward steward;
  private final RecordPump pump;
  private final BatchWorkerOptions options;
  private final Clock clock;
  private final Thread loop;
  private volatile boolean running = true;
  private volatile boolean scanRequested = true;
  private long lastScanNanos;
  private Instant leasesRenewed;

  private BatchWorker(
      BatchQueue queue,
      JobSteward steward,
      Map<BatchApi, BatchFormat> formats,
      RecordRunner runner,
      BatchWorkerOptions options,
      Clock clock) {
    this.queue = queue;
    this.steward = steward;
    this.pump = new RecordPump(queue, formats, runner, options, clock, this::slotFreed);
    this.options = options;
    this.clock = clock;
    this.leasesRenewed = clock.instant();
    this.loop = Thread.ofPlatform().name("strata-batch-worker").daemon(true).unstarted(this::runLoop);
  }

  /** Starts a worker over {@code queue}. */
  public static BatchWorker start(
      BatchQueue queue,
      ObjectStore store,
      Map<BatchApi, BatchFormat> formats,
      ModelCatalog catalog,
      ProviderRegistry providers,
      CostMeter costMeter,
      RecordRunner runner,
      BatchWorkerOptions options,
      Clock clock) {
    requireNonNull(queue, "queue");
    requireNonNull(options, "options");
    requireNonNull(clock, "clock");
    JobSteward steward = new JobSteward(
        queue, store, formats, catalog, providers,
        new NativeExecution(providers, costMeter, clock), options, clock);
    BatchWorker worker = new BatchWorker(queue, steward, formats, runner, options, clock);
    worker.loop.start();
    return worker;
  }

  /** Wakes the worker now, e.g. after a job was submitted or cancelled, to look for job work. */
  public void wake() {
    scanRequested = true;
    LockSupport.unpark(loop);
  }

  /** A record finished: claim another, without scanning for job work before it is due. */
  private void slotFreed() {
    LockSupport.unpark(loop);
  }

  private void runLoop() {
    while (running) {
      boolean busy = false;
      try {
        busy = tick();
      } catch (RuntimeException failure) {
        LOG.log(Level.WARNING, "the batch worker's pass failed; trying again", failure);
      }
      if (running && !busy) {
        LockSupport.parkNanos(this, options.idlePoll().toNanos());
      }
    }
  }

  /**
   * One pass; returns whether there may be more work right now (more jobs needing attention, or
   * records claimed while slots are still free), so the loop goes on without pausing. A full set
   * of slots parks the loop until a record finishes and wakes it. Jobs needing attention are looked
   * for at most once per idle poll (or when {@link #wake} asks), not after every record: a busy
   * worker then spends one database round trip per record on claiming, not two.
   */
  private boolean tick() {
    Instant now = clock.instant();
    if (!now.isBefore(leasesRenewed.plus(options.leaseDuration().dividedBy(3)))) {
      queue.renewLeases(options.workerId(), now.plus(options.leaseDuration()));
      leasesRenewed = now;
    }
    List<String> jobs = List.of();
    if (scanRequested || System.nanoTime() - lastScanNanos >= options.idlePoll().toNanos()) {
      scanRequested = false;
      lastScanNanos = System.nanoTime();
      jobs = queue.jobsNeedingAttention(now, JOBS_PER_TICK);
    }
    for (String job : jobs) {
      if (!running) {
        return false;
      }
      steward.attend(job);
    }
    int started = running ? pump.pump() : 0;
    if (jobs.size() == JOBS_PER_TICK) {
      scanRequested = true; // more jobs may be waiting
      return true;
    }
    return started > 0 && pump.hasFreeSlot();
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(loop);
    try {
      loop.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pump.close();
    queue.releaseLeases(options.workerId());
  }

  @Override
  public String toString() {
    return "BatchWorker[" + options.workerId() + "]";
  }
}
