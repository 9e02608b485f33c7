package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchFormat;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.RecordState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes a finished job's output file (the answered records' lines) and, when some record failed
 * or never ran, its error file, as OpenAI files of purpose {@code batch_output} owned by the job's
 * tenant. Their ids follow from the job's, so writing them again after a restart replaces them
 * rather than leaving copies.
 */
final class OutputFiles {
  static final String PURPOSE = "batch_output";

  private final OpenAiFiles files;
  private final Clock clock;

  OutputFiles(OpenAiFiles files, Clock clock) {
    this.files = requireNonNull(files, "files");
    this.clock = requireNonNull(clock, "clock");
  }

  BatchJob write(BatchJob job, BatchFormat.RecordPages pages) {
    Instant now = clock.instant();
    Optional<Instant> expiresAt =
        Optional.ofNullable(job.details().get(OpenAiBatchFormat.OUTPUT_EXPIRES_AFTER))
            .map(seconds -> now.plusSeconds(Long.parseLong(seconds)));
    RecordLines succeeded =
        new RecordLines(
            pages,
            record ->
                record.state() == RecordState.SUCCEEDED ? record.output() : Optional.empty());
    StoredFile output =
        files.write(
            Ids.derivedFileId(job.createdAt(), job.id() + "/output"),
            job.owner().tenant(),
            job.id() + "_output.jsonl",
            PURPOSE,
            succeeded,
            now,
            expiresAt);
    Optional<String> errorFile = Optional.empty();
    if (succeeded.statesSeen().contains(RecordState.FAILED)
        || succeeded.statesSeen().contains(RecordState.SKIPPED)) {
      boolean expired = isExpired(job, now);
      RecordLines failed = new RecordLines(pages, record -> errorLine(job, record, expired));
      errorFile =
          Optional.of(
              files
                  .write(
                      Ids.derivedFileId(job.createdAt(), job.id() + "/error"),
                      job.owner().tenant(),
                      job.id() + "_error.jsonl",
                      PURPOSE,
                      failed,
                      now,
                      expiresAt)
                  .id());
    }
    return job.withFiles(Optional.of(output.id()), errorFile);
  }

  private static Optional<String> errorLine(BatchJob job, BatchRecord record, boolean expired) {
    return switch (record.state()) {
      case FAILED -> record.output();
      case SKIPPED ->
          Optional.of(
              OutputLines.skipped(
                  record.customId(), Ids.skippedRequestId(job.id(), record.index()), expired));
      case PENDING, LEASED, SUCCEEDED -> Optional.empty();
    };
  }

  /** Skipped records were skipped by a cancel, unless the job expired without one. */
  private static boolean isExpired(BatchJob job, Instant now) {
    return switch (job.status()) {
      case CANCELLING, CANCELLED -> false;
      case EXPIRED -> true;
      default -> !now.isBefore(job.expiresAt());
    };
  }
}
