package dev.strata.core.path;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.RequestTokenEstimator;
import dev.strata.core.tokens.TokenCounter;

/**
 * A request's input tokens as counted before any upstream call, with OpenAI's tokenizer for the
 * requested model; the budget and rate-limit steps both use it, so it is counted once per request.
 */
final class InputEstimate {
  private InputEstimate() {}

  static long of(Exchange exchange) {
    if (exchange.estimatedInputTokens().isPresent()) {
      return exchange.estimatedInputTokens().getAsLong();
    }
    Operation operation = exchange.operation();
    TokenCounter counter = OpenAiTokenCounters.forModel(operation.model());
    long tokens =
        switch (operation) {
          case Operation.Chat chat -> new RequestTokenEstimator(counter).inputTokens(chat.request());
          case Operation.Embed embed -> embed.request().inputs().stream().mapToLong(counter::count).sum();
        };
    exchange.estimatedInputTokens(tokens);
    return tokens;
  }

  /** The largest output the request allows, when it says. */
  static java.util.OptionalInt maxOutputTokens(Operation operation) {
    return operation instanceof Operation.Chat chat
        ? chat.request().inference().maxTokens()
        : java.util.OptionalInt.of(0);
  }

  static boolean hasCachePoints(ChatRequest request) {
    return request.system().stream().anyMatch(InputEstimate::isCachePoint)
        || request.messages().stream()
            .flatMap(message -> message.content().stream())
            .anyMatch(InputEstimate::isCachePoint);
  }

  private static boolean isCachePoint(dev.strata.core.model.ContentBlock block) {
    return block instanceof dev.strata.core.model.ContentBlock.CachePoint;
  }
}
