package dev.strata.core.batch;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.core.path.Answer;

/**
 * One API's batch file formats: how an input line reads into a request, how an answer or an error
 * is written as an output line, and which output files a finished job leaves behind.
 */
public interface BatchFormat {
  BatchApi api();

  /**
   * Reads one non-blank input line of {@code job}; {@code index} is its 0-based position among the
   * job's records (for ids the format generates, e.g. Bedrock's missing {@code recordId}).
   *
   * @throws BatchLineException naming the field when the line is not a valid record
   */
  BatchLine read(BatchJob job, int index, String line);

  /** The output line for a record that was answered; {@code requestId} is Strata's id for it. */
  String success(BatchJob job, BatchLine line, Answer answer, String requestId);

  /** The output line for a record that failed. */
  String failure(BatchJob job, BatchLine line, StrataException error, String requestId);

  /**
   * The output line for a record whose input line could not be read at run time (it passed
   * validation, so this only happens when formats change between versions).
   */
  String unreadable(BatchJob job, String customId, BatchLineException error, String requestId);

  /**
   * Writes the finished job's output files (every done record, in index order, read page by page
   * from {@code records}) to {@code store} and returns the job with their ids or locations.
   */
  BatchJob writeOutputs(BatchJob job, RecordPages records, ObjectStore store);

  /** Reads a job's records page by page, in index order. */
  @FunctionalInterface
  interface RecordPages {
    /** Up to {@code limit} records from {@code fromIndex} on; fewer only at the end. */
    java.util.List<BatchRecord> page(int fromIndex, int limit);
  }
}
