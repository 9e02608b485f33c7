package dev.strata.bench;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A fixed placement of up to four 5-minute cache points over the boundary kinds of an agentic
 * request; the search enumerates every such placement.
 */
record PromptCacheStaticPlacement(Set<PromptCacheStaticPlacement.Where> where) {
  /** Where a fixed cache point goes. */
  enum Where {
    AFTER_TOOLS("tools"),
    AFTER_SYSTEM("system"),
    AFTER_PREVIOUS_USER_MESSAGE("prev-user"),
    AFTER_PREVIOUS_ANSWER("prev-answer"),
    AFTER_LATEST_USER_MESSAGE("latest-user");

    final String label;

    Where(String label) {
      this.label = label;
    }
  }

  private static final ContentBlock.CachePoint POINT =
      new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES);

  PromptCacheStaticPlacement {
    where = Set.copyOf(where);
    if (where.size() > ContentBlock.CachePoint.MAX_PER_REQUEST) {
      throw new IllegalArgumentException("at most four cache points, got " + where);
    }
  }

  /** Every placement of one to four cache points over the boundary kinds. */
  static List<PromptCacheStaticPlacement> all() {
    Where[] kinds = Where.values();
    List<PromptCacheStaticPlacement> all = new ArrayList<>();
    for (int mask = 1; mask < 1 << kinds.length; mask++) {
      if (Integer.bitCount(mask) > ContentBlock.CachePoint.MAX_PER_REQUEST) {
        continue;
      }
      Set<Where> chosen = EnumSet.noneOf(Where.class);
      for (int k = 0; k < kinds.length; k++) {
        if ((mask & 1 << k) != 0) {
          chosen.add(kinds[k]);
        }
      }
      all.add(new PromptCacheStaticPlacement(chosen));
    }
    return all;
  }

  ChatRequest apply(ChatRequest request) {
    List<ContentBlock> system = request.system();
    var tools = request.tools();
    List<Message> messages = new ArrayList<>(request.messages());
    int latest = messages.size() - 1;
    for (Where kind : where) {
      switch (kind) {
        case AFTER_TOOLS -> tools = tools.map(PromptCacheStaticPlacement::markLastTool);
        case AFTER_SYSTEM -> system = append(system);
        case AFTER_PREVIOUS_USER_MESSAGE -> mark(messages, latest - 2);
        case AFTER_PREVIOUS_ANSWER -> mark(messages, latest - 1);
        case AFTER_LATEST_USER_MESSAGE -> mark(messages, latest);
      }
    }
    return new ChatRequest(
        request.model(),
        system,
        messages,
        request.inference(),
        tools,
        request.responseFormat(),
        request.metadata());
  }

  String label() {
    return where.stream()
        .sorted()
        .map(kind -> kind.label)
        .collect(Collectors.joining("+"));
  }

  private static void mark(List<Message> messages, int index) {
    if (index >= 0) {
      Message message = messages.get(index);
      messages.set(index, new Message(message.role(), append(message.content())));
    }
  }

  private static ToolConfig markLastTool(ToolConfig config) {
    List<ToolSpec> tools = new ArrayList<>(config.tools());
    int last = tools.size() - 1;
    tools.set(last, tools.get(last).withCachePointAfter(ContentBlock.CacheTtl.FIVE_MINUTES));
    return new ToolConfig(tools, config.choice());
  }

  private static List<ContentBlock> append(List<ContentBlock> blocks) {
    List<ContentBlock> marked = new ArrayList<>(blocks);
    marked.add(POINT);
    return marked;
  }
}
