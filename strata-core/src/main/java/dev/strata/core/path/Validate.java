package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a canonical request against the limits and the rules every upstream shares, so a bad
 * request fails here with a message naming the field, before it costs anything.
 */
public final class Validate implements Step {
  private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  private final RequestLimits limits;

  public Validate(RequestLimits limits) {
    this.limits = requireNonNull(limits, "limits");
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    switch (exchange.operation()) {
      case Operation.Chat chat -> check(chat.request());
      case Operation.Embed embed -> check(embed.request());
    }
    return next.proceed(exchange);
  }

  void check(ChatRequest request) {
    if (request.model().isBlank()) {
      throw StrataException.invalid("model", "'model' must name a model");
    }
    if (request.messages().isEmpty()) {
      throw StrataException.invalid("messages", "'messages' must contain at least one message");
    }
    if (request.messages().size() > limits.maxMessages()) {
      throw StrataException.invalid(
          "messages",
          "'messages' has " + request.messages().size() + " entries; the limit is "
              + limits.maxMessages());
    }
    for (int i = 0; i < request.messages().size(); i++) {
      check(request.messages().get(i), "messages[" + i + "]");
    }
    check(request.inference());
    request.tools().ifPresent(this::check);
    if (request.metadata().size() > limits.maxMetadataEntries()) {
      throw StrataException.invalid(
          "metadata", "'metadata' has more than " + limits.maxMetadataEntries() + " entries");
    }
  }

  private void check(Message message, String where) {
    if (message.content().isEmpty()) {
      throw StrataException.invalid(where + ".content", where + " has no content");
    }
    if (message.content().size() > limits.maxContentBlocksPerMessage()) {
      throw StrataException.invalid(
          where + ".content",
          where + " has more than " + limits.maxContentBlocksPerMessage() + " content blocks");
    }
    for (ContentBlock block : message.content()) {
      boolean allowed =
          switch (block) {
            case ContentBlock.ToolUse use -> message.role() == Role.ASSISTANT;
            case ContentBlock.ToolResult result -> message.role() == Role.USER;
            default -> true;
          };
      if (!allowed) {
        throw StrataException.invalid(
            where + ".content",
            where + ": " + (message.role() == Role.USER ? "a user" : "an assistant")
                + " message cannot carry " + (block instanceof ContentBlock.ToolUse ? "a tool call" : "a tool result"));
      }
    }
  }

  private void check(InferenceConfig inference) {
    if (inference.maxTokens().isPresent()) {
      int max = inference.maxTokens().getAsInt();
      if (max < 1 || max > limits.maxOutputTokens()) {
        throw StrataException.invalid(
            "max_tokens",
            "max_tokens must be between 1 and " + limits.maxOutputTokens() + ", got " + max);
      }
    }
    if (inference.temperature().isPresent()) {
      double t = inference.temperature().getAsDouble();
      if (!(t >= 0 && t <= 2)) {
        throw StrataException.invalid("temperature", "temperature must be between 0 and 2");
      }
    }
    if (inference.topP().isPresent()) {
      double p = inference.topP().getAsDouble();
      if (!(p > 0 && p <= 1)) {
        throw StrataException.invalid("top_p", "top_p must be greater than 0 and at most 1");
      }
    }
    if (inference.stopSequences().size() > limits.maxStopSequences()) {
      throw StrataException.invalid(
          "stop", "at most " + limits.maxStopSequences() + " stop sequences are allowed");
    }
    for (String stop : inference.stopSequences()) {
      if (stop.isEmpty()) {
        throw StrataException.invalid("stop", "a stop sequence cannot be empty");
      }
    }
  }

  private void check(ToolConfig tools) {
    if (tools.tools().size() > limits.maxTools()) {
      throw StrataException.invalid(
          "tools", "at most " + limits.maxTools() + " tools are allowed, got " + tools.tools().size());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.tools().size(); i++) {
      ToolSpec tool = tools.tools().get(i);
      if (!TOOL_NAME.matcher(tool.name()).matches()) {
        throw StrataException.invalid(
            "tools[" + i + "].function.name",
            "tool name '" + tool.name() + "' must be 1-64 letters, digits, '_' or '-'");
      }
      if (!names.add(tool.name())) {
        throw StrataException.invalid(
            "tools[" + i + "].function.name", "tool name '" + tool.name() + "' is used twice");
      }
      if (!tool.inputSchema().isObject()) {
        throw StrataException.invalid(
            "tools[" + i + "].function.parameters", "a tool's parameters must be a JSON schema object");
      }
    }
    if (tools.choice() instanceof ToolChoice.Named named && !names.contains(named.name())) {
      throw StrataException.invalid(
          "tool_choice", "tool_choice names '" + named.name() + "', which is not among the tools");
    }
  }

  void check(EmbeddingRequest request) {
    if (request.model().isBlank()) {
      throw StrataException.invalid("model", "'model' must name a model");
    }
    if (request.inputs().isEmpty()) {
      throw StrataException.invalid("input", "'input' must not be empty");
    }
    if (request.inputs().size() > limits.maxEmbeddingInputs()) {
      throw StrataException.invalid(
          "input", "'input' has more than " + limits.maxEmbeddingInputs() + " entries");
    }
    for (int i = 0; i < request.inputs().size(); i++) {
      if (request.inputs().get(i).isEmpty()) {
        throw StrataException.invalid("input", "input[" + i + "] is an empty string");
      }
    }
    if (request.dimensions().isPresent() && request.dimensions().getAsInt() < 1) {
      throw StrataException.invalid("dimensions", "dimensions must be at least 1");
    }
  }
}
