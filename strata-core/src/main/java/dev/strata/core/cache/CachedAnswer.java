package dev.strata.core.cache;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.money.Money;

/**
 * A remembered answer: the response as the model gave it (with its usage), the model and provider
 * that served it, and what it cost — the saving each later hit records.
 */
public record CachedAnswer(ChatResponse response, String servedModel, String provider, Money cost) {
  private static final int OVERHEAD_BYTES = 256;

  public CachedAnswer {
    requireNonNull(response, "response");
    requireNonNull(servedModel, "servedModel");
    requireNonNull(provider, "provider");
    requireNonNull(cost, "cost");
  }

  /** A cheap estimate of the memory the entry holds, for the cache's byte bound. */
  public long estimatedBytes() {
    long bytes = OVERHEAD_BYTES + 2L * (servedModel.length() + provider.length());
    for (ContentBlock block : response.output().content()) {
      bytes +=
          switch (block) {
            case ContentBlock.Text text -> 2L * text.text().length();
            case ContentBlock.ToolUse use -> 2L * (use.name().length() + use.input().toString().length());
            case ContentBlock.Json json -> 2L * json.value().toString().length();
            default -> OVERHEAD_BYTES;
          };
    }
    return bytes;
  }
}
