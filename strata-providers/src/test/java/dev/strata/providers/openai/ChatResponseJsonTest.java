package dev.strata.providers.openai;

import static dev.strata.providers.openai.ChatRequestJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatResponseJsonTest {

  @Test
  void parse_text_withUsageWhoseCachedTokensAreMovedOutOfTheInput() {
    ChatResponse response =
        ChatResponseJson.parse(
            "up",
            json(
                """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1200,"completion_tokens":7,"total_tokens":1207,
                          "prompt_tokens_details":{"cached_tokens":1024}}}\
                """));
    assertThat(response.output().content()).containsExactly(new ContentBlock.Text("Hi!"));
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).contains(new Usage(176, 7, 1024, 0, 0));
  }

  @Test
  void parse_withoutUsage_hasNoUsage() {
    ChatResponse response =
        ChatResponseJson.parse(
            "up",
            json("{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}"));
    assertThat(response.usage()).isEmpty();
    ChatResponse nullUsage =
        ChatResponseJson.parse(
            "up", json("{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":null}"));
    assertThat(nullUsage.usage()).isEmpty();
  }

  @Test
  void parse_toolCalls_argumentsParsed_brokenArgumentsKeptAsText() {
    ChatResponse response =
        ChatResponseJson.parse(
            "up",
            json(
                """
                {"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                   {"id":"call_b","type":"function","function":{"name":"weather","arguments":"{\\"city\\":"}}]},
                  "finish_reason":"tool_calls"}]}\
                """));
    assertThat(response.output().content())
        .containsExactly(
            new ContentBlock.ToolUse("call_a", "weather", json("{\"city\":\"Paris\"}")),
            new ContentBlock.ToolUse(
                "call_b", "weather", JsonNodeFactory.instance.textNode("{\"city\":")));
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void parse_toolCallsFinishedWithStop_areStillToolUse() {
    ChatResponse response =
        ChatResponseJson.parse(
            "up",
            json(
                """
                {"choices":[{"message":{"tool_calls":[{"function":{"name":"f","arguments":""}}]},
                  "finish_reason":"stop"}]}\
                """));
    assertThat(response.output().content())
        .containsExactly(new ContentBlock.ToolUse("call_0", "f", json("{}")));
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @ParameterizedTest
  @CsvSource({
    "stop, END_TURN",
    "length, MAX_TOKENS",
    "tool_calls, TOOL_USE",
    "function_call, TOOL_USE",
    "content_filter, CONTENT_FILTERED",
    "something_new, END_TURN"
  })
  void parse_finishReasons(String finish, StopReason expected) {
    ChatResponse response =
        ChatResponseJson.parse(
            "up",
            json(
                "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\""
                    + finish
                    + "\"}]}"));
    assertThat(response.stopReason()).isEqualTo(expected);
  }

  @Test
  void parse_vllmStopReasonString_isAStopSequence() {
    ChatResponse response =
        ChatResponseJson.parse(
            "up",
            json(
                """
                {"choices":[{"message":{"content":"1, 2, 3"},"finish_reason":"stop","stop_reason":"4"}]}\
                """));
    assertThat(response.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
  }

  @Test
  void parse_refusal_becomesText() {
    ChatResponse response =
        ChatResponseJson.parse(
            "up",
            json(
                "{\"choices\":[{\"message\":{\"content\":null,\"refusal\":\"I"
                    + " can't\"},\"finish_reason\":\"stop\"}]}"));
    assertThat(response.output().text()).isEqualTo("I can't");
  }

  @Test
  void parse_withoutChoices_isAnUpstreamError() {
    assertThatThrownBy(() -> ChatResponseJson.parse("up", json("{\"choices\":[]}")))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }
}
