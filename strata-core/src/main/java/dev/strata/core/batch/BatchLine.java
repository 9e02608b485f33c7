package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.path.Operation;
import java.util.Optional;

/**
 * One input line read into a request: the caller's id for it, what it asks for, and the part of
 * the line its output line repeats (Bedrock's {@code modelInput}; empty for OpenAI).
 */
public record BatchLine(String customId, Operation operation, Optional<String> echo) {
  public BatchLine {
    requireNonNull(customId, "customId");
    requireNonNull(operation, "operation");
    requireNonNull(echo, "echo");
    if (operation instanceof Operation.Chat chat && chat.isStreaming()) {
      throw new IllegalArgumentException("a batch line cannot stream");
    }
  }

  /** A line whose output repeats nothing of it. */
  public BatchLine(String customId, Operation operation) {
    this(customId, operation, Optional.empty());
  }
}
