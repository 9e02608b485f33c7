package dev.strata.core.tokens;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.ToolSpec;

/**
 * Estimates a chat request's input tokens the way OpenAI counts them: each message's content
 * plus a fixed per-message overhead, plus the tokens that prime the reply. Tool definitions and
 * non-text blocks are counted from their JSON or a flat allowance.
 */
public final class RequestTokenEstimator {
  static final int TOKENS_PER_MESSAGE = 3;
  static final int REPLY_PRIMING_TOKENS = 3;
  static final int IMAGE_TOKENS = 765;

  private final TokenCounter counter;

  public RequestTokenEstimator(TokenCounter counter) {
    this.counter = requireNonNull(counter, "counter");
  }

  public long inputTokens(ChatRequest request) {
    long tokens = REPLY_PRIMING_TOKENS;
    if (!request.system().isEmpty()) {
      tokens += TOKENS_PER_MESSAGE + counter.count(request.systemText());
    }
    for (Message message : request.messages()) {
      tokens += TOKENS_PER_MESSAGE;
      for (ContentBlock block : message.content()) {
        tokens += blockTokens(block);
      }
    }
    if (request.tools().isPresent()) {
      for (ToolSpec tool : request.tools().get().tools()) {
        tokens +=
            counter.count(tool.name())
                + counter.count(tool.description())
                + counter.count(tool.inputSchema().toString());
      }
    }
    return tokens;
  }

  /** Tokens of generated output: text plus tool-call names and JSON arguments. */
  public long outputTokens(Message output) {
    long tokens = 0;
    for (ContentBlock block : output.content()) {
      tokens += blockTokens(block);
    }
    return tokens;
  }

  private long blockTokens(ContentBlock block) {
    return switch (block) {
      case ContentBlock.Text text -> counter.count(text.text());
      case ContentBlock.ToolUse use -> counter.count(use.name()) + counter.count(use.input().toString());
      case ContentBlock.ToolResult result -> {
        long sum = 0;
        for (ContentBlock inner : result.content()) {
          sum += blockTokens(inner);
        }
        yield sum;
      }
      case ContentBlock.Json json -> counter.count(json.value().toString());
      case ContentBlock.Image image -> IMAGE_TOKENS;
      case ContentBlock.Document document -> document.data().length / 4L;
      case ContentBlock.CachePoint point -> 0;
    };
  }
}
