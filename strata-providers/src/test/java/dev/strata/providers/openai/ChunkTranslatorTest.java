package dev.strata.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkTranslatorTest {
  private final List<StreamEvent> events = new ArrayList<>();
  private final ChunkTranslator translator = new ChunkTranslator(events::add);

  @Test
  void textThenParallelToolCalls_getDistinctIndexes_eachBlockStoppedOnce() {
    chunk("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
    chunk("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me check.\"}}]}");
    chunk(
        """
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function",
          "function":{"name":"weather","arguments":""}}]}}]}\
        """);
    chunk(
        """
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]}}]}\
        """);
    chunk(
        """
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]}}]}\
        """);
    chunk(
        """
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function",
          "function":{"name":"time","arguments":"{}"}}]}}]}\
        """);
    chunk("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
    chunk(
        """
        {"choices":[],"usage":{"prompt_tokens":50,"completion_tokens":20,
          "prompt_tokens_details":{"cached_tokens":10}}}\
        """);
    translator.done();

    assertThat(events)
        .containsExactly(
            new StreamEvent.MessageStart(Role.ASSISTANT),
            new StreamEvent.TextDelta(0, "Let me check."),
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.ToolUseStart(1, "call_a", "weather"),
            new StreamEvent.ToolInputDelta(1, "{\"city\":"),
            new StreamEvent.ToolInputDelta(1, "\"Paris\"}"),
            new StreamEvent.ContentBlockStop(1),
            new StreamEvent.ToolUseStart(2, "call_b", "time"),
            new StreamEvent.ToolInputDelta(2, "{}"),
            new StreamEvent.ContentBlockStop(2),
            new StreamEvent.MessageStop(StopReason.TOOL_USE),
            new StreamEvent.UsageReport(new Usage(40, 20, 10, 0, 0)));
  }

  @Test
  void toolCallFirst_takesIndexZero() {
    chunk(
        """
        {"choices":[{"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"c1",
          "function":{"name":"f","arguments":"{}"}}]}}]}\
        """);
    chunk("{\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
    translator.done();
    assertThat(events)
        .containsExactly(
            new StreamEvent.MessageStart(Role.ASSISTANT),
            new StreamEvent.ToolUseStart(0, "c1", "f"),
            new StreamEvent.ToolInputDelta(0, "{}"),
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.TOOL_USE));
  }

  @Test
  void doneWithoutFinishReason_stillClosesTheMessage() {
    chunk("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}");
    translator.done();
    assertThat(events)
        .containsExactly(
            new StreamEvent.MessageStart(Role.ASSISTANT),
            new StreamEvent.TextDelta(0, "Hi"),
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.END_TURN));
  }

  @Test
  void usageInTheFinishChunk_isReportedAfterTheStop() {
    chunk(
        """
        {"choices":[{"delta":{"content":"x"},"finish_reason":"length"}],
         "usage":{"prompt_tokens":3,"completion_tokens":1}}\
        """);
    translator.done();
    assertThat(events)
        .endsWith(
            new StreamEvent.MessageStop(StopReason.MAX_TOKENS),
            new StreamEvent.UsageReport(Usage.of(3, 1)));
  }

  @Test
  void otherChoicesAreIgnored() {
    chunk("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other\"}}]}");
    chunk("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"mine\"}}]}");
    assertThat(events).contains(new StreamEvent.TextDelta(0, "mine"));
    assertThat(events).doesNotContain(new StreamEvent.TextDelta(0, "other"));
  }

  private void chunk(String json) {
    try {
      translator.accept(ChatChunkReader.read(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
