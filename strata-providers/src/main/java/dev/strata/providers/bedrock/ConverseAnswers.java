package dev.strata.providers.bedrock;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.bedrockruntime.model.CacheDetail;
import software.amazon.awssdk.services.bedrockruntime.model.CacheTTL;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/** Maps the SDK's Converse answer, stop reason and usage to the canonical model. */
final class ConverseAnswers {
  private ConverseAnswers() {}

  static ChatResponse response(ConverseResponse response) {
    List<ContentBlock> content = new ArrayList<>();
    if (response.output() != null && response.output().message() != null) {
      for (var block : response.output().message().content()) {
        if (block.text() != null) {
          content.add(new ContentBlock.Text(block.text()));
        } else if (block.toolUse() != null) {
          content.add(
              new ContentBlock.ToolUse(
                  block.toolUse().toolUseId(),
                  block.toolUse().name(),
                  JsonDocuments.toJson(block.toolUse().input())));
        }
      }
    }
    return new ChatResponse(
        new Message(Role.ASSISTANT, content),
        stopReason(response.stopReason()),
        Optional.ofNullable(response.usage()).map(ConverseAnswers::usage));
  }

  static StopReason stopReason(
      software.amazon.awssdk.services.bedrockruntime.model.StopReason reason) {
    if (reason == null) {
      return StopReason.END_TURN;
    }
    return switch (reason) {
      case TOOL_USE -> StopReason.TOOL_USE;
      case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> StopReason.MAX_TOKENS;
      case STOP_SEQUENCE -> StopReason.STOP_SEQUENCE;
      case GUARDRAIL_INTERVENED -> StopReason.GUARDRAIL_INTERVENED;
      case CONTENT_FILTERED -> StopReason.CONTENT_FILTERED;
      default -> StopReason.END_TURN;
    };
  }

  /**
   * Bedrock's usage, the same shape as the canonical one. Cache writes are split by time to live
   * when {@code cacheDetails} says how; otherwise they are five-minute writes, Bedrock's default.
   */
  static Usage usage(TokenUsage usage) {
    long writes = count(usage.cacheWriteInputTokens());
    long write1h = 0;
    if (usage.hasCacheDetails()) {
      for (CacheDetail detail : usage.cacheDetails()) {
        if (detail.ttl() == CacheTTL.VALUE_1_H) {
          write1h += count(detail.inputTokens());
        }
      }
    }
    write1h = Math.min(write1h, writes);
    return new Usage(
        count(usage.inputTokens()),
        count(usage.outputTokens()),
        count(usage.cacheReadInputTokens()),
        writes - write1h,
        write1h);
  }

  private static long count(Integer tokens) {
    return tokens == null ? 0 : Math.max(0, tokens);
  }
}
