package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Decides the reply to a chat request from the settings: text or tool call, length, usage. */
final class ChatReplies {

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  ChatReplies(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  ChatReply reply(JsonNode request, MockSettings settings, boolean omitUsage) {
    long n = sequence.incrementAndGet();
    String id = "chatcmpl-mock" + n;
    long created = clock.instant().getEpochSecond();
    String model = request.path("model").asText();
    Optional<String> tool = requestedTool(request);
    if (tool.isPresent() && settings.toolCallArguments().isPresent()) {
      String arguments = settings.toolCallArguments().get();
      var call = new ChatReply.ToolCall("call_mock" + n, tool.get(), arguments);
      var usage = usage(request, settings, TokenEstimate.words(arguments), omitUsage);
      return new ChatReply(id, created, model, "", Optional.of(call), "tool_calls", usage);
    }
    String text = settings.responseText();
    String finishReason = "stop";
    long limit = maxTokens(request);
    String[] words = text.trim().split("\\s+");
    if (limit >= 0 && !text.isBlank() && words.length > limit) {
      text = String.join(" ", Arrays.copyOf(words, (int) limit));
      finishReason = "length";
    }
    var usage = usage(request, settings, TokenEstimate.words(text), omitUsage);
    return new ChatReply(id, created, model, text, Optional.empty(), finishReason, usage);
  }

  private static Optional<MockUsage> usage(
      JsonNode request, MockSettings settings, long completionWords, boolean omitUsage) {
    if (omitUsage) {
      return Optional.empty();
    }
    return Optional.of(
        settings
            .usage()
            .orElseGet(() -> new MockUsage(TokenEstimate.prompt(request), completionWords, 0)));
  }

  /** The tool {@code tool_choice} names, else the first offered function; empty when none. */
  private static Optional<String> requestedTool(JsonNode request) {
    JsonNode tools = request.path("tools");
    if (!tools.isArray()
        || tools.isEmpty()
        || "none".equals(request.path("tool_choice").asText())) {
      return Optional.empty();
    }
    String chosen = request.path("tool_choice").path("function").path("name").asText("");
    if (!chosen.isEmpty()) {
      return Optional.of(chosen);
    }
    return Optional.of(tools.get(0).path("function").path("name").asText("tool"));
  }

  /** {@code max_completion_tokens}, else {@code max_tokens}, else -1. */
  private static long maxTokens(JsonNode request) {
    JsonNode limit = request.path("max_completion_tokens");
    if (!limit.isNumber()) {
      limit = request.path("max_tokens");
    }
    return limit.isNumber() ? limit.asLong() : -1;
  }
}
