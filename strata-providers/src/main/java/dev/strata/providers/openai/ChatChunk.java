package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.Usage;
import java.util.List;
import java.util.Optional;

/**
 * What one streamed {@code chat.completion.chunk} carries for Strata: the deltas of its first
 * choice (index 0; other choices are not relayed), the usage when the chunk reports it, and whether
 * it is an error object instead of a chunk. Read by {@link ChatChunkReader} without a JSON tree.
 *
 * @param choices the entries of {@code choices} with index 0, in order (normally one)
 * @param usage the chunk's {@code usage}, when it holds token counts
 * @param error true when the chunk has a top-level {@code error} field
 */
record ChatChunk(List<Delta> choices, Optional<Usage> usage, boolean error) {

  ChatChunk {
    choices = List.copyOf(choices);
    requireNonNull(usage, "usage");
  }

  /**
   * One choice's delta.
   *
   * @param text the {@code content} text ("" when none)
   * @param refusal the {@code refusal} text ("" when none)
   * @param toolCalls the {@code tool_calls} fragments, as sent
   * @param finishReason the {@code finish_reason}, when it is a string
   * @param stopSequenceNamed true when the choice names the matched stop string (vLLM's {@code
   *     stop_reason})
   */
  record Delta(
      String text,
      String refusal,
      List<JsonNode> toolCalls,
      Optional<String> finishReason,
      boolean stopSequenceNamed) {

    Delta {
      requireNonNull(text, "text");
      requireNonNull(refusal, "refusal");
      toolCalls = List.copyOf(toolCalls);
      requireNonNull(finishReason, "finishReason");
    }
  }
}
