package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

/** An input line that is not a valid record, naming the field at fault. */
public final class BatchLineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String param;

  /**
   * @param code machine-readable, e.g. {@code invalid_json}, {@code missing_field},
   *     {@code invalid_value}, {@code model_mismatch}, {@code duplicate_custom_id}
   * @param param the field at fault, e.g. {@code body.messages[0].role}, or empty
   */
  public BatchLineException(String code, String param, String message) {
    super(requireNonNull(message, "message"));
    this.code = requireNonNull(code, "code");
    this.param = requireNonNull(param, "param");
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }

  /** This problem as the job error for line {@code line} (1-based). */
  public BatchError atLine(int line) {
    return BatchError.atLine(line, code, param, "Line " + line + ": " + getMessage());
  }
}
