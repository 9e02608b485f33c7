package dev.strata.core.cache;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.StreamSink;
import java.util.List;

/**
 * Plays a cached answer to a stream sink as the events a model would have sent — message start,
 * each block's content and stop, message stop, then the usage billed for the replay.
 */
public final class StreamReplay {
  private StreamReplay() {}

  public static void replay(ChatResponse response, Usage billed, StreamSink sink) {
    sink.accept(new StreamEvent.MessageStart(response.output().role()));
    List<ContentBlock> content = response.output().content();
    for (int i = 0; i < content.size(); i++) {
      switch (content.get(i)) {
        case ContentBlock.Text text -> sink.accept(new StreamEvent.TextDelta(i, text.text()));
        case ContentBlock.ToolUse use -> {
          sink.accept(new StreamEvent.ToolUseStart(i, use.id(), use.name()));
          sink.accept(new StreamEvent.ToolInputDelta(i, use.input().toString()));
        }
        case ContentBlock.Json json -> sink.accept(new StreamEvent.TextDelta(i, json.value().toString()));
        default -> {
          continue; // not produced by models; never cached
        }
      }
      sink.accept(new StreamEvent.ContentBlockStop(i));
    }
    sink.accept(new StreamEvent.MessageStop(response.stopReason()));
    sink.accept(new StreamEvent.UsageReport(billed));
  }
}
