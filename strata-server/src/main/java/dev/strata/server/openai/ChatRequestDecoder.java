package dev.strata.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.ResponseFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decodes an OpenAI chat completion request into the canonical request. What the canonical model
 * can express is carried over exactly; anything else is refused with a 400 that names the field,
 * never silently dropped. Parameters at their neutral value (e.g. {@code n: 1}) pass.
 */
final class ChatRequestDecoder {
  /** Parameters OpenAI documents that the canonical request cannot carry. */
  private static final List<String> UNSUPPORTED =
      List.of(
          "audio",
          "prediction",
          "web_search_options",
          "functions",
          "function_call",
          "reasoning_effort",
          "verbosity",
          "prompt_cache_key",
          "prompt_cache_retention",
          "safety_identifier",
          "top_logprobs");

  private static final Set<String> KNOWN;

  static {
    Set<String> known =
        new java.util.HashSet<>(
            Set.of(
                "model",
                "messages",
                "max_tokens",
                "max_completion_tokens",
                "temperature",
                "top_p",
                "stop",
                "seed",
                "user",
                "tools",
                "tool_choice",
                "response_format",
                "n",
                "stream",
                "stream_options",
                "metadata",
                "frequency_penalty",
                "presence_penalty",
                "logit_bias",
                "logprobs",
                "parallel_tool_calls",
                "service_tier",
                "store",
                "modalities"));
    known.addAll(UNSUPPORTED);
    KNOWN = Set.copyOf(known);
  }

  private static final Set<String> STREAM_OPTIONS = Set.of("include_usage", "include_obfuscation");
  private static final Set<String> RESPONSE_FORMAT_FIELDS = Set.of("type", "json_schema");
  private static final Set<String> JSON_SCHEMA_FIELDS =
      Set.of("name", "schema", "strict", "description");

  /** A decoded request and how to deliver its answer. */
  record DecodedChat(ChatRequest request, boolean stream, boolean includeUsage) {}

  DecodedChat decode(JsonNode body) {
    JsonFields request = JsonFields.root(body);
    request.rejectUnknown(KNOWN);
    for (String field : UNSUPPORTED) {
      if (request.has(field)) {
        throw JsonFields.unsupported(field, "is not supported by Strata; leave it out.");
      }
    }
    rejectUnlessNeutral(request);
    String model = request.requiredString("model");
    MessageDecoder.Conversation conversation =
        MessageDecoder.decode(request.requiredArray("messages"));
    boolean stream = request.bool("stream").orElse(false);
    boolean includeUsage = false;
    Optional<JsonFields> streamOptions = request.object("stream_options");
    if (streamOptions.isPresent()) {
      if (!stream) {
        throw JsonFields.invalidValue(
            "stream_options",
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
      }
      streamOptions.get().rejectUnknown(STREAM_OPTIONS);
      streamOptions.get().bool("include_obfuscation"); // type-checked; Strata never pads deltas
      includeUsage = streamOptions.get().bool("include_usage").orElse(false);
    }
    ChatRequest chat =
        new ChatRequest(
            model,
            conversation.system(),
            conversation.messages(),
            inference(request),
            ToolsDecoder.decode(request),
            responseFormat(request),
            metadata(request));
    return new DecodedChat(chat, stream, includeUsage);
  }

  private static InferenceConfig inference(JsonFields request) {
    return new InferenceConfig(
        maxTokens(request),
        request.number("temperature"),
        request.number("top_p"),
        stopSequences(request),
        request.integer("seed"),
        request.string("user"));
  }

  private static OptionalInt maxTokens(JsonFields request) {
    OptionalLong legacy = request.smallInteger("max_tokens");
    OptionalLong current = request.smallInteger("max_completion_tokens");
    if (legacy.isPresent() && current.isPresent() && legacy.getAsLong() != current.getAsLong()) {
      throw JsonFields.invalidValue(
          "max_completion_tokens",
          "'max_tokens' and 'max_completion_tokens' disagree; set only 'max_completion_tokens'.");
    }
    OptionalLong max = current.isPresent() ? current : legacy;
    return max.isPresent() ? OptionalInt.of((int) max.getAsLong()) : OptionalInt.empty();
  }

  private static List<String> stopSequences(JsonFields request) {
    JsonNode stop = request.get("stop");
    if (stop == null) {
      return List.of();
    }
    if (stop.isTextual()) {
      return List.of(stop.textValue());
    }
    if (!stop.isArray()) {
      throw JsonFields.wrongType("stop", "a string or an array of strings", stop);
    }
    List<String> sequences = new ArrayList<>(stop.size());
    for (int i = 0; i < stop.size(); i++) {
      JsonNode item = stop.get(i);
      if (!item.isTextual()) {
        throw JsonFields.wrongType("stop[" + i + "]", "a string", item);
      }
      sequences.add(item.textValue());
    }
    return sequences;
  }

  private static ResponseFormat responseFormat(JsonFields request) {
    Optional<JsonFields> format = request.object("response_format");
    if (format.isEmpty()) {
      return new ResponseFormat.Text();
    }
    JsonFields fields = format.get();
    fields.rejectUnknown(RESPONSE_FORMAT_FIELDS);
    String type = fields.requiredString("type");
    return switch (type) {
      case "text" -> new ResponseFormat.Text();
      case "json_object" -> new ResponseFormat.JsonObject();
      case "json_schema" -> {
        JsonFields schema = fields.requiredObject("json_schema");
        schema.rejectUnknown(JSON_SCHEMA_FIELDS);
        if (schema.has("description")) {
          throw JsonFields.unsupported(
              schema.path("description"), "is not supported; put it in the schema instead.");
        }
        JsonNode jsonSchema = schema.get("schema");
        if (jsonSchema == null) {
          throw JsonFields.missing(schema.path("schema"));
        }
        if (!jsonSchema.isObject()) {
          throw JsonFields.wrongType(schema.path("schema"), "an object", jsonSchema);
        }
        yield new ResponseFormat.JsonSchema(
            schema.requiredString("name"), jsonSchema, schema.bool("strict").orElse(false));
      }
      default ->
          throw JsonFields.invalidValue(
              fields.path("type"),
              "Invalid value: '"
                  + type
                  + "'. Supported values are: 'text', 'json_object' and"
                  + " 'json_schema'.");
    };
  }

  private static Map<String, String> metadata(JsonFields request) {
    Optional<JsonFields> metadata = request.object("metadata");
    if (metadata.isEmpty()) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : metadata.get().entries()) {
      if (!entry.getValue().isTextual()) {
        throw JsonFields.wrongType(
            metadata.get().path(entry.getKey()), "a string", entry.getValue());
      }
      values.put(entry.getKey(), entry.getValue().textValue());
    }
    return values;
  }

