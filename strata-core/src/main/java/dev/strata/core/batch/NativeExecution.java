package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.money.Billing;
import dev.strata.core.path.Answer;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Metering;
import dev.strata.core.path.Operation;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.NativeBatchCall;
import dev.strata.core.provider.NativeBatchPoll;
import dev.strata.core.provider.NativeBatches;
import dev.strata.core.provider.ProviderRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Jobs handed to a provider's own batch API: submits the records, polls the upstream batch, and
 * when it has ended, meters each result at the provider's batch price and stores outcome and
 * usage record together.
 */
final class NativeExecution {
  private static final System.Logger LOG = System.getLogger(NativeExecution.class.getName());
  private final ProviderRegistry providers;
  private final CostMeter costMeter;
  private final Clock clock;

  NativeExecution(ProviderRegistry providers, CostMeter costMeter, Clock clock) {
    this.providers = requireNonNull(providers, "providers");
    this.costMeter = requireNonNull(costMeter, "costMeter");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Submits a scheduled job's records upstream and notes the upstream batch on the job. */
  Optional<Instant> submit(
      BatchJob job,
      ModelEntry model,
      NativeBatches upstream,
      List<BatchLine> lines,
      JobSteward steward) {
    List<NativeBatchCall> calls = new ArrayList<>(lines.size());
    for (BatchLine line : lines) {
      Operation.Chat chat = (Operation.Chat) line.operation();
      calls.add(new NativeBatchCall(line.customId(), new ModelCall(chat.request(), model.upstreamModel())));
    }
    String upstreamId;
    try {
      upstreamId = upstream.submit(calls);
    } catch (StrataException refused) {
      if (refused.isRetryable()) {
        throw refused; // nothing was created upstream: the next pass submits again
      }
      return refusedSubmission(job, model, refused, steward);
    }
    BatchJob submitted = new BatchJob(
        job.id(), job.api(), job.name(), job.owner(), job.model(), job.endpoint(), job.input(),
        job.output(), BatchStatus.IN_PROGRESS, Execution.NATIVE, job.createdAt(), job.expiresAt(),
        Optional.of(clock.instant()), job.finishedAt(), job.counts(), job.metadata(), job.details(),
        job.errors(), job.outputFileId(), job.errorFileId(),
        Optional.of(new NativeBatch(model.provider(), model.upstreamModel(), upstreamId)),
        job.clientToken());
    steward.queue().saveJob(submitted, steward.options().workerId());
    return revisit(steward);
  }

  /**
   * An upstream without a batch API runs the job on demand instead; any other refusal — including
   * one whose outcome is unknown, where submitting again could pay twice — fails the job.
   */
  private Optional<Instant> refusedSubmission(
      BatchJob job, ModelEntry model, StrataException refused, JobSteward steward) {
    if (refused.code().filter(NativeBatches.UNSUPPORTED::equals).isPresent()) {
      LOG.log(Level.WARNING, "provider " + model.provider() + " has no batch API (" + refused.getMessage()
          + "); batch " + job.id() + " runs on demand. Set providers." + model.provider()
          + ".nativeBatch: false to skip the attempt.");
      steward.queue().saveJob(job.withExecution(Execution.ON_DEMAND), steward.options().workerId());
      return Optional.empty();
    }
    steward.queue().skipPending(job.id());
    steward.queue().saveJob(
        job.failed(List.of(BatchError.ofJob("provider_batch_refused",
            "The provider refused the batch: " + refused.getMessage())), clock.instant()),
        steward.options().workerId());
    return Optional.empty();
  }

  /** Polls the upstream batch; once it ended, stores its results and finishes the job. */
  Optional<Instant> follow(BatchJob job, JobSteward steward) {
    if (job.nativeBatch().isEmpty()) {
      return resubmit(job, steward);
    }
    NativeBatch batch = job.nativeBatch().get();
    NativeBatchPoll poll = upstream(batch).poll(batch.upstreamBatchId());
    return switch (poll) {
      case NativeBatchPoll.Running running -> revisit(steward);
      case NativeBatchPoll.Ended ended -> {
        store(job, ended, steward);
        BatchJob current = steward.queue().job(job.id()).orElse(job);
        BatchStatus ending = current.status() == BatchStatus.CANCELLING
            ? BatchStatus.CANCELLED
            : current.counts().failed() == 0 ? BatchStatus.COMPLETED : BatchStatus.PARTIALLY_COMPLETED;
        steward.queue().skipPending(job.id());
        yield steward.finish(current, ending);
      }
      case NativeBatchPoll.Failed failed -> {
        steward.queue().skipPending(job.id());
        steward.queue().saveJob(
            job.failed(List.of(BatchError.ofJob("provider_batch_failed",
                "The provider's batch " + batch.upstreamBatchId() + " failed: " + failed.reason())),
                clock.instant()),
            steward.options().workerId());
        yield Optional.empty();
      }
    };
  }

  /** Asks the upstream to stop; results that arrive are still stored, the rest skipped. */
  Optional<Instant> stop(BatchJob job, BatchStatus ending, JobSteward steward) {
    NativeBatch batch = job.nativeBatch().orElseThrow();
    if (job.status() != BatchStatus.CANCELLING) {
      upstream(batch).cancel(batch.upstreamBatchId());
      steward.queue().saveJob(job.withStatus(BatchStatus.CANCELLING, clock.instant()), steward.options().workerId());
    }
    NativeBatchPoll poll = upstream(batch).poll(batch.upstreamBatchId());
    if (poll instanceof NativeBatchPoll.Running) {
      return revisit(steward);
    }
    if (poll instanceof NativeBatchPoll.Ended ended) {
      store(job, ended, steward);
    }
    steward.queue().skipPending(job.id());
    return steward.finish(job, ending);
  }

  /** A native job whose submission was cut short by a crash: submit it again. */
  private Optional<Instant> resubmit(BatchJob job, JobSteward steward) {
    ModelEntry model = steward.firstModel(job.model()).orElseThrow(
        () -> StrataException.modelNotFound(job.model()));
    NativeBatches upstream = providers.get(model.provider()).nativeBatches().orElseThrow(
        () -> StrataException.internal("provider " + model.provider() + " lost its batch API", null));
    BatchFormat format = steward.format(job);
    List<BatchLine> lines = new ArrayList<>();
    for (BatchRecord record : allRecords(job, steward)) {
      lines.add(format.read(job, record.index(), record.input()));
    }
    return submit(job, model, upstream, lines, steward);
  }

  private void store(BatchJob job, NativeBatchPoll.Ended ended, JobSteward steward) {
    BatchFormat format = steward.format(job);
    ModelEntry model = steward.firstModel(job.model()).orElseThrow(
        () -> StrataException.modelNotFound(job.model()));
    Map<String, BatchRecord> byId = new HashMap<>();
    for (BatchRecord record : allRecords(job, steward)) {
      byId.put(record.customId(), record);
    }
    Map<Integer, RecordOutcome> outcomes = new HashMap<>();
    for (NativeBatchPoll.NativeBatchResult result : ended.results()) {
      BatchRecord record = byId.get(result.customId());
      if (record == null || record.state().isDone()) {
        continue;
      }
      BatchLine line = format.read(job, record.index(), record.input());
      String requestId = RecordPump.requestId(job.id(), record.index());
      if (result.answer().isPresent()) {
        ChatResponse answer = result.answer().get();
        UsageRecord usage = usageRecord(job, line, model, answer, requestId);
        outcomes.put(record.index(), new RecordOutcome(
            true, format.success(job, line, new Answer.Chat(answer), requestId), Optional.of(usage)));
      } else {
        outcomes.put(record.index(), new RecordOutcome(
            false, format.failure(job, line, result.error().orElseThrow(), requestId), Optional.empty()));
      }
    }
    steward.queue().completeNative(steward.options().workerId(), job.id(), outcomes, clock.instant());
  }

  private UsageRecord usageRecord(
      BatchJob job, BatchLine line, ModelEntry model, ChatResponse answer, String requestId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Metering metering = costMeter.meterChat(
        model, (Operation.Chat) line.operation(), answer, 0, LocalDate.ofInstant(now, ZoneOffset.UTC),
        Billing.BATCH);
    Principal owner = job.owner();
    return new UsageRecord(
        requestId, job.startedAt().orElse(job.createdAt()).truncatedTo(ChronoUnit.MILLIS), now,
        owner, job.api().wireName(), line.operation().name(), job.model(), model.name(),
        model.provider(), metering.usage(), metering.source(), metering.cost().total(),
        metering.cost().priceReference(), metering.cost().tier(), false, "ok", 200,
        java.time.Duration.between(job.startedAt().orElse(job.createdAt()), now).toMillis(),
        OptionalLong.empty());
  }

  private static List<BatchRecord> allRecords(BatchJob job, JobSteward steward) {
    List<BatchRecord> all = new ArrayList<>();
    for (int from = 0; ; ) {
      List<BatchRecord> page = steward.queue().records(job.id(), from, 500);
      all.addAll(page);
      if (page.size() < 500) {
        return all;
      }
      from = page.get(page.size() - 1).index() + 1;
    }
  }

  private NativeBatches upstream(NativeBatch batch) {
    return providers.get(batch.provider()).nativeBatches().orElseThrow(
        () -> StrataException.internal("provider " + batch.provider() + " has no batch API any more", null));
  }

  private Optional<Instant> revisit(JobSteward steward) {
    return Optional.of(clock.instant().plus(steward.options().nativePoll()));
  }
}
