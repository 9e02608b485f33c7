package dev.strata.core.path;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.RequestTokenEstimator;
import dev.strata.core.tokens.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * A request's input size before any upstream call, three ways, from dearest to cheapest:
 *
 * <ul>
 *   <li>{@link #of}: the tokens counted with OpenAI's tokenizer for the requested model (hundreds
 *       of microseconds for a long prompt), kept on the exchange so it is counted once;
 *   <li>{@link #upperBound}: the prompt's UTF-8 size — every token of a byte-level BPE tokenizer
 *       stands for at least one byte, so no such tokenizer counts more — plus the same per-message
 *       overheads and flat allowances as the tokenizer count;
 *   <li>{@link #charEstimate}: a quarter token per character, how OpenAI's own rate limiter
 *       estimates a request.
 * </ul>
 */
final class InputEstimate {
  static final int TOKENS_PER_MESSAGE = 3;
  static final int REPLY_PRIMING_TOKENS = 3;
  static final int IMAGE_TOKENS = 765;

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
          case Operation.Embed embed ->
              embed.request().inputs().stream().mapToLong(counter::count).sum();
        };
    exchange.estimatedInputTokens(tokens);
    return tokens;
  }

  /** At least as many tokens as {@link #of} counts, and as any byte-level BPE tokenizer would. */
  static long upperBound(Operation operation) {
    return measure(operation, true);
  }

  /** Characters / 4 per text, rounded up, plus the per-message overheads. */
  static long charEstimate(Operation operation) {
    return measure(operation, false);
  }

  /** The largest output the request allows, when it says; embeddings generate none. */
  static OptionalInt maxOutputTokens(Operation operation) {
    return operation instanceof Operation.Chat chat
        ? chat.request().inference().maxTokens()
        : OptionalInt.of(0);
  }

  static boolean hasCachePoints(ChatRequest request) {
    return request.system().stream().anyMatch(InputEstimate::isCachePoint)
        || request.messages().stream()
            .flatMap(message -> message.content().stream())
            .anyMatch(InputEstimate::isCachePoint);
  }

  private static boolean isCachePoint(ContentBlock block) {
    return block instanceof ContentBlock.CachePoint;
  }

  private static long measure(Operation operation, boolean bound) {
    return switch (operation) {
      case Operation.Chat chat -> measure(chat.request(), bound);
      case Operation.Embed embed -> {
        long tokens = 0;
        for (String input : embed.request().inputs()) {
          tokens += text(input, bound);
        }
        yield tokens;
      }
    };
  }

  private static long measure(ChatRequest request, boolean bound) {
    long tokens = REPLY_PRIMING_TOKENS;
    if (!request.system().isEmpty()) {
      // The blocks as the tokenizer count sees them: joined by blank lines.
      tokens += TOKENS_PER_MESSAGE + text(request.systemText(), bound);
    }
    for (Message message : request.messages()) {
      tokens += TOKENS_PER_MESSAGE;
      for (ContentBlock block : message.content()) {
        tokens += block(block, bound);
      }
    }
    if (request.tools().isPresent()) {
      for (ToolSpec tool : request.tools().get().tools()) {
        tokens +=
            text(tool.name(), bound)
                + text(tool.description(), bound)
                + text(tool.inputSchema().toString(), bound);
      }
    }
    return tokens;
  }

  private static long block(ContentBlock block, boolean bound) {
    return switch (block) {
      case ContentBlock.Text text -> text(text.text(), bound);
      case ContentBlock.ToolUse use -> text(use.name(), bound) + text(use.input().toString(), bound);
      case ContentBlock.ToolResult result -> {
        long sum = 0;
        for (ContentBlock inner : result.content()) {
          sum += block(inner, bound);
        }
        yield sum;
      }
      case ContentBlock.Json json -> text(json.value().toString(), bound);
      case ContentBlock.Image image -> IMAGE_TOKENS;
      case ContentBlock.Document document -> document.data().length / 4L;
      case ContentBlock.CachePoint point -> 0;
    };
  }

  /**
   * The text's UTF-8 size (the JDK's encoder copies ASCII with vector instructions, far faster
   * than a loop over characters), or a quarter of its characters.
   */
  private static long text(String text, boolean bound) {
    return bound ? text.getBytes(StandardCharsets.UTF_8).length : (text.length() + 3L) / 4;
  }
}
