package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.core.path.Operation;
import dev.strata.core.provider.NativeBatches;
import dev.strata.core.provider.ProviderRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Does a job's job-level work while holding its lease: validates a new job and decides how its
 * records run, follows a native batch, cancels, expires, and finalizes — writes the output files
 * and the terminal status — once no record is unfinished. Each pass moves the job on from
 * wherever it stands, so a pass cut short by a crash is simply done again by the next worker.
 */
final class JobSteward {
  private static final System.Logger LOG = System.getLogger(JobSteward.class.getName());
  private static final int PAGE = 500;

  private final BatchQueue queue;
  private final ObjectStore store;
  private final Map<BatchApi, BatchFormat> formats;
  private final ModelCatalog catalog;
  private final ProviderRegistry providers;
  private final NativeExecution natives;
  private final BatchWorkerOptions options;
  private final Clock clock;

  JobSteward(
      BatchQueue queue,
      ObjectStore store,
      Map<BatchApi, BatchFormat> formats,
      ModelCatalog catalog,
      ProviderRegistry providers,
      NativeExecution natives,
      BatchWorkerOptions options,
      Clock clock) {
    this.queue = requireNonNull(queue, "queue");
    this.store = requireNonNull(store, "store");
    this.formats = Map.copyOf(formats);
    this.catalog = requireNonNull(catalog, "catalog");
    this.providers = requireNonNull(providers, "providers");
    this.natives = requireNonNull(natives, "natives");
    this.options = requireNonNull(options, "options");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Leases the job and moves it on; does nothing if another worker holds it. */
  void attend(String jobId) {
    Instant now = clock.instant();
    Optional<BatchJob> leased =
        queue.leaseJob(jobId, options.workerId(), now, now.plus(options.leaseDuration()));
    if (leased.isEmpty()) {
      return;
    }
    Optional<Instant> revisit = Optional.empty();
    try {
      revisit = moveOn(leased.get());
    } catch (LeaseLostException lost) {
      LOG.log(Level.INFO, "batch " + jobId + ": lease lost; another worker carries on");
      return;
    } catch (RuntimeException failure) {
      LOG.log(Level.WARNING, "batch " + jobId + ": job-level work failed; retrying later", failure);
      revisit = Optional.of(clock.instant().plus(options.nativePoll()));
    }
    queue.releaseJob(jobId, options.workerId(), revisit);
  }

  /** Returns when the job needs attention again, if before its next record event. */
  private Optional<Instant> moveOn(BatchJob job) {
    Instant now = clock.instant();
    boolean expired = !now.isBefore(job.expiresAt());
    return switch (job.status()) {
      case SUBMITTED, VALIDATING -> expired ? finish(job, BatchStatus.EXPIRED) : validate(job);
      case CANCELLING -> stop(job, BatchStatus.CANCELLED);
      case SCHEDULED, IN_PROGRESS, FINALIZING -> {
        if (expired && job.status() != BatchStatus.FINALIZING) {
          yield stop(job, BatchStatus.EXPIRED);
        }
        yield job.execution() == Execution.NATIVE ? natives.follow(job, this) : finishIfDone(job);
      }
      case COMPLETED, PARTIALLY_COMPLETED, FAILED, CANCELLED, EXPIRED -> Optional.empty();
    };
  }

  private Optional<Instant> validate(BatchJob job) {
    Instant now = clock.instant();
    BatchJob validating = job.withStatus(BatchStatus.VALIDATING, now);
    queue.saveJob(validating, options.workerId());
    Optional<ModelEntry> model = firstModel(job.model());
    if (model.isEmpty()) {
      queue.saveJob(validating.failed(List.of(BatchError.ofJob(
          "model_not_found", "The model '" + job.model() + "' does not exist")), now), options.workerId());
      return Optional.empty();
    }
    InputValidation.Result input =
        new InputValidation(store, options.maxRecordsPerJob()).read(validating, format(job));
    if (!input.valid()) {
      queue.saveJob(validating.failed(input.errors(), clock.instant()), options.workerId());
      return Optional.empty();
    }
    Optional<NativeBatches> nativeApi = nativeApi(model.get(), input.lines());
    if (nativeApi.isEmpty()) {
      queue.schedule(
          validating.scheduled(input.records().size(), Execution.ON_DEMAND, Optional.empty()),
          input.records(),
          options.workerId());
      return Optional.empty();
    }
    BatchJob scheduled = validating.scheduled(input.records().size(), Execution.NATIVE, Optional.empty());
    queue.schedule(scheduled, input.records(), options.workerId());
    return natives.submit(scheduled, model.get(), nativeApi.get(), input.lines(), this);
  }

  private Optional<NativeBatches> nativeApi(ModelEntry model, List<BatchLine> lines) {
    boolean allChat = lines.stream().allMatch(line -> line.operation() instanceof Operation.Chat);
    if (!allChat || !providers.has(model.provider())) {
      return Optional.empty();
    }
    return providers.get(model.provider()).nativeBatches();
  }

  Optional<ModelEntry> firstModel(String name) {
    try {
      return Optional.of(catalog.resolve(name).get(0));
    } catch (StrataException notFound) {
      return Optional.empty();
    }
  }

  BatchFormat format(BatchJob job) {
    BatchFormat format = formats.get(job.api());
    if (format == null) {
      throw new IllegalStateException("no batch format for " + job.api());
    }
    return format;
  }

  /** Cancels or expires: pending records are skipped; the job ends once those in flight are done. */
  Optional<Instant> stop(BatchJob job, BatchStatus ending) {
    if (job.execution() == Execution.NATIVE && job.nativeBatch().isPresent()) {
      return natives.stop(job, ending, this);
    }
    if (job.status() != BatchStatus.CANCELLING && ending == BatchStatus.CANCELLED) {
      job = job.withStatus(BatchStatus.CANCELLING, clock.instant());
      queue.saveJob(job, options.workerId());
    }
    queue.skipPending(job.id());
    if (queue.hasUnfinishedRecords(job.id())) {
      return Optional.of(clock.instant().plus(options.idlePoll())); // records in flight
    }
    return finish(job, ending);
  }

  private Optional<Instant> finishIfDone(BatchJob job) {
    if (queue.hasUnfinishedRecords(job.id())) {
      return Optional.empty(); // the last record's completion calls us back
    }
    BatchJob current = queue.job(job.id()).orElse(job);
    RequestCounts counts = current.counts();
    return finish(current, counts.failed() == 0 ? BatchStatus.COMPLETED : BatchStatus.PARTIALLY_COMPLETED);
  }

  /** Writes the output files and sets the terminal status. */
  Optional<Instant> finish(BatchJob job, BatchStatus ending) {
    BatchJob current = queue.job(job.id()).orElse(job);
    BatchJob finalizing = current.status() == BatchStatus.FINALIZING
        ? current
        : current.withStatus(BatchStatus.FINALIZING, clock.instant());
    if (current.counts().total() > 0) {
      queue.saveJob(finalizing, options.workerId());
      finalizing = format(job).writeOutputs(finalizing, (from, limit) -> queue.records(job.id(), from, Math.min(limit, PAGE)), store);
    }
    queue.saveJob(finalizing.withStatus(ending, clock.instant()), options.workerId());
    LOG.log(Level.INFO, () -> "batch " + job.id() + " " + ending.name().toLowerCase(java.util.Locale.ROOT)
        + " with " + current.counts());
    return Optional.empty();
  }

  BatchQueue queue() {
    return queue;
  }

  BatchWorkerOptions options() {
    return options;
  }
}
