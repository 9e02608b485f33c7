package dev.strata.server.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.ToolChoice;
import org.junit.jupiter.api.Test;

class AnthropicBodyDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void decode_turnsCacheControlIntoACachePointAfterTheBlock() throws Exception {
    ChatRequest request =
        new AnthropicBodyDecoder()
            .decode(
                "m",
                JSON.readTree(
                    """
                    {"anthropic_version":"bedrock-2023-05-31","max_tokens":100,
                     "system":[{"type":"text","text":"long prefix","cache_control":{"type":"ephemeral"}}],
                     "messages":[{"role":"user","content":"hi"},
                       {"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{}}]},
                       {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"42",
                          "is_error":true}]}],
                     "tools":[{"name":"f","input_schema":{"type":"object"},
                               "cache_control":{"type":"ephemeral","ttl":"1h"}}],
                     "tool_choice":{"type":"any"}}
                    """));

    assertThat(request.system())
        .containsExactly(
            new ContentBlock.Text("long prefix"),
            new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES));
    assertThat(request.inference().maxTokens()).hasValue(100);
    assertThat(request.messages().get(2).content().get(0))
        .isInstanceOfSatisfying(
            ContentBlock.ToolResult.class,
            r -> {
              assertThat(r.isError()).isTrue();
              assertThat(r.content()).containsExactly(new ContentBlock.Text("42"));
            });
    assertThat(request.tools().orElseThrow().choice()).isEqualTo(new ToolChoice.Any());
    assertThat(request.tools().orElseThrow().tools().get(0).cachePointAfter())
        .contains(ContentBlock.CacheTtl.ONE_HOUR);
  }

  @Test
  void decode_requiresMaxTokens() {
    assertThatThrownBy(
            () ->
                new AnthropicBodyDecoder()
                    .decode(
                        "m",
                        JSON.readTree(
                            "{\"anthropic_version\":\"bedrock-2023-05-31\",\"messages\":[]}")))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("max_tokens");
  }
}
