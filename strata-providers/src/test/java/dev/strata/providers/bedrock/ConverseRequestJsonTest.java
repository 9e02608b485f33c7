package dev.strata.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConverseRequestJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNode SCHEMA = json("{\"type\":\"object\"}");

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body as sent, read back. */
  private static JsonNode sent(ChatRequest request) {
    try {
      return MAPPER.readTree(ConverseRequestJson.body(new ModelCall(request, "model-x")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChatRequest request(
      List<ContentBlock> system, List<Message> messages, Optional<ToolConfig> tools) {
    return new ChatRequest(
        "alias",
        system,
        messages,
        InferenceConfig.DEFAULTS,
        tools,
        new ResponseFormat.Text(),
        Map.of());
  }

  @Test
  void everyBlockKind_isWrittenAsConverseJson() {
    ChatRequest request =
        new ChatRequest(
            "alias",
            List.of(
                new ContentBlock.Text("Be terse."),
                new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES)),
            List.of(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.Text("Look:"),
                        new ContentBlock.Image("image/JPG", new byte[] {1, 2, 3}, null),
                        new ContentBlock.Document("PDF", "report", new byte[] {4, 5}),
                        new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR))),
                new Message(
                    Role.ASSISTANT,
                    List.of(new ContentBlock.ToolUse("tu1", "lookup", json("{\"q\":\"x\"}")))),
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.ToolResult(
                            "tu1",
                            List.of(
                                new ContentBlock.Text("found"),
                                new ContentBlock.Json(json("{\"n\":1}"))),
                            false),
                        new ContentBlock.ToolResult(
                            "tu2", List.of(new ContentBlock.Text("boom")), true),
                        new ContentBlock.Json(json("{\"a\":1}"))))),
            new InferenceConfig(
                OptionalInt.of(256),
                OptionalDouble.of(0.7),
                OptionalDouble.of(0.9),
                List.of("END"),
                OptionalLong.of(42),
                Optional.of("user-1")),
            Optional.of(
                new ToolConfig(
                    List.of(
                        new ToolSpec("lookup", "Looks up", SCHEMA),
                        new ToolSpec("noop", "", SCHEMA)
                            .withCachePointAfter(ContentBlock.CacheTtl.FIVE_MINUTES)),
                    new ToolChoice.Named("lookup"))),
            new ResponseFormat.Text(),
            Map.of("team", "search"));

    assertThat(sent(request))
        .isEqualTo(
            json(
                """
                {"messages":[
                  {"role":"user","content":[
                    {"text":"Look:"},
                    {"image":{"format":"jpeg","source":{"bytes":"AQID"}}},
                    {"document":{"format":"pdf","name":"report","source":{"bytes":"BAU="}}},
                    {"cachePoint":{"type":"default","ttl":"1h"}}]},
                  {"role":"assistant","content":[
                    {"toolUse":{"toolUseId":"tu1","name":"lookup","input":{"q":"x"}}}]},
                  {"role":"user","content":[
                    {"toolResult":{"toolUseId":"tu1",
                      "content":[{"text":"found"},{"json":{"n":1}}],"status":"success"}},
                    {"toolResult":{"toolUseId":"tu2","content":[{"text":"boom"}],"status":"error"}},
                    {"text":"{\\"a\\":1}"}]}],
                 "system":[{"text":"Be terse."},{"cachePoint":{"type":"default"}}],
                 "inferenceConfig":{"maxTokens":256,"temperature":0.7,"topP":0.9,
                   "stopSequences":["END"]},
                 "toolConfig":{
                   "tools":[
                     {"toolSpec":{"name":"lookup","description":"Looks up",
                       "inputSchema":{"json":{"type":"object"}}}},
                     {"toolSpec":{"name":"noop","inputSchema":{"json":{"type":"object"}}}},
                     {"cachePoint":{"type":"default"}}],
                   "toolChoice":{"tool":{"name":"lookup"}}}}
                """));
  }

  @Test
  void plainRequest_sendsAnEmptyInferenceConfig_andNoSystemOrTools() {
    assertThat(sent(ChatRequest.of("alias", "hi")))
        .isEqualTo(
            json(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],"
                    + "\"inferenceConfig\":{}}"));
  }

  @Test
  void toolChoices_autoAndAny_areObjects_andNoneSendsTheToolsWithoutAChoice() {
    List<ToolSpec> tools = List.of(new ToolSpec("lookup", "", SCHEMA));
    List<Message> hi = List.of(Message.user("hi"));

    assertThat(
            sent(request(List.of(), hi, Optional.of(new ToolConfig(tools, new ToolChoice.Auto()))))
                .at("/toolConfig/toolChoice"))
        .isEqualTo(json("{\"auto\":{}}"));
    assertThat(
            sent(request(List.of(), hi, Optional.of(new ToolConfig(tools, new ToolChoice.Any()))))
                .at("/toolConfig/toolChoice"))
        .isEqualTo(json("{\"any\":{}}"));
    JsonNode none =
        sent(request(List.of(), hi, Optional.of(new ToolConfig(tools, new ToolChoice.None()))));
    assertThat(none.at("/toolConfig/tools")).hasSize(1);
    assertThat(none.path("toolConfig").has("toolChoice")).isFalse();
  }

  @Test
  void imageByUrl_isRefused() {
    ChatRequest request =
        request(
            List.of(),
            List.of(
                new Message(
                    Role.USER,
                    List.of(new ContentBlock.Image(null, null, "https://example.com/a.png")))),
            Optional.empty());

    assertThatThrownBy(() -> ConverseRequestJson.body(new ModelCall(request, "m")))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
        .hasMessageContaining("send the image bytes inline");
  }

  @Test
  void systemImage_andImageInAToolResult_areRefused() {
    ContentBlock image = new ContentBlock.Image("image/png", new byte[] {1}, null);
    ChatRequest systemImage =
        request(List.of(image), List.of(Message.user("hi")), Optional.empty());
    ChatRequest toolResultImage =
        request(
            List.of(),
            List.of(
                new Message(
                    Role.USER, List.of(new ContentBlock.ToolResult("t", List.of(image), false)))),
            Optional.empty());

    assertThatThrownBy(() -> ConverseRequestJson.body(new ModelCall(systemImage, "m")))
        .hasMessageContaining("only text and cache points in the system prompt");
    assertThatThrownBy(() -> ConverseRequestJson.body(new ModelCall(toolResultImage, "m")))
        .hasMessageContaining("only text and JSON");
  }
}
