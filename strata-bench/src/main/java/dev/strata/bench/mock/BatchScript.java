package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

/** How the mock runs one batch: normally, or as a test scripted it. */
sealed interface BatchScript {
  /** Every line runs, and the batch completes. */
  record Complete() implements BatchScript {}

  /** Validation fails the whole batch with this error; no line runs. */
  record Fail(String code, String message) implements BatchScript {
    public Fail {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }
  }

  /** The first {@code linesRun} lines run, then the completion window ends: the batch expires. */
  record Expire(int linesRun) implements BatchScript {
    public Expire {
      if (linesRun < 0) {
        throw new IllegalArgumentException("linesRun cannot be negative, was " + linesRun);
      }
    }
  }
}
