package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.objectstore.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a job's input file into records, checking every line with the job's format. Problems are
 * collected (the first {@value #MAX_ERRORS}) with their line numbers, so the caller learns all that
 * is wrong at once.
 */
final class InputValidation {
  static final int MAX_ERRORS = 100;

  /** The records of a valid file, or the errors of an invalid one. */
  record Result(List<BatchRecord> records, List<BatchLine> lines, List<BatchError> errors) {
    boolean valid() {
      return errors.isEmpty();
    }
  }

  private final ObjectStore store;
  private final int maxRecords;

  InputValidation(ObjectStore store, int maxRecords) {
    this.store = requireNonNull(store, "store");
    this.maxRecords = maxRecords;
  }

  Result read(BatchJob job, BatchFormat format) {
    Optional<InputStream> input = store.open(job.input());
    if (input.isEmpty()) {
      return failed(BatchError.ofJob(
          "file_not_found", "The input file " + job.input().uri() + " does not exist"));
    }
    List<BatchRecord> records = new ArrayList<>();
    List<BatchLine> lines = new ArrayList<>();
    List<BatchError> errors = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(input.get(), decoder))) {
      int lineNumber = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        lineNumber++;
        if (text.isBlank()) {
          continue;
        }
        if (records.size() == maxRecords) {
          errors.add(BatchError.ofJob(
              "too_many_records", "The input file has more than " + maxRecords + " records"));
          break;
        }
        try {
          BatchLine line = format.read(job, records.size(), text);
          if (!ids.add(line.customId())) {
            throw new BatchLineException(
                "duplicate_custom_id", idField(job),
                "the id '" + line.customId() + "' is used by an earlier line; ids must be unique");
          }
          records.add(BatchRecord.pending(job.id(), records.size(), line.customId(), text));
          lines.add(line);
        } catch (BatchLineException invalid) {
          if (errors.size() < MAX_ERRORS) {
            errors.add(invalid.atLine(lineNumber));
          }
          records.add(BatchRecord.pending(job.id(), records.size(), "", text)); // keeps counting
        }
      }
    } catch (CharacterCodingException e) {
      errors.add(BatchError.ofJob("invalid_encoding", "The input file is not valid UTF-8"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + job.input().uri(), e);
    }
    if (errors.isEmpty() && records.isEmpty()) {
      errors.add(BatchError.ofJob("empty_file", "The input file has no records"));
    }
    return errors.isEmpty() ? new Result(records, lines, List.of()) : new Result(List.of(), List.of(), errors);
  }

  private static Result failed(BatchError error) {
    return new Result(List.of(), List.of(), List.of(error));
  }

  private static String idField(BatchJob job) {
    return job.api() == BatchApi.OPENAI ? "custom_id" : "recordId";
  }
}
