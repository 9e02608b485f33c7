package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * Why a job (not a single record) failed: typically a line of the input file that is not valid,
 * named by its 1-based line number and the field at fault.
 *
 * @param code a machine-readable reason, e.g. {@code invalid_json} or {@code missing_field}
 * @param message what is wrong, for people
 * @param line the 1-based input line, when the error is about one
 * @param param the field at fault, e.g. {@code body.messages}, or empty
 */
public record BatchError(String code, String message, OptionalInt line, String param) {
  public BatchError {
    requireNonNull(code, "code");
    requireNonNull(message, "message");
    requireNonNull(line, "line");
    requireNonNull(param, "param");
  }

  public static BatchError atLine(int line, String code, String param, String message) {
    return new BatchError(code, message, OptionalInt.of(line), param);
  }

  public static BatchError ofJob(String code, String message) {
    return new BatchError(code, message, OptionalInt.empty(), "");
  }
}
