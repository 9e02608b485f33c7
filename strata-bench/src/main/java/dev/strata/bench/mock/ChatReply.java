package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What the mock answers to one chat request, before it is rendered whole or as a stream. */
record ChatReply(
    String id,
    long created,
    String model,
    String text,
    Optional<ToolCall> toolCall,
    String finishReason,
    Optional<MockUsage> usage) {

  ChatReply {
    requireNonNull(id, "id");
    requireNonNull(model, "model");
    requireNonNull(text, "text");
    requireNonNull(toolCall, "toolCall");
    requireNonNull(finishReason, "finishReason");
    requireNonNull(usage, "usage");
  }

  /** A call of a function tool. */
  record ToolCall(String id, String name, String arguments) {
    ToolCall {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      requireNonNull(arguments, "arguments");
    }
  }
}
