package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.path.Answer;
import java.util.Optional;

/** How running one record through the request path went, and the usage record it produced. */
public sealed interface RecordRun {
  Optional<UsageRecord> usage();

  record Answered(Answer answer, Optional<UsageRecord> usage) implements RecordRun {
    public Answered {
      requireNonNull(answer, "answer");
      requireNonNull(usage, "usage");
    }
  }

  record Refused(StrataException error, Optional<UsageRecord> usage) implements RecordRun {
    public Refused {
      requireNonNull(error, "error");
      requireNonNull(usage, "usage");
    }
  }
}
