package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

/**
 * One event of a streamed answer, in Bedrock ConverseStream's order: message start, then per
 * content block an optional start (tool use), deltas and a stop, then message stop and usage.
 */
public sealed interface StreamEvent {

  /** The assistant message begins. */
  record MessageStart(Role role) implements StreamEvent {
    public MessageStart {
      requireNonNull(role, "role");
    }
  }

  /** A tool-use block begins at {@code index}. Text blocks begin with their first delta. */
  record ToolUseStart(int index, String toolUseId, String name) implements StreamEvent {
    public ToolUseStart {
      requireNonNull(toolUseId, "toolUseId");
      requireNonNull(name, "name");
    }
  }

  /** More text for the text block at {@code index}. */
  record TextDelta(int index, String text) implements StreamEvent {
    public TextDelta {
      requireNonNull(text, "text");
    }
  }

  /** A fragment of the JSON input of the tool-use block at {@code index}. */
  record ToolInputDelta(int index, String partialJson) implements StreamEvent {
    public ToolInputDelta {
      requireNonNull(partialJson, "partialJson");
    }
  }

  /** The block at {@code index} is complete. */
  record ContentBlockStop(int index) implements StreamEvent {}

  /** The message is complete. */
  record MessageStop(StopReason stopReason) implements StreamEvent {
    public MessageStop {
      requireNonNull(stopReason, "stopReason");
    }
  }

  /** Token usage reported by the upstream at the end of the stream. */
  record UsageReport(Usage usage) implements StreamEvent {
    public UsageReport {
      requireNonNull(usage, "usage");
    }
  }
}
