package dev.strata.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.Role;
import dev.strata.core.model.StreamEvent;
import java.util.Optional;

/**
 * Maps one ConverseStream event — its {@code :event-type} and JSON payload — to its canonical
 * event; events Strata does not relay (reasoning, citations, unknown kinds) map to nothing.
 */
final class StreamEvents {
  private StreamEvents() {}

  /** Whether events of {@code eventType} can map to a canonical event, so are worth parsing. */
  static boolean isRelayed(String eventType) {
    return switch (eventType) {
      case "messageStart",
          "contentBlockStart",
          "contentBlockDelta",
          "contentBlockStop",
          "messageStop",
          "metadata" ->
          true;
      default -> false;
    };
  }

  static Optional<StreamEvent> canonical(String eventType, JsonNode payload) {
    return switch (eventType) {
      case "messageStart" -> Optional.of(new StreamEvent.MessageStart(Role.ASSISTANT));
      case "contentBlockStart" -> {
        JsonNode toolUse = payload.path("start").path("toolUse");
        if (!toolUse.isObject()) {
          yield Optional.empty();
        }
        yield Optional.of(
            new StreamEvent.ToolUseStart(
                index(payload),
                toolUse.path("toolUseId").asText(""),
                toolUse.path("name").asText("")));
      }
      case "contentBlockDelta" -> {
        JsonNode delta = payload.path("delta");
        JsonNode text = delta.get("text");
        if (text != null && text.isTextual()) {
          yield Optional.of(new StreamEvent.TextDelta(index(payload), text.asText()));
        }
        JsonNode input = delta.path("toolUse").get("input");
        if (input != null && input.isTextual()) {
          yield Optional.of(new StreamEvent.ToolInputDelta(index(payload), input.asText()));
        }
        yield Optional.empty();
      }
      case "contentBlockStop" -> Optional.of(new StreamEvent.ContentBlockStop(index(payload)));
      case "messageStop" ->
          Optional.of(
              new StreamEvent.MessageStop(
                  ConverseResponseJson.stopReason(payload.path("stopReason").asText(null))));
      case "metadata" -> {
        JsonNode usage = payload.get("usage");
        yield usage != null && usage.isObject()
            ? Optional.of(new StreamEvent.UsageReport(ConverseResponseJson.usage(usage)))
            : Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  private static int index(JsonNode payload) {
    return payload.path("contentBlockIndex").asInt(0);
  }
}
