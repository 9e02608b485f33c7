package dev.strata.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.model.Usage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatChunkReaderTest {

  @Test
  void aTextChunk_keepsTheTextAndSkipsEverythingElse() throws IOException {
    ChatChunk chunk =
        ChatChunkReader.read(
            """
            {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
             "system_fingerprint":"fp","choices":[{"index":0,"delta":{"role":"assistant",
             "content":"Hel\\u006co"},"logprobs":{"content":[{"token":"x"}]},"finish_reason":null}]}
            """);

    assertThat(chunk.choices())
        .containsExactly(new ChatChunk.Delta("Hello", "", List.of(), Optional.empty(), false));
    assertThat(chunk.usage()).isEmpty();
    assertThat(chunk.error()).isFalse();
  }

  @Test
  void theIndexMayFollowTheDelta_andOtherChoicesAreDropped() throws IOException {
    ChatChunk chunk =
        ChatChunkReader.read(
            """
            {"choices":[{"delta":{"content":"theirs"},"index":1},
                        {"delta":{"content":"mine"},"finish_reason":"stop","stop_reason":"END",
                         "index":0}]}
            """);

    assertThat(chunk.choices()).hasSize(1);
    ChatChunk.Delta mine = chunk.choices().get(0);
    assertThat(mine.text()).isEqualTo("mine");
    assertThat(mine.finishReason()).contains("stop");
    assertThat(mine.stopSequenceNamed()).isTrue();
  }

  @Test
  void contentAsParts_refusalAndToolCalls_areRead() throws IOException {
    ChatChunk chunk =
        ChatChunkReader.read(
            """
            {"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"a"},{"text":"b"}],
             "refusal":null,"tool_calls":[{"index":0,"id":"c1",
             "function":{"name":"f","arguments":"{}"}}]}},
             {"index":0,"delta":{"refusal":"I can't"}}]}
            """);

    assertThat(chunk.choices()).hasSize(2);
    assertThat(chunk.choices().get(0).text()).isEqualTo("ab");
    assertThat(chunk.choices().get(0).refusal()).isEmpty();
    assertThat(chunk.choices().get(0).toolCalls()).hasSize(1);
    assertThat(chunk.choices().get(0).toolCalls().get(0).path("id").asText()).isEqualTo("c1");
    assertThat(chunk.choices().get(1).refusal()).isEqualTo("I can't");
  }

  @Test
  void usage_isReadWithCachedTokensApart_andANullUsageIsNone() throws IOException {
    ChatChunk reported =
        ChatChunkReader.read(
            """
            {"choices":[],"usage":{"prompt_tokens":50,"completion_tokens":20,
             "prompt_tokens_details":{"cached_tokens":10}}}
            """);
    ChatChunk none = ChatChunkReader.read("{\"choices\":[{\"delta\":{}}],\"usage\":null}");

    assertThat(reported.usage()).contains(new Usage(40, 20, 10, 0, 0));
    assertThat(none.usage()).isEmpty();
    assertThat(none.choices()).hasSize(1);
  }

  @Test
  void anErrorField_marksTheChunk() throws IOException {
    assertThat(ChatChunkReader.read("{\"error\":{\"message\":\"overloaded\"}}").error()).isTrue();
    assertThat(ChatChunkReader.read("{\"error\":null}").error()).isTrue();
  }

  @Test
  void oddShapes_carryNothing() throws IOException {
    assertThat(ChatChunkReader.read("[1,2]").choices()).isEmpty();
    assertThat(ChatChunkReader.read("{\"choices\":{\"index\":0}}").choices()).isEmpty();
    assertThat(ChatChunkReader.read("{\"choices\":[3,{\"delta\":[1]}]}").choices())
        .containsExactly(new ChatChunk.Delta("", "", List.of(), Optional.empty(), false));
    assertThat(
            ChatChunkReader.read("{\"choices\":[{\"delta\":{\"tool_calls\":{\"index\":0}}}]}")
                .choices()
                .get(0)
                .toolCalls())
        .isEmpty();
  }

  @Test
  void malformedJson_anywhere_fails_evenInSkippedFields() {
    assertThatThrownBy(() -> ChatChunkReader.read("{\"choices\":[{\"delta\":{\"content\":\"x\"}}"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ChatChunkReader.read("{\"id\":\"x\",\"logprobs\":{\"a\":[1,}}"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ChatChunkReader.read("not json")).isInstanceOf(IOException.class);
  }
}
