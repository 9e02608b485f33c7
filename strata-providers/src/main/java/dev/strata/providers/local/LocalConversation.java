package dev.strata.providers.local;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.ToolChoice;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat request as the local engine's chat template takes it: the system text and the turns as
 * plain text. Anything the engine cannot express — images, documents, tools, structured output — is
 * refused here as the caller's error, before any work; cache points are dropped, because the engine
 * reuses any shared prompt prefix on its own.
 *
 * @param system the system prompt, empty for none
 * @param turns the conversation, oldest first
 */
record LocalConversation(String system, List<Turn> turns) {

  /** One message: {@code user} or {@code assistant}, and its text. */
  record Turn(String role, String text) {
    Turn {
      requireNonNull(role, "role");
      requireNonNull(text, "text");
    }
  }

  LocalConversation {
    requireNonNull(system, "system");
    turns = List.copyOf(requireNonNull(turns, "turns"));
  }

  static LocalConversation of(ChatRequest request) {
    requireNonNull(request, "request");
    request
        .tools()
        .ifPresent(
            tools -> {
              if (!tools.tools().isEmpty() && !(tools.choice() instanceof ToolChoice.None)) {
                throw StrataException.invalid("tools", "the local engine does not support tools");
              }
            });
    switch (request.responseFormat()) {
      case ResponseFormat.Text text -> {}
      case ResponseFormat.JsonObject json ->
          throw StrataException.invalid(
              "response_format", "the local engine does not support JSON response formats");
      case ResponseFormat.JsonSchema schema ->
          throw StrataException.invalid(
              "response_format", "the local engine does not support JSON response formats");
    }
    for (ContentBlock block : request.system()) {
      switch (block) {
        case ContentBlock.Text text -> {}
        case ContentBlock.CachePoint point -> {}
        default -> throw unsupported("system", block);
      }
    }
    if (request.messages().isEmpty()) {
      throw StrataException.invalid("messages", "the request has no messages");
    }
    List<Turn> turns = new ArrayList<>(request.messages().size());
    for (Message message : request.messages()) {
      turns.add(new Turn(role(message), text(message)));
    }
    return new LocalConversation(request.systemText(), turns);
  }

  private static String role(Message message) {
    return switch (message.role()) {
      case USER -> "user";
      case ASSISTANT -> "assistant";
    };
  }

  private static String text(Message message) {
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : message.content()) {
      switch (block) {
        case ContentBlock.Text t -> text.append(t.text());
        case ContentBlock.CachePoint point -> {}
        default -> throw unsupported("messages", block);
      }
    }
    return text.toString();
  }

  private static StrataException unsupported(String param, ContentBlock block) {
    String what =
        switch (block) {
          case ContentBlock.Image image -> "images";
          case ContentBlock.Document document -> "documents";
          case ContentBlock.ToolUse use -> "tool use";
          case ContentBlock.ToolResult result -> "tool results";
          case ContentBlock.Json json -> "JSON content blocks";
          case ContentBlock.Text text -> "text";
          case ContentBlock.CachePoint point -> "cache points";
        };
    return StrataException.invalid(
        param, "the local engine does not support " + what + "; send text only");
  }
}
