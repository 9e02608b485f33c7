package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.Usage;
import java.util.Optional;

/**
 * One record of a job: its input line, and once done, its output line.
 *
 * @param jobId the job
 * @param index its 0-based position in the input file (line numbers are {@code index + 1} for
 *     files without blank lines)
 * @param customId the caller's id for it (OpenAI {@code custom_id}, Bedrock {@code recordId})
 * @param input the input line, as submitted
 * @param state where it is
 * @param output the output line (success or error, in the job's API format), once done
 * @param attempts how many times it has been claimed
 * @param usage the tokens it used, once done (zero before, and for records that never ran)
 */
public record BatchRecord(
    String jobId,
    int index,
    String customId,
    String input,
    RecordState state,
    Optional<String> output,
    int attempts,
    Usage usage) {
  public BatchRecord {
    requireNonNull(jobId, "jobId");
    requireNonNull(customId, "customId");
    requireNonNull(input, "input");
    requireNonNull(state, "state");
    requireNonNull(output, "output");
    requireNonNull(usage, "usage");
    if (index < 0 || attempts < 0) {
      throw new IllegalArgumentException("index and attempts cannot be negative");
    }
  }

  /** A validated record waiting to run. */
  public static BatchRecord pending(String jobId, int index, String customId, String input) {
    return new BatchRecord(jobId, index, customId, input, RecordState.PENDING, Optional.empty(), 0, Usage.ZERO);
  }
}