  /** Parameters the canonical request cannot carry, accepted only at their neutral value. */
  private static void rejectUnlessNeutral(JsonFields request) {
    OptionalLong n = request.integer("n");
    if (n.isPresent() && n.getAsLong() != 1) {
      throw JsonFields.invalidValue(
          "n", "Strata returns one choice per request; 'n' must be 1, got " + n.getAsLong() + ".");
    }
    requireZero(request, "frequency_penalty");
    requireZero(request, "presence_penalty");
    JsonNode logitBias = request.get("logit_bias");
    if (logitBias != null && !(logitBias.isObject() && logitBias.isEmpty())) {
      throw JsonFields.unsupported("logit_bias", "is not supported by Strata; leave it out.");
    }
    if (request.bool("logprobs").orElse(false)) {
      throw JsonFields.unsupported("logprobs", "true is not supported by Strata.");
    }
    if (!request.bool("parallel_tool_calls").orElse(true)) {
      throw JsonFields.unsupported(
          "parallel_tool_calls", "false is not supported; the model may call several tools.");
    }
    if (request.bool("store").orElse(false)) {
      throw JsonFields.unsupported("store", "true is not supported; Strata stores no completions.");
    }
    Optional<String> tier = request.string("service_tier");
    if (tier.isPresent() && !tier.get().equals("auto") && !tier.get().equals("default")) {
      throw JsonFields.unsupported(
          "service_tier", "'" + tier.get() + "' is not supported; use 'auto' or 'default'.");
    }
    Optional<com.fasterxml.jackson.databind.node.ArrayNode> modalities =
        request.array("modalities");
    if (modalities.isPresent()) {
      for (JsonNode modality : modalities.get()) {
        if (!modality.isTextual() || !modality.textValue().equals("text")) {
          throw JsonFields.unsupported("modalities", "only 'text' output is supported.");
        }
      }
    }
  }

  private static void requireZero(JsonFields request, String field) {
    OptionalDouble value = request.number(field);
    if (value.isPresent() && value.getAsDouble() != 0) {
      throw JsonFields.unsupported(field, "is not supported by Strata; leave it out or set 0.");
    }
  }
}
