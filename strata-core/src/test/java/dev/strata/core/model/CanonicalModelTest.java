package dev.strata.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CanonicalModelTest {

  @Test
  void usage_negativeCount_isRejected() {
    assertThatThrownBy(() -> new Usage(0, -1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token counts cannot be negative");
  }

  @Test
  void usage_totalsAddUncachedCachedAndOutputTokens() {
    Usage usage = new Usage(10, 5, 100, 20, 30);

    assertThat(usage.cacheWriteInputTokens()).isEqualTo(50);
    assertThat(usage.totalInputTokens()).isEqualTo(160);
    assertThat(usage.totalTokens()).isEqualTo(165);
  }

  @Test
  void chatRequest_systemText_joinsTextBlocksAndSkipsCachePoints() {
    ChatRequest request =
        new ChatRequest(
            "m",
            List.of(
                new ContentBlock.Text("You are terse."),
                new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES),
                new ContentBlock.Text("Answer in French.")),
            List.of(Message.user("hi")),
            InferenceConfig.DEFAULTS,
            Optional.empty(),
            new ResponseFormat.Text(),
            Map.of());

    assertThat(request.systemText()).isEqualTo("You are terse.\n\nAnswer in French.");
    assertThat(request.withModel("n").model()).isEqualTo("n");
    assertThat(request.withModel("n").messages()).isEqualTo(request.messages());
  }

  @Test
  void chatRequest_copiesItsLists() {
    List<Message> messages = new ArrayList<>(List.of(Message.user("a")));
    ChatRequest request =
        new ChatRequest(
            "m",
            List.of(),
            messages,
            InferenceConfig.DEFAULTS,
            Optional.empty(),
            new ResponseFormat.Text(),
            Map.of());
    messages.add(Message.user("b"));

    assertThat(request.messages()).hasSize(1);
  }

  @Test
  void message_text_concatenatesOnlyTextBlocks() {
    Message message =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.Text("a"),
                new ContentBlock.Image("image/png", new byte[] {1}, null),
                new ContentBlock.Text("b")));

    assertThat(message.text()).isEqualTo("ab");
  }

  @Test
  void image_hasEitherInlineDataOrAUrl() {
    assertThatThrownBy(() -> new ContentBlock.Image("image/png", new byte[] {1}, "https://x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContentBlock.Image(null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ContentBlock.Image(null, null, "https://x/cat.png").isInline()).isFalse();
    assertThat(new ContentBlock.Image("image/png", new byte[] {1}, null).isInline()).isTrue();
  }

  @Test
  void inferenceConfig_withMaxTokens_keepsTheRest() {
    InferenceConfig config =
        new InferenceConfig(
            OptionalInt.empty(),
            OptionalDouble.of(0.2),
            OptionalDouble.empty(),
            List.of("END"),
            OptionalLong.empty(),
            Optional.empty());

    InferenceConfig capped = config.withMaxTokens(64);

    assertThat(capped.maxTokens()).hasValue(64);
    assertThat(capped.temperature()).hasValue(0.2);
    assertThat(capped.stopSequences()).containsExactly("END");
  }

  @Test
  void chatRequest_cachePointCount_countsToolsSystemMessagesAndToolResults() {
    var schema = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    ContentBlock.CachePoint fiveMinutes =
        new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES);
    ChatRequest request =
        new ChatRequest(
            "m",
            List.of(new ContentBlock.Text("system"), fiveMinutes),
            List.of(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.ToolResult(
                            "t1", List.of(new ContentBlock.Text("42"), fiveMinutes), false),
                        new ContentBlock.Text("question"),
                        new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR)))),
            InferenceConfig.DEFAULTS,
            Optional.of(
                new ToolConfig(
                    List.of(
                        new ToolSpec("a", "", schema),
                        new ToolSpec("b", "", schema)
                            .withCachePointAfter(ContentBlock.CacheTtl.ONE_HOUR)),
                    new ToolChoice.Auto())),
            new ResponseFormat.Text(),
            Map.of());

    assertThat(request.cachePointCount()).isEqualTo(4);
    assertThat(ChatRequest.of("m", "hi").cachePointCount()).isZero();
  }

  @Test
  void toolSpec_withoutCachePoint_byDefault() {
    var schema = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    assertThat(new ToolSpec("a", null, schema).cachePointAfter()).isEmpty();
    assertThat(
            new ToolSpec("a", "", schema)
                .withCachePointAfter(ContentBlock.CacheTtl.ONE_HOUR)
                .cachePointAfter())
        .contains(ContentBlock.CacheTtl.ONE_HOUR);
  }
}
