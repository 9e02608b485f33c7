package dev.strata.providers.gemini;

import static dev.strata.providers.gemini.GeminiProviderTest.json;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GenerateContentRequestJsonTest {

  @Test
  void systemAndInference_mapToSystemInstructionAndGenerationConfig() {
    InferenceConfig inference =
        new InferenceConfig(
            OptionalInt.of(256),
            OptionalDouble.of(0.25),
            OptionalDouble.of(0.8),
            List.of("END"),
            OptionalLong.of(11),
            Optional.empty());
    JsonNode body =
        GenerateContentRequestJson.body(
            request(
                List.of(
                    new ContentBlock.Text("Be brief."),
                    new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES),
                    new ContentBlock.Text("Be kind.")),
                List.of(Message.user("hi"), Message.assistant("hello")),
                inference,
                new ResponseFormat.Text(),
                null));

    assertThat(body.get("systemInstruction"))
        .isEqualTo(json("{\"parts\":[{\"text\":\"Be brief.\\n\\nBe kind.\"}]}"));
    assertThat(body.at("/contents/1/role").asText()).isEqualTo("model");
    assertThat(body.get("generationConfig").toString())
        .isEqualTo(
            "{\"maxOutputTokens\":256,\"temperature\":0.25,\"topP\":0.8,"
                + "\"stopSequences\":[\"END\"],\"seed\":11}");
  }

  @Test
  void jsonFormats_setTheMimeTypeAndSchema() {
    JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}");
    JsonNode withSchema =
        GenerateContentRequestJson.body(
            request(
                List.of(),
                List.of(Message.user("x")),
                InferenceConfig.DEFAULTS,
                new ResponseFormat.JsonSchema("answer", schema, true),
                null));
    JsonNode anyJson =
        GenerateContentRequestJson.body(
            request(
                List.of(),
                List.of(Message.user("x")),
                InferenceConfig.DEFAULTS,
                new ResponseFormat.JsonObject(),
                null));

    assertThat(withSchema.at("/generationConfig/responseMimeType").asText())
        .isEqualTo("application/json");
    assertThat(withSchema.at("/generationConfig/responseJsonSchema")).isEqualTo(schema);
    assertThat(anyJson.get("generationConfig"))
        .isEqualTo(json("{\"responseMimeType\":\"application/json\"}"));
  }

  @Test
  void imagesDocumentsAndFunctionTurns_mapToParts() {
    List<Message> conversation =
        List.of(
            new Message(
                Role.USER,
                List.of(
                    new ContentBlock.Text("Look"),
                    new ContentBlock.Image("image/png", new byte[] {1, 2, 3}, null),
                    new ContentBlock.Document("pdf", "r", new byte[] {4, 5}))),
            new Message(
                Role.ASSISTANT,
                List.of(
                    new ContentBlock.ToolUse(
                        "call_1", "get_weather", json("{\"city\":\"Oslo\"}")))),
            new Message(
                Role.USER,
                List.of(
                    new ContentBlock.ToolResult(
                        "call_1",
                        List.of(new ContentBlock.Json(json("{\"celsius\":-3}"))),
                        false))),
            new Message(
                Role.USER,
                List.of(
                    new ContentBlock.ToolResult(
                        "call_1", List.of(new ContentBlock.Text("timeout")), true))));
    JsonNode contents =
        GenerateContentRequestJson.body(
                request(
                    List.of(),
                    conversation,
                    InferenceConfig.DEFAULTS,
                    new ResponseFormat.Text(),
                    null))
            .get("contents");

    assertThat(contents.at("/0/parts"))
        .isEqualTo(
            json(
                "[{\"text\":\"Look\"},"
                    + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AQID\"}},"
                    + "{\"inlineData\":{\"mimeType\":\"application/pdf\",\"data\":\"BAU=\"}}]"));
    assertThat(contents.at("/1"))
        .isEqualTo(
            json(
                "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
                    + "\"args\":{\"city\":\"Oslo\"}}}]}"));
    assertThat(contents.at("/2/parts/0"))
        .isEqualTo(
            json(
                "{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"celsius\":-3}}}"));
    assertThat(contents.at("/3/parts/0"))
        .isEqualTo(
            json(
                "{\"functionResponse\":{\"name\":\"get_weather\","
                    + "\"response\":{\"error\":\"timeout\"}}}"));
  }

  @Test
  void toolResultWithoutItsToolUse_isRefusedAsInvalid() {
    Message orphan =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.ToolResult("call_9", List.of(new ContentBlock.Text("x")), false)));
    assertThatThrownBy(
            () ->
                GenerateContentRequestJson.body(
                    request(
                        List.of(),
                        List.of(orphan),
                        InferenceConfig.DEFAULTS,
                        new ResponseFormat.Text(),
                        null)))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
  }

  @Test
  void toolChoices_mapToFunctionCallingModes() {
    assertThat(calling(new ToolChoice.Auto())).isEqualTo(json("{\"mode\":\"AUTO\"}"));
    assertThat(calling(new ToolChoice.Any())).isEqualTo(json("{\"mode\":\"ANY\"}"));
    assertThat(calling(new ToolChoice.None())).isEqualTo(json("{\"mode\":\"NONE\"}"));
    assertThat(calling(new ToolChoice.Named("f")))
        .isEqualTo(json("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}"));
  }

  private static JsonNode calling(ToolChoice choice) {
    ToolConfig tools =
        new ToolConfig(List.of(new ToolSpec("f", "does f", json("{\"type\":\"object\"}"))), choice);
    JsonNode body =
        GenerateContentRequestJson.body(
            request(
                List.of(),
                List.of(Message.user("x")),
                InferenceConfig.DEFAULTS,
                new ResponseFormat.Text(),
                tools));
    assertThat(body.at("/tools/0/functionDeclarations/0"))
        .isEqualTo(
            json(
                "{\"name\":\"f\",\"description\":\"does f\","
                    + "\"parametersJsonSchema\":{\"type\":\"object\"}}"));
    return body.at("/toolConfig/functionCallingConfig");
  }

  private static ChatRequest request(
      List<ContentBlock> system,
      List<Message> messages,
      InferenceConfig inference,
      ResponseFormat format,
      ToolConfig tools) {
    return new ChatRequest(
        "alias", system, messages, inference, Optional.ofNullable(tools), format, Map.of());
  }
}
