package dev.strata.core.provider;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import java.util.List;
import java.util.Optional;

/** What polling an upstream batch found. */
public sealed interface NativeBatchPoll {
  /** Still validating or running; {@code done} of {@code total} calls finished so far. */
  record Running(long done, long total) implements NativeBatchPoll {}

  /**
   * Ended (completed, expired or cancelled upstream): the results of the calls that finished;
   * calls without a result did not run.
   */
  record Ended(List<NativeBatchResult> results) implements NativeBatchPoll {
    public Ended {
      results = List.copyOf(requireNonNull(results, "results"));
    }
  }

  /** The upstream rejected or lost the whole batch; no call ran. */
  record Failed(String reason) implements NativeBatchPoll {
    public Failed {
      requireNonNull(reason, "reason");
    }
  }

  /** The result of one call: its answer, with the usage the provider reported, or its error. */
  record NativeBatchResult(
      String customId, Optional<ChatResponse> answer, Optional<StrataException> error) {
    public NativeBatchResult {
      requireNonNull(customId, "customId");
      requireNonNull(answer, "answer");
      requireNonNull(error, "error");
      if (answer.isPresent() == error.isPresent()) {
        throw new IllegalArgumentException("a result has either an answer or an error");
      }
    }
  }
}
