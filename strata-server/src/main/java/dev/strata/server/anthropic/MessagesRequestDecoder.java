package dev.strata.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decodes an Anthropic Messages request body into the canonical {@link ChatRequest}. What Anthropic
 * accepts but the canonical model cannot express ({@code top_k}, {@code thinking}, citations,
 * server tools, …) is refused with a 400 naming the field, never dropped.
 */
final class MessagesRequestDecoder {
  private static final Set<String> KNOWN =
      Set.of(
          "model",
          "max_tokens",
          "system",
          "messages",
          "temperature",
          "top_p",
          "top_k",
          "stop_sequences",
          "tools",
          "tool_choice",
          "metadata",
          "stream",
          "thinking",
          "service_tier",
          "container",
          "mcp_servers",
          "context_management");
  private static final Set<String> COUNT_TOKENS_KNOWN =
      Set.of("model", "system", "messages", "tools", "tool_choice", "thinking", "mcp_servers");
  private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");
  private static final Set<String> TOOL_FIELDS =
      Set.of("type", "name", "description", "input_schema", "cache_control");
  private static final Set<String> TOOL_CHOICE_FIELDS =
      Set.of("type", "name", "disable_parallel_tool_use");

  /** A decoded request and whether it asked to be streamed. */
  record Decoded(ChatRequest request, boolean stream) {}

  private MessagesRequestDecoder() {}

  /** A {@code POST /v1/messages} body. */
  static Decoded messages(JsonNode body) {
    Fields root = Fields.root(body);
    root.rejectUnknown(KNOWN);
    refuseUnsupported(root);
    root.refuse("top_k", "the canonical model has no top_k; leave it unset");
    String model = model(root);
    int maxTokens = root.requiredInt("max_tokens");
    if (maxTokens < 1) {
      throw Fields.invalid("max_tokens: Input should be greater than or equal to 1");
    }
    OptionalDouble temperature = root.optionalNumber("temperature");
    OptionalDouble topP = root.optionalNumber("top_p");
    List<String> stops =
        root.has("stop_sequences")
            ? Fields.strings(root.get("stop_sequences"), "stop_sequences")
            : List.of();
    InferenceConfig inference =
        new InferenceConfig(
            OptionalInt.of(maxTokens),
            temperature,
            topP,
            stops,
            OptionalLong.empty(),
            userId(root));
    boolean stream = root.optionalBoolean("stream", false);
    return new Decoded(request(root, model, inference), stream);
  }

  /** A {@code POST /v1/messages/count_tokens} body. */
  static ChatRequest countTokens(JsonNode body) {
    Fields root = Fields.root(body);
    root.rejectUnknown(COUNT_TOKENS_KNOWN);
    refuseUnsupported(root);
    return request(root, model(root), InferenceConfig.DEFAULTS);
  }

  private static void refuseUnsupported(Fields root) {
    root.refuse("thinking", "extended thinking cannot be expressed in the canonical model");
    root.refuse("service_tier", "Strata chooses the tier itself");
    root.refuse("container", "code-execution containers are not available");
    root.refuse("mcp_servers", "MCP servers are not available");
    root.refuse("context_management", "context management is not available");
  }

  private static String model(Fields root) {
    String model = root.requiredString("model");
    if (model.isBlank()) {
      throw Fields.invalid("model: String should have at least 1 character");
    }
    return model;
  }

  private static ChatRequest request(Fields root, String model, InferenceConfig inference) {
    List<ContentBlock> system =
        root.has("system") ? ContentDecoder.system(root.get("system"), "system") : List.of();
    ChatRequest request =
        new ChatRequest(
            model,
            system,
            messages(root),
            inference,
            tools(root),
            new ResponseFormat.Text(),
            Map.of());
    int cachePoints = request.cachePointCount();
    if (cachePoints > ContentBlock.CachePoint.MAX_PER_REQUEST) {
      throw Fields.invalid(
          "A maximum of "
              + ContentBlock.CachePoint.MAX_PER_REQUEST
              + " blocks with cache_control may be provided. Found "
              + cachePoints
              + ".");
    }
    return request;
  }

  private static List<Message> messages(Fields root) {
    List<JsonNode> elements = Fields.array(root.required("messages"), "messages");
    if (elements.isEmpty()) {
      throw Fields.invalid("messages: at least one message is required");
    }
    List<Message> messages = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      Fields message = Fields.object(elements.get(i), "messages." + i);
      message.rejectUnknown(MESSAGE_FIELDS);
      String role = message.requiredString("role");
      Role canonical =
          switch (role) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            default ->
                throw Fields.invalid(
                    message.path("role") + ": Input should be 'user' or 'assistant'");
          };
      messages.add(
          new Message(
              canonical,
              ContentDecoder.messageContent(message.required("content"), message.path("content"))));
    }
    return messages;
  }

  private static Optional<String> userId(Fields root) {
    JsonNode value = root.get("metadata");
    if (value == null) {
      return Optional.empty();
    }
    Fields metadata = Fields.object(value, "metadata");
    metadata.rejectUnknown(Set.of("user_id"));
    return metadata.optionalString("user_id");
  }

  private static Optional<ToolConfig> tools(Fields root) {
    List<JsonNode> elements = root.optionalArray("tools");
    List<ToolSpec> specs = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      Fields tool = Fields.object(elements.get(i), "tools." + i);
      tool.rejectUnknown(TOOL_FIELDS);
      String type = tool.optionalString("type").orElse("custom");
      if (!type.equals("custom")) {
        throw Fields.invalid(
            tool.path("type") + ": server tools ('" + type + "') are not supported by Strata");
      }
      JsonNode schema = tool.required("input_schema");
      if (!schema.isObject()) {
        throw Fields.wrongType(tool.path("input_schema"), "a valid dictionary", schema);
      }
      specs.add(
          new ToolSpec(
              tool.requiredString("name"),
              tool.optionalString("description").orElse(""),
              schema.deepCopy(),
              ContentDecoder.cachePoint(tool).map(ContentBlock.CachePoint::ttl)));
    }
    Optional<ToolChoice> choice = toolChoice(root);
    if (specs.isEmpty()) {
      if (choice.isPresent()
          && (choice.get() instanceof ToolChoice.Any || choice.get() instanceof ToolChoice.Named)) {
        throw Fields.invalid("tool_choice: requires tools to be given");
      }
      return Optional.empty();
    }
    return Optional.of(new ToolConfig(specs, choice.orElse(new ToolChoice.Auto())));
  }

  private static Optional<ToolChoice> toolChoice(Fields root) {
    JsonNode value = root.get("tool_choice");
    if (value == null) {
      return Optional.empty();
    }
    Fields choice = Fields.object(value, "tool_choice");
    choice.rejectUnknown(TOOL_CHOICE_FIELDS);
    if (choice.optionalBoolean("disable_parallel_tool_use", false)) {
      throw Fields.invalid(
          "tool_choice.disable_parallel_tool_use: not supported by Strata — the canonical model"
              + " cannot forbid parallel tool calls");
    }
    String type = choice.requiredString("type");
    if (!type.equals("tool") && choice.has("name")) {
      throw Fields.invalid(choice.path("name") + ": Extra inputs are not permitted");
    }
    return Optional.of(
        switch (type) {
          case "auto" -> new ToolChoice.Auto();
          case "any" -> new ToolChoice.Any();
          case "none" -> new ToolChoice.None();
          case "tool" -> new ToolChoice.Named(choice.requiredString("name"));
          default ->
              throw Fields.invalid(
                  choice.path("type") + ": Input should be 'auto', 'any', 'tool' or 'none'");
        });
  }
}
