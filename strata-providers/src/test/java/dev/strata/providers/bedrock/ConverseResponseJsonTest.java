package dev.strata.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ConverseResponseJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void answer_keepsTextAndToolUse_inOrder_andSkipsOtherContent() {
    ChatResponse answer =
        ConverseResponseJson.response(
            json(
                """
                {"output":{"message":{"role":"assistant","content":[
                  {"reasoningContent":{"reasoningText":{"text":"hmm"}}},
                  {"text":"Let me look."},
                  {"toolUse":{"toolUseId":"tu1","name":"lookup","input":{"q":"x","n":2}}}]}},
                 "stopReason":"tool_use",
                 "usage":{"inputTokens":5,"outputTokens":7,"totalTokens":12},
                 "metrics":{"latencyMs":321}}
                """));

    assertThat(answer.output().role()).isEqualTo(Role.ASSISTANT);
    assertThat(answer.output().content())
        .containsExactly(
            new ContentBlock.Text("Let me look."),
            new ContentBlock.ToolUse("tu1", "lookup", json("{\"q\":\"x\",\"n\":2}")));
    assertThat(answer.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(answer.usage()).contains(Usage.of(5, 7));
  }

  @Test
  void answerWithoutUsage_hasNone() {
    assertThat(ConverseResponseJson.response(json("{\"output\":{}}")).usage()).isEmpty();
  }

  @Test
  void stopReasons_mapToTheCanonicalOnes() {
    assertThat(ConverseResponseJson.stopReason("end_turn")).isEqualTo(StopReason.END_TURN);
    assertThat(ConverseResponseJson.stopReason("max_tokens")).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(ConverseResponseJson.stopReason("model_context_window_exceeded"))
        .isEqualTo(StopReason.MAX_TOKENS);
    assertThat(ConverseResponseJson.stopReason("stop_sequence"))
        .isEqualTo(StopReason.STOP_SEQUENCE);
    assertThat(ConverseResponseJson.stopReason("guardrail_intervened"))
        .isEqualTo(StopReason.GUARDRAIL_INTERVENED);
    assertThat(ConverseResponseJson.stopReason("content_filtered"))
        .isEqualTo(StopReason.CONTENT_FILTERED);
    assertThat(ConverseResponseJson.stopReason(null)).isEqualTo(StopReason.END_TURN);
    assertThat(ConverseResponseJson.stopReason("something_new")).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void cacheWrites_areSplitByTimeToLive_neverBeyondTheWrittenTotal() {
    Usage usage =
        ConverseResponseJson.usage(
            json(
                """
                {"inputTokens":10,"outputTokens":20,"cacheReadInputTokens":30,
                 "cacheWriteInputTokens":1000,
                 "cacheDetails":[{"ttl":"1h","inputTokens":600},{"ttl":"5m","inputTokens":400}]}
                """));

    assertThat(usage).isEqualTo(new Usage(10, 20, 30, 400, 600));
  }

  @Test
  void streamEvents_mapToCanonicalEvents() {
    assertThat(StreamEvents.canonical("messageStart", json("{\"role\":\"assistant\"}")))
        .contains(new StreamEvent.MessageStart(Role.ASSISTANT));
    assertThat(
            StreamEvents.canonical(
                "contentBlockStart",
                json(
                    "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":"
                        + "{\"toolUseId\":\"tu1\",\"name\":\"lookup\"}}}")))
        .contains(new StreamEvent.ToolUseStart(1, "tu1", "lookup"));
    assertThat(
            StreamEvents.canonical(
                "contentBlockDelta",
                json("{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"q\\\"\"}}}")))
        .contains(new StreamEvent.ToolInputDelta(1, "{\"q\""));
    assertThat(
            StreamEvents.canonical(
                "contentBlockDelta", json("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}")))
        .contains(new StreamEvent.TextDelta(0, "Hi"));
    assertThat(StreamEvents.canonical("contentBlockStop", json("{\"contentBlockIndex\":1}")))
        .contains(new StreamEvent.ContentBlockStop(1));
    assertThat(StreamEvents.canonical("messageStop", json("{\"stopReason\":\"max_tokens\"}")))
        .contains(new StreamEvent.MessageStop(StopReason.MAX_TOKENS));
    assertThat(
            StreamEvents.canonical(
                "metadata",
                json("{\"usage\":{\"inputTokens\":1,\"outputTokens\":2},\"metrics\":{}}")))
        .contains(new StreamEvent.UsageReport(Usage.of(1, 2)));
  }

  @Test
  void streamEvents_notRelayed_mapToNothing() {
    assertThat(
            StreamEvents.canonical(
                "contentBlockDelta",
                json(
                    "{\"contentBlockIndex\":0,\"delta\":"
                        + "{\"reasoningContent\":{\"text\":\"thinking\"}}}")))
        .isEmpty();
    assertThat(StreamEvents.canonical("contentBlockStart", json("{\"contentBlockIndex\":0}")))
        .isEmpty();
    assertThat(StreamEvents.canonical("metadata", json("{\"metrics\":{}}"))).isEmpty();
    assertThat(StreamEvents.isRelayed("initial-response")).isFalse();
    assertThat(StreamEvents.canonical("initial-response", json("{}"))).isEmpty();
  }
}
