package dev.strata.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.strata.providers.openai.OpenAiProviderConfig.MaxTokensField;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChatRequestJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void body_minimalRequest_usesTheUpstreamModelAndAPlainStringContent() throws Exception {
    ObjectNode body = body(ChatRequest.of("my-alias", "Hello"), false);
    assertThat(body)
        .isEqualTo(
            json(
                """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}\
                """));
  }

  @Test
  void body_systemBlocks_becomeOneSystemMessage_andCachePointsAreDropped() throws Exception {
    ChatRequest request =
        request(
            List.of(
                new ContentBlock.Text("You are terse."),
                new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES),
                new ContentBlock.Text("Answer in French.")),
            List.of(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.Text("Bonjour"),
                        new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR)))));
    assertThat(body(request, false).get("messages"))
        .isEqualTo(
            json(
                """
                [{"role":"system","content":"You are terse.\\n\\nAnswer in French."},
                 {"role":"user","content":"Bonjour"}]\
                """));
  }

  @Test
  void body_images_becomeContentParts_inlineOnesAsDataUrls() throws Exception {
    Message message =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.Text("What is this?"),
                new ContentBlock.Image("image/png", new byte[] {1, 2, 3}, null),
                new ContentBlock.Image(null, null, "https://example.com/cat.jpg")));
    assertThat(body(request(List.of(), List.of(message)), false).get("messages"))
        .isEqualTo(
            json(
                """
                [{"role":"user","content":[
                   {"type":"text","text":"What is this?"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}},
                   {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]\
                """));
  }

  @Test
  void body_toolUseAndResults_becomeToolCallsAndToolMessages() throws Exception {
    Message ask = Message.user("Weather in Paris and Rome?");
    Message calls =
        new Message(
            Role.ASSISTANT,
            List.of(
                new ContentBlock.Text("Checking."),
                new ContentBlock.ToolUse("call_1", "weather", json("{\"city\":\"Paris\"}")),
                new ContentBlock.ToolUse("call_2", "weather", json("{\"city\":\"Rome\"}"))));
    Message results =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.ToolResult("call_1", List.of(new ContentBlock.Text("18C")), false),
                new ContentBlock.ToolResult(
                    "call_2", List.of(new ContentBlock.Json(json("{\"temp\":21}"))), false),
                new ContentBlock.Text("Which is warmer?")));
    JsonNode messages =
        body(request(List.of(), List.of(ask, calls, results)), false).get("messages");
    assertThat(messages)
        .isEqualTo(
            json(
                """
                [{"role":"user","content":"Weather in Paris and Rome?"},
                 {"role":"assistant","content":"Checking.","tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"18C"},
                 {"role":"tool","tool_call_id":"call_2","content":"{\\"temp\\":21}"},
                 {"role":"user","content":"Which is warmer?"}]\
                """));
  }

  @Test
  void body_assistantWithOnlyToolCalls_hasNullContent_andResultsAloneMakeNoUserMessage()
      throws Exception {
    Message calls =
        new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("c", "now", json("{}"))));
    Message result =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.ToolResult("c", List.of(new ContentBlock.Text("noon")), false)));
    JsonNode messages = body(request(List.of(), List.of(calls, result)), false).get("messages");
    assertThat(messages.get(0).get("content").isNull()).isTrue();
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1).get("role").asText()).isEqualTo("tool");
  }

  @Test
  void body_documents_areRefusedAsInvalid() {
    Message message =
        new Message(Role.USER, List.of(new ContentBlock.Document("pdf", "report", new byte[] {1})));
    assertThatThrownBy(() -> body(request(List.of(), List.of(message)), false))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage())
                  .isEqualTo("documents are not supported by OpenAI-compatible upstreams");
            });
  }

  @Test
  void body_inferenceSettings_toolsAndJsonSchema_toolCachePointsDropped() throws Exception {
    InferenceConfig inference =
        new InferenceConfig(
            OptionalInt.of(256),
            OptionalDouble.of(0.2),
            OptionalDouble.of(0.9),
            List.of("END", "STOP"),
            OptionalLong.of(42),
            Optional.of("user-7"));
    ToolConfig tools =
        new ToolConfig(
            List.of(
                new ToolSpec("weather", "Current weather", json("{\"type\":\"object\"}")),
                // OpenAI caches on its own: a cache point after a tool is dropped, not refused
                new ToolSpec("time", null, json("{\"type\":\"object\"}"))
                    .withCachePointAfter(ContentBlock.CacheTtl.ONE_HOUR)),
            new ToolChoice.Named("weather"));
    ResponseFormat format =
        new ResponseFormat.JsonSchema("answer", json("{\"type\":\"object\"}"), true);
    ChatRequest request =
        new ChatRequest(
            "alias",
            List.of(),
            List.of(Message.user("hi")),
            inference,
            Optional.of(tools),
            format,
            Map.of());
    ObjectNode body = body(request, false);
    body.remove("messages");
    assertThat(body)
        .isEqualTo(
            json(
                """
                {"model":"gpt-4o-mini","max_tokens":256,"temperature":0.2,"top_p":0.9,
                 "stop":["END","STOP"],"seed":42,"user":"user-7",
                 "tools":[{"type":"function","function":{"name":"weather","description":"Current weather","parameters":{"type":"object"}}},
                          {"type":"function","function":{"name":"time","parameters":{"type":"object"}}}],
                 "tool_choice":{"type":"function","function":{"name":"weather"}},
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}}}\
                """));
  }

  @Test
  void body_toolChoices_andJsonObjectFormat() throws Exception {
    assertThat(choice(new ToolChoice.Auto())).isEqualTo(json("\"auto\""));
    assertThat(choice(new ToolChoice.Any())).isEqualTo(json("\"required\""));
    assertThat(choice(new ToolChoice.None())).isEqualTo(json("\"none\""));
    ChatRequest request =
        new ChatRequest(
            "a",
            List.of(),
            List.of(Message.user("hi")),
            InferenceConfig.DEFAULTS,
            Optional.empty(),
            new ResponseFormat.JsonObject(),
            Map.of());
    assertThat(body(request, false).get("response_format"))
        .isEqualTo(json("{\"type\":\"json_object\"}"));
  }

  @Test
  void body_emptyToolList_sendsNeitherToolsNorToolChoice() {
    ChatRequest request =
        new ChatRequest(
            "a",
            List.of(),
            List.of(Message.user("hi")),
            InferenceConfig.DEFAULTS,
            Optional.of(new ToolConfig(List.of(), new ToolChoice.None())),
            new ResponseFormat.Text(),
            Map.of());
    ObjectNode body = body(request, false);
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
  }

  @Test
  void body_maxCompletionTokensWhenConfigured() {
    ChatRequest request =
        ChatRequest.of("a", "hi").withInference(InferenceConfig.DEFAULTS.withMaxTokens(10));
    ObjectNode body =
        ChatRequestJson.body(
            new ModelCall(request, "o3"), false, MaxTokensField.MAX_COMPLETION_TOKENS);
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(10);
    assertThat(body.has("max_tokens")).isFalse();
  }

  @Test
  void body_streaming_asksForUsage() throws Exception {
    ObjectNode body = body(ChatRequest.of("a", "hi"), true);
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("stream_options")).isEqualTo(json("{\"include_usage\":true}"));
  }

  private JsonNode choice(ToolChoice choice) {
    ChatRequest request =
        new ChatRequest(
            "a",
            List.of(),
            List.of(Message.user("hi")),
            InferenceConfig.DEFAULTS,
            Optional.of(new ToolConfig(List.of(new ToolSpec("t", "", json("{}"))), choice)),
            new ResponseFormat.Text(),
            Map.of());
    return body(request, false).get("tool_choice");
  }

  private static ChatRequest request(List<ContentBlock> system, List<Message> messages) {
    return new ChatRequest(
        "alias",
        system,
        messages,
        InferenceConfig.DEFAULTS,
        Optional.empty(),
        new ResponseFormat.Text(),
        Map.of());
  }

  /** The body as the upstream reads it back, so numbers compare by value, not by Java type. */
  private static ObjectNode body(ChatRequest request, boolean stream) {
    ObjectNode body =
        ChatRequestJson.body(
            new ModelCall(request, "gpt-4o-mini"), stream, MaxTokensField.MAX_TOKENS);
    return (ObjectNode) json(body.toString());
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
