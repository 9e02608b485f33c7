package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchFormat;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchLineException;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.core.path.Answer;
import java.time.Clock;

/**
 * OpenAI's batch files: input lines {@code {custom_id, method:"POST", url, body}} checked and
 * decoded as the batch's endpoint would, output lines carrying exactly the endpoint's answer, and
 * the output and error files written as OpenAI files the caller downloads from {@code /v1/files}.
 */
public final class OpenAiBatchFormat implements BatchFormat {
  /** {@link BatchJob#details()} key: the completion window the batch was created with. */
  static final String COMPLETION_WINDOW = "completion_window";

  /** {@link BatchJob#details()} key: seconds the output files live after they are written. */
  static final String OUTPUT_EXPIRES_AFTER = "output_expires_after_seconds";

  private final Clock clock;

  /** @param clock stamps answers' {@code created} and the output files' creation */
  public OpenAiBatchFormat(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public BatchApi api() {
    return BatchApi.OPENAI;
  }

  @Override
  public BatchLine read(BatchJob job, int index, String line) {
    requireNonNull(job, "job");
    requireNonNull(line, "line");
    return LineReader.read(job, line);
  }

  @Override
  public String success(BatchJob job, BatchLine line, Answer answer, String requestId) {
    requireNonNull(answer, "answer");
    return OutputLines.success(
        requireNonNull(line, "line"),
        answer,
        requireNonNull(requestId, "requestId"),
        clock.instant().getEpochSecond());
  }

  @Override
  public String failure(BatchJob job, BatchLine line, StrataException error, String requestId) {
    return OutputLines.failure(
        requireNonNull(line, "line"),
        requireNonNull(error, "error"),
        requireNonNull(requestId, "requestId"));
  }

  @Override
  public String unreadable(
      BatchJob job, String customId, BatchLineException error, String requestId) {
    return OutputLines.unreadable(
        requireNonNull(customId, "customId"),
        requireNonNull(error, "error"),
        requireNonNull(requestId, "requestId"));
  }

  @Override
  public BatchJob writeOutputs(BatchJob job, RecordPages records, ObjectStore store) {
    requireNonNull(job, "job");
    requireNonNull(records, "records");
    return new OutputFiles(new OpenAiFiles(requireNonNull(store, "store"), clock), clock)
        .write(job, records);
  }

  @Override
  public String toString() {
    return "OpenAiBatchFormat";
  }
}
