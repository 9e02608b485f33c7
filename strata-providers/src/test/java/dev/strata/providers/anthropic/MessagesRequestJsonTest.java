package dev.strata.providers.anthropic;

import static dev.strata.providers.anthropic.AnthropicProviderTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.provider.ModelCall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MessagesRequestJsonTest {

  @Test
  void inferenceSettings_mapToAnthropicFields() {
    InferenceConfig inference =
        new InferenceConfig(
            OptionalInt.of(300),
            OptionalDouble.of(0.5),
            OptionalDouble.of(0.9),
            List.of("END", "STOP"),
            OptionalLong.of(7),
            Optional.of("user-42"));
    JsonNode body = body(request(List.of(), List.of(Message.user("hi")), inference, null), false);

    assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.get("stop_sequences")).isEqualTo(json("[\"END\",\"STOP\"]"));
    assertThat(body.at("/metadata/user_id").asText()).isEqualTo("user-42");
    assertThat(body.has("system")).isFalse();
    assertThat(body.has("seed")).isFalse();
  }

  @Test
  void imagesAndDocuments_areSentAsSources() {
    byte[] png = {1, 2, 3};
    Message user =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.Image("image/png", png, null),
                new ContentBlock.Image(null, null, "https://example.com/cat.jpg"),
                new ContentBlock.Document("pdf", "report", new byte[] {4, 5}),
                new ContentBlock.Document(
                    "txt", "notes", "plain words".getBytes(StandardCharsets.UTF_8))));
    JsonNode content =
        body(request(List.of(), List.of(user), InferenceConfig.DEFAULTS, null), false)
            .at("/messages/0/content");

    assertThat(content.get(0))
        .isEqualTo(
            json(
                "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\","
                    + "\"data\":\"AQID\"}}"));
    assertThat(content.get(1))
        .isEqualTo(
            json(
                "{\"type\":\"image\",\"source\":{\"type\":\"url\","
                    + "\"url\":\"https://example.com/cat.jpg\"}}"));
    assertThat(content.get(2))
        .isEqualTo(
            json(
                "{\"type\":\"document\",\"source\":{\"type\":\"base64\","
                    + "\"media_type\":\"application/pdf\",\"data\":\"BAU=\"},\"title\":\"report\"}"));
    assertThat(content.get(3))
        .isEqualTo(
            json(
                "{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"plain"
                    + " words\"},\"title\":\"notes\"}"));
  }

  @Test
  void unsupportedDocumentFormat_isRefusedAsInvalid() {
    Message user =
        new Message(Role.USER, List.of(new ContentBlock.Document("docx", "memo", new byte[] {1})));
    assertThatThrownBy(
            () -> body(request(List.of(), List.of(user), InferenceConfig.DEFAULTS, null), false))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("docx");
            });
  }

  @Test
  void toolUseAndToolResult_roundTripAsAnthropicBlocks() {
    List<Message> conversation =
        List.of(
            Message.user("Weather?"),
            new Message(
                Role.ASSISTANT,
                List.of(
                    new ContentBlock.ToolUse(
                        "toolu_1", "get_weather", json("{\"city\":\"Oslo\"}")))),
            new Message(
                Role.USER,
                List.of(
                    new ContentBlock.ToolResult(
                        "toolu_1",
                        List.of(
                            new ContentBlock.Text("cold"),
                            new ContentBlock.Json(json("{\"celsius\":-3}"))),
                        true))));
    JsonNode messages =
        body(request(List.of(), conversation, InferenceConfig.DEFAULTS, null), false)
            .get("messages");

    assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
    assertThat(messages.at("/1/content/0"))
        .isEqualTo(
            json(
                "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                    + "\"input\":{\"city\":\"Oslo\"}}"));
    assertThat(messages.at("/2/content/0"))
        .isEqualTo(
            json(
                "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":["
                    + "{\"type\":\"text\",\"text\":\"cold\"},"
                    + "{\"type\":\"text\",\"text\":\"{\\\"celsius\\\":-3}\"}],\"is_error\":true}"));
  }

  @Test
  void toolChoices_mapToAnthropicTypes() {
    assertThat(toolChoice(new ToolChoice.Auto())).isEqualTo(json("{\"type\":\"auto\"}"));
    assertThat(toolChoice(new ToolChoice.Any())).isEqualTo(json("{\"type\":\"any\"}"));
    assertThat(toolChoice(new ToolChoice.None())).isEqualTo(json("{\"type\":\"none\"}"));
    assertThat(toolChoice(new ToolChoice.Named("f")))
        .isEqualTo(json("{\"type\":\"tool\",\"name\":\"f\"}"));
  }

  @Test
  void cachePointOpeningAMessage_marksTheEndOfThePreviousOne() {
    List<Message> conversation =
        List.of(
            Message.user("long context"),
            new Message(
                Role.ASSISTANT,
                List.of(
                    new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES),
                    new ContentBlock.Text("ok"))));
    JsonNode messages =
        body(request(List.of(), conversation, InferenceConfig.DEFAULTS, null), false)
            .get("messages");

    assertThat(messages.at("/0/content/0/cache_control"))
        .isEqualTo(json("{\"type\":\"ephemeral\",\"ttl\":\"5m\"}"));
    assertThat(messages.at("/1/content/0").has("cache_control")).isFalse();
  }

  @Test
  void cachePointWithNothingBeforeIt_isDropped_andOneHourTtlIsKept() {
    Message user =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES),
                new ContentBlock.Text("q"),
                new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR)));
    JsonNode content =
        body(request(List.of(), List.of(user), InferenceConfig.DEFAULTS, null), true)
            .at("/messages/0/content");

    assertThat(content)
        .isEqualTo(
            json(
                "[{\"type\":\"text\",\"text\":\"q\","
                    + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]"));
  }

  @Test
  void toolCachePoint_becomesCacheControlOnThatTool_andAPointOpeningTheSystemMarksTheLastTool() {
    JsonNode schema = json("{\"type\":\"object\"}");
    ToolConfig tools =
        new ToolConfig(
            List.of(
                new ToolSpec("a", "", schema).withCachePointAfter(ContentBlock.CacheTtl.ONE_HOUR),
                new ToolSpec("b", "", schema)),
            new ToolChoice.Auto());
    List<ContentBlock> system =
        List.of(
            new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES),
            new ContentBlock.Text("rules"));
    JsonNode body =
        body(request(system, List.of(Message.user("x")), InferenceConfig.DEFAULTS, tools), false);

    assertThat(body.at("/tools/0/cache_control"))
        .isEqualTo(json("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}"));
    assertThat(body.at("/tools/1/cache_control"))
        .isEqualTo(json("{\"type\":\"ephemeral\",\"ttl\":\"5m\"}"));
    assertThat(body.at("/system/0").has("cache_control")).isFalse();
    assertThat(body.at("/tool_choice/type").asText()).isEqualTo("auto");
  }

  @Test
  void moreThanFourCachePoints_isRefusedAsInvalid() {
    ContentBlock.CachePoint point = new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES);
    List<ContentBlock> system =
        List.of(
            new ContentBlock.Text("1"), point,
            new ContentBlock.Text("2"), point,
            new ContentBlock.Text("3"), point);
    Message user =
        new Message(
            Role.USER,
            List.of(new ContentBlock.Text("4"), point, new ContentBlock.Text("5"), point));
    ChatRequest five = request(system, List.of(user), InferenceConfig.DEFAULTS, null);

    assertThatThrownBy(() -> body(five, false))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
        .hasMessageContaining("A maximum of 4 blocks with cache_control may be provided. Found 5.");
    Message onePoint = new Message(Role.USER, List.of(new ContentBlock.Text("4"), point));
    ChatRequest four = request(system, List.of(onePoint), InferenceConfig.DEFAULTS, null);
    assertThat(body(four, false).at("/messages/0/content/0/cache_control").isObject()).isTrue();
  }

  @Test
  void stream_isRequestedOnlyWhenStreaming() {
    ChatRequest request = ChatRequest.of("a", "hi");
    assertThat(body(request, true).get("stream").asBoolean()).isTrue();
    assertThat(body(request, false).has("stream")).isFalse();
  }

  private static JsonNode toolChoice(ToolChoice choice) {
    ToolConfig tools =
        new ToolConfig(List.of(new ToolSpec("f", null, json("{\"type\":\"object\"}"))), choice);
    JsonNode body =
        body(
            request(List.of(), List.of(Message.user("x")), InferenceConfig.DEFAULTS, tools), false);
    assertThat(body.at("/tools/0"))
        .isEqualTo(json("{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}"));
    return body.get("tool_choice");
  }

  private static ChatRequest request(
      List<ContentBlock> system,
      List<Message> messages,
      InferenceConfig inference,
      ToolConfig tools) {
    return new ChatRequest(
        "alias",
        system,
        messages,
        inference,
        Optional.ofNullable(tools),
        new ResponseFormat.Text(),
        Map.of());
  }

  private static JsonNode body(ChatRequest request, boolean stream) {
    return MessagesRequestJson.body(new ModelCall(request, "claude-x"), stream, 1024);
  }
}
