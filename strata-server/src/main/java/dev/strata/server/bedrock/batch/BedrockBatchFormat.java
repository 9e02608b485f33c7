package dev.strata.server.bedrock.batch;

import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchFormat;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchLineException;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.core.path.Answer;

/**
 * Bedrock batch inference's file formats: input lines {@code {"recordId", "modelInput"}} whose
 * {@code modelInput} is an InvokeModel body (Anthropic Messages or Converse); output lines that
 * repeat both and add {@code modelOutput} (the InvokeModel response) or {@code error}; and, when
 * the job is done, {@code <output>/<jobId>/<input>.out} with a {@code manifest.json.out} of counts.
 */
public final class BedrockBatchFormat implements BatchFormat {
  /** The operation every record of a Bedrock job runs. */
  static final String ENDPOINT = "invoke";

  private final RecordReader reader = new RecordReader();

  @Override
  public BatchApi api() {
    return BatchApi.BEDROCK;
  }

  @Override
  public BatchLine read(BatchJob job, int index, String line) {
    return reader.read(job, index, line);
  }

  @Override
  public String success(BatchJob job, BatchLine line, Answer answer, String requestId) {
    return RecordLines.success(job, line, answer, requestId);
  }

  @Override
  public String failure(BatchJob job, BatchLine line, StrataException error, String requestId) {
    return RecordLines.failure(line, error);
  }

  @Override
  public String unreadable(
      BatchJob job, String customId, BatchLineException error, String requestId) {
    return RecordLines.unreadable(customId, error.getMessage());
  }

  @Override
  public BatchJob writeOutputs(BatchJob job, RecordPages records, ObjectStore store) {
    return OutputFiles.write(job, records, store);
  }

  @Override
  public String toString() {
    return "BedrockBatchFormat";
  }
}
