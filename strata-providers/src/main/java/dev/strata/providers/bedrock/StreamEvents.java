package dev.strata.providers.bedrock;

import dev.strata.core.model.Role;
import dev.strata.core.model.StreamEvent;
import java.util.Optional;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

/**
 * Maps one ConverseStream event to its canonical event; events Strata does not relay (reasoning,
 * citations, unknown kinds) map to nothing.
 */
final class StreamEvents {
  private StreamEvents() {}

  static Optional<StreamEvent> canonical(ConverseStreamOutput event) {
    return switch (event) {
      case MessageStartEvent start -> Optional.of(new StreamEvent.MessageStart(Role.ASSISTANT));
      case ContentBlockStartEvent start -> {
        if (start.start() == null || start.start().toolUse() == null) {
          yield Optional.empty();
        }
        yield Optional.of(
            new StreamEvent.ToolUseStart(
                index(start.contentBlockIndex()),
                start.start().toolUse().toolUseId(),
                start.start().toolUse().name()));
      }
      case ContentBlockDeltaEvent delta -> {
        int index = index(delta.contentBlockIndex());
        if (delta.delta() == null) {
          yield Optional.empty();
        }
        if (delta.delta().text() != null) {
          yield Optional.of(new StreamEvent.TextDelta(index, delta.delta().text()));
        }
        if (delta.delta().toolUse() != null && delta.delta().toolUse().input() != null) {
          yield Optional.of(new StreamEvent.ToolInputDelta(index, delta.delta().toolUse().input()));
        }
        yield Optional.empty();
      }
      case ContentBlockStopEvent stop ->
          Optional.of(new StreamEvent.ContentBlockStop(index(stop.contentBlockIndex())));
      case MessageStopEvent stop ->
          Optional.of(new StreamEvent.MessageStop(ConverseAnswers.stopReason(stop.stopReason())));
      case ConverseStreamMetadataEvent metadata ->
          metadata.usage() == null
              ? Optional.empty()
              : Optional.of(new StreamEvent.UsageReport(ConverseAnswers.usage(metadata.usage())));
      default -> Optional.empty();
    };
  }

  private static int index(Integer index) {
    return index == null ? 0 : index;
  }
}
