package dev.strata.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.model.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a streamed {@code chat.completion.chunk} with a streaming parser, keeping only what {@link
 * ChunkTranslator} relays. A stream sends one chunk per few tokens, so building a JSON tree for
 * each was the largest allocation of a streamed request; only the rare parts (content given as an
 * array of parts, tool-call fragments, usage) are still read as small trees. Every byte is still
 * parsed, so malformed JSON anywhere in the chunk fails as before.
 */
final class ChatChunkReader {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private ChatChunkReader() {}

  /**
   * Reads one chunk; a JSON value that is not an object carries nothing.
   *
   * @throws IOException when {@code json} is not well-formed JSON
   */
  static ChatChunk read(String json) throws IOException {
    try (JsonParser parser = MAPPER.createParser(json)) {
      List<ChatChunk.Delta> choices = new ArrayList<>(1);
      Optional<Usage> usage = Optional.empty();
      boolean error = false;
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        parser.skipChildren();
        return new ChatChunk(choices, usage, false);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "choices" -> readChoices(parser, value, choices);
          case "usage" -> usage = usage(parser, value);
          case "error" -> error = true;
          default -> {
            // id, model, created and the like: not relayed.
          }
        }
        parser.skipChildren();
      }
      return new ChatChunk(choices, usage, error);
    }
  }

  private static void readChoices(JsonParser parser, JsonToken value, List<ChatChunk.Delta> into)
      throws IOException {
    if (value != JsonToken.START_ARRAY) {
      return;
    }
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() == JsonToken.START_OBJECT) {
        readChoice(parser).ifPresent(into::add);
      } else {
        parser.skipChildren();
      }
    }
  }

  /** One choice object; empty unless its index is 0 (the index may come after the delta). */
  private static Optional<ChatChunk.Delta> readChoice(JsonParser parser) throws IOException {
    var choice = new ChoiceFields();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "index" -> choice.index = parser.getValueAsInt(0);
        case "delta" -> readDelta(parser, value, choice);
        case "finish_reason" ->
            choice.finishReason =
                value == JsonToken.VALUE_STRING ? Optional.of(parser.getText()) : Optional.empty();
        case "stop_reason" -> choice.stopSequenceNamed = value == JsonToken.VALUE_STRING;
        default -> {
          // id, logprobs and the like: not relayed.
        }
      }
      parser.skipChildren();
    }
    return choice.index == 0 ? Optional.of(choice.delta()) : Optional.empty();
  }

  private static void readDelta(JsonParser parser, JsonToken value, ChoiceFields choice)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken fieldValue = parser.nextToken();
      switch (field) {
        case "content" -> choice.text = content(parser, fieldValue);
        case "refusal" -> choice.refusal = scalarText(parser, fieldValue);
        case "tool_calls" -> choice.toolCalls = toolCalls(parser, fieldValue);
        default -> {
          // role and the like: not relayed.
        }
      }
      parser.skipChildren();
    }
  }

  private static Optional<Usage> usage(JsonParser parser, JsonToken value) throws IOException {
    return value == JsonToken.START_OBJECT ? UsageJson.parse(tree(parser)) : Optional.empty();
  }

  /** {@code content}: a string, or (rarely in a stream) an array of text parts. */
  private static String content(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
      return ChatResponseJson.text(tree(parser));
    }
    return "";
  }

  /** The text of a scalar, as {@code JsonNode.asText("")} gives it; "" for null and containers. */
  private static String scalarText(JsonParser parser, JsonToken value) throws IOException {
    return value == null || value.isStructStart() || value == JsonToken.VALUE_NULL
        ? ""
        : parser.getText();
  }

  private static List<JsonNode> toolCalls(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      return List.of();
    }
    List<JsonNode> calls = new ArrayList<>(1);
    tree(parser).forEach(calls::add);
    return calls;
  }

  private static JsonNode tree(JsonParser parser) throws IOException {
    return MAPPER.readTree(parser);
  }

  /** A choice's fields as they are read, in whatever order they come. */
  private static final class ChoiceFields {
    int index;
    String text = "";
    String refusal = "";
    List<JsonNode> toolCalls = List.of();
    Optional<String> finishReason = Optional.empty();
    boolean stopSequenceNamed;

    ChatChunk.Delta delta() {
      return new ChatChunk.Delta(text, refusal, toolCalls, finishReason, stopSequenceNamed);
    }
  }
}
