package dev.strata.core.promptcache;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Adds 5-minute cache points at chosen boundaries of a request, leaving everything else as is. */
final class CachePointWriter {
  private static final ContentBlock.CachePoint POINT =
      new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES);

  private CachePointWriter() {}

  static ChatRequest mark(ChatRequest request, List<Boundary> chosen) {
    Optional<ToolConfig> tools = request.tools();
    List<ContentBlock> system = request.system();
    List<Message> messages = new ArrayList<>(request.messages());
    for (Boundary boundary : chosen) {
      switch (boundary.kind()) {
        case TOOLS -> tools = tools.map(CachePointWriter::markLastTool);
        case SYSTEM -> system = append(system);
        case MESSAGE -> {
          Message message = messages.get(boundary.messageIndex());
          messages.set(
              boundary.messageIndex(), new Message(message.role(), append(message.content())));
        }
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
