package dev.strata.providers.gemini;

import static dev.strata.providers.gemini.GeminiProviderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import org.junit.jupiter.api.Test;

class GenerateContentResponseJsonTest {

  @Test
  void thoughtsAreSkipped_textPartsJoined_andThinkingTokensCountAsOutput() {
    ChatResponse response =
        GenerateContentResponseJson.parse(
            json(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"plan\",\"thought\":true},"
                    + "{\"text\":\"Hel\"},{\"text\":\"lo\"}]},\"finishReason\":\"MAX_TOKENS\"}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":50,\"cachedContentTokenCount\":20,"
                    + "\"candidatesTokenCount\":7,\"thoughtsTokenCount\":3}}"));

    assertThat(response.output().content()).containsExactly(new ContentBlock.Text("Hello"));
    assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.usage()).contains(new Usage(30, 10, 20, 0, 0));
  }

  @Test
  void safetyStopsAndBlockedPrompts_areContentFiltered() {
    assertThat(
            GenerateContentResponseJson.parse(
                    json("{\"candidates\":[{\"finishReason\":\"SAFETY\"}]}"))
                .stopReason())
        .isEqualTo(StopReason.CONTENT_FILTERED);
    ChatResponse blocked =
        GenerateContentResponseJson.parse(
            json("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"));
    assertThat(blocked.stopReason()).isEqualTo(StopReason.CONTENT_FILTERED);
    assertThat(blocked.output().content()).isEmpty();
    assertThat(blocked.usage()).isEmpty();
  }

  @Test
  void eachFunctionCall_getsItsOwnId() {
    ChatResponse response =
        GenerateContentResponseJson.parse(
            json(
                "{\"candidates\":[{\"content\":{\"parts\":["
                    + "{\"functionCall\":{\"name\":\"a\",\"args\":{}}},"
                    + "{\"functionCall\":{\"name\":\"b\"}}]},\"finishReason\":\"STOP\"}]}"));

    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.output().content()).hasSize(2);
    ContentBlock.ToolUse first = (ContentBlock.ToolUse) response.output().content().get(0);
    ContentBlock.ToolUse second = (ContentBlock.ToolUse) response.output().content().get(1);
    assertThat(first.id()).startsWith("call_").isNotEqualTo(second.id());
    assertThat(second.input()).isEqualTo(json("{}"));
  }
}
