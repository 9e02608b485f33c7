package dev.strata.core.batch;

/**
 * Where a batch job is in its life, with the names OpenAI and Bedrock give each state. Terminal
 * states never change again.
 */
public enum BatchStatus {
  /** Accepted; the input file has not been read yet. */
  SUBMITTED("validating", "Submitted"),
  /** The input file is being read and checked line by line. */
  VALIDATING("validating", "Validating"),
  /** Valid and queued; no record has started. */
  SCHEDULED("in_progress", "Scheduled"),
  IN_PROGRESS("in_progress", "InProgress"),
  /** Every record is done; output files are being written. */
  FINALIZING("finalizing", "InProgress"),
  COMPLETED("completed", "Completed"),
  /** Done, with some records failed (OpenAI reports it as completed with failed counts). */
  PARTIALLY_COMPLETED("completed", "PartiallyCompleted"),
  FAILED("failed", "Failed"),
  /** Cancellation asked for; records in flight finish, the rest are skipped. */
  CANCELLING("cancelling", "Stopping"),
  CANCELLED("cancelled", "Stopped"),
  /** The completion window or timeout passed before every record was done. */
  EXPIRED("expired", "Expired");

  private final String openAi;
  private final String bedrock;

  BatchStatus(String openAi, String bedrock) {
    this.openAi = openAi;
    this.bedrock = bedrock;
  }

  /** The status as OpenAI's Batch object spells it. */
  public String openAi() {
    return openAi;
  }

  /** The status as Bedrock's model-invocation job spells it. */
  public String bedrock() {
    return bedrock;
  }

  public boolean isTerminal() {
    return switch (this) {
      case COMPLETED, PARTIALLY_COMPLETED, FAILED, CANCELLED, EXPIRED -> true;
      default -> false;
    };
  }

  /** The status whose Bedrock name is {@code name}, for list filters. */
  public static java.util.Optional<BatchStatus> fromBedrock(String name) {
    for (BatchStatus status : values()) {
      if (status.bedrock.equals(name) && status != FINALIZING) {
        return java.util.Optional.of(status);
      }
    }
    return java.util.Optional.empty();
  }
}
