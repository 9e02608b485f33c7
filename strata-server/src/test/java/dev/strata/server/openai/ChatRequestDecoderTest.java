package dev.strata.server.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ChatRequestDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ChatRequestDecoder decoder = new ChatRequestDecoder();

  @Test
  void systemAndDeveloperBecomeTheSystemPrompt() throws Exception {
    ChatRequest request =
        decode(
            """
            {"model":"m","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"developer","content":[{"type":"text","text":"Use metric units."}]},
              {"role":"user","content":"Hi"},
              {"role":"assistant","content":"Hello"},
              {"role":"user","content":"Weather?"}]}
            """);

    assertThat(request.system())
        .containsExactly(
            new ContentBlock.Text("Be brief."), new ContentBlock.Text("Use metric units."));
    assertThat(request.messages())
        .containsExactly(Message.user("Hi"), Message.assistant("Hello"), Message.user("Weather?"));
  }

  @Test
  void consecutiveToolMessagesMergeIntoOneUserTurn() throws Exception {
    ChatRequest request =
        decode(
            """
            {"model":"m","messages":[
              {"role":"user","content":"Compare Paris and Oslo"},
              {"role":"assistant","content":"","tool_calls":[
                {"id":"a","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                {"id":"b","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
              {"role":"tool","tool_call_id":"a","content":"20C"},
              {"role":"tool","tool_call_id":"b","content":[{"type":"text","text":"5C"}]},
              {"role":"user","content":"Thanks"}]}
            """);

    assertThat(request.messages()).hasSize(4);
    Message assistant = request.messages().get(1);
    assertThat(assistant.role()).isEqualTo(Role.ASSISTANT);
    assertThat(assistant.content())
        .containsExactly(
            new ContentBlock.ToolUse("a", "weather", JSON.readTree("{\"city\":\"Paris\"}")),
            new ContentBlock.ToolUse("b", "weather", JSON.readTree("{\"city\":\"Oslo\"}")));
    assertThat(request.messages().get(2))
        .isEqualTo(
            new Message(
                Role.USER,
                List.of(
                    new ContentBlock.ToolResult("a", List.of(new ContentBlock.Text("20C")), false),
                    new ContentBlock.ToolResult(
                        "b", List.of(new ContentBlock.Text("5C")), false))));
    assertThat(request.messages().get(3)).isEqualTo(Message.user("Thanks"));
  }

  @Test
  void inlineImagesAreDecodedAndLinkedImagesKept() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    ChatRequest request =
        decode(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                + dataUrl
                + "\",\"detail\":\"auto\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\"}}]}]}");

    List<ContentBlock> content = request.messages().get(0).content();
    assertThat(content.get(0)).isEqualTo(new ContentBlock.Text("What is this?"));
    ContentBlock.Image inline = (ContentBlock.Image) content.get(1);
    assertThat(inline.mediaType()).isEqualTo("image/png");
    assertThat(inline.data()).isEqualTo(png);
    ContentBlock.Image linked = (ContentBlock.Image) content.get(2);
    assertThat(linked.isInline()).isFalse();
    assertThat(linked.url()).isEqualTo("https://example.com/cat.jpg");
  }

  @Test
  void inlineFilesBecomeDocuments() throws Exception {
    String data =
        Base64.getEncoder().encodeToString("%PDF-1.7".getBytes(StandardCharsets.US_ASCII));
    ChatRequest request =
        decode(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\","
                + "\"file\":{\"filename\":\"report.pdf\",\"file_data\":\"data:application/pdf;base64,"
                + data
                + "\"}}]}]}");

    ContentBlock.Document document =
        (ContentBlock.Document) request.messages().get(0).content().get(0);
    assertThat(document.format()).isEqualTo("pdf");
    assertThat(document.name()).isEqualTo("report.pdf");
    assertThat(new String(document.data(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.7");
  }

  @Test
  void samplingSettingsCarryOver() throws Exception {
    ChatRequest request =
        decode(
            """
            {"model":"m","messages":[{"role":"user","content":"x"}],
             "max_tokens":100,"temperature":0.5,"top_p":0.9,"stop":"END","seed":42,"user":"u-1",
             "metadata":{"ticket":"T-9"},"n":1,"frequency_penalty":0,"parallel_tool_calls":true,
             "store":false,"logprobs":false,"service_tier":"auto"}
            """);

    assertThat(request.inference().maxTokens()).hasValue(100);
    assertThat(request.inference().temperature()).hasValue(0.5);
    assertThat(request.inference().topP()).hasValue(0.9);
    assertThat(request.inference().stopSequences()).containsExactly("END");
    assertThat(request.inference().seed()).hasValue(42);
    assertThat(request.inference().user()).contains("u-1");
    assertThat(request.metadata()).isEqualTo(Map.of("ticket", "T-9"));
  }

  @Test
  void maxCompletionTokensAndStopArraysAreRead() throws Exception {
    ChatRequest request =
        decode(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"max_completion_tokens\":7,\"stop\":[\"a\",\"b\"]}");

    assertThat(request.inference().maxTokens()).hasValue(7);
    assertThat(request.inference().stopSequences()).containsExactly("a", "b");
  }

  @Test
  void toolsAndEveryToolChoiceDecode() throws Exception {
    String tools =
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"d\","
            + "\"parameters\":{\"type\":\"object\"}}}]";
    Map<String, ToolChoice> choices =
        Map.of(
            "\"none\"", new ToolChoice.None(),
            "\"auto\"", new ToolChoice.Auto(),
            "\"required\"", new ToolChoice.Any(),
            "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}", new ToolChoice.Named("f"));
    for (Map.Entry<String, ToolChoice> choice : choices.entrySet()) {
      ChatRequest request =
          decode(
              "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                  + tools
                  + ",\"tool_choice\":"
                  + choice.getKey()
                  + "}");

      assertThat(request.tools().orElseThrow().choice()).isEqualTo(choice.getValue());
      assertThat(request.tools().orElseThrow().tools().get(0).description()).isEqualTo("d");
    }
  }

  @Test
  void responseFormatsDecode() throws Exception {
    assertThat(decodeWith("\"response_format\":{\"type\":\"json_object\"}").responseFormat())
        .isEqualTo(new ResponseFormat.JsonObject());
    ResponseFormat schema =
        decodeWith(
                "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\","
                    + "\"schema\":{\"type\":\"object\"},\"strict\":true}}")
            .responseFormat();
    assertThat(schema)
        .isEqualTo(
            new ResponseFormat.JsonSchema("s", JSON.readTree("{\"type\":\"object\"}"), true));
    assertThat(decodeWith("\"response_format\":{\"type\":\"text\"}").responseFormat())
        .isEqualTo(new ResponseFormat.Text());
  }

  @Test
  void streamAndUsageOptionAreRead() throws Exception {
    ChatRequestDecoder.DecodedChat chat =
        decoder.decode(
            JSON.readTree(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));

    assertThat(chat.stream()).isTrue();
    assertThat(chat.includeUsage()).isTrue();
  }

  @Test
  void whatCannotBeCarriedIsRefusedNamingTheField() {
    assertRefused("\"stream_options\":{\"include_usage\":true}", "stream_options");
    assertRefused("\"frobnicate\":1", "frobnicate");
    assertRefused("\"presence_penalty\":0.5", "presence_penalty");
    assertRefused("\"reasoning_effort\":\"high\"", "reasoning_effort");
    assertRefused("\"parallel_tool_calls\":false", "parallel_tool_calls");
    assertRefused("\"max_tokens\":5,\"max_completion_tokens\":6", "max_completion_tokens");
    assertRefused("\"temperature\":\"hot\"", "temperature");
    assertRefused("\"metadata\":{\"a\":1}", "metadata.a");
    assertRefused("\"tool_choice\":\"required\"", "tool_choice");
  }

  @Test
  void messageProblemsNameTheirPath() {
    assertMessageRefused(
        "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"high\"}}]}",
        "messages[0].content[0].image_url.detail");
    assertMessageRefused(
        "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,@@@\"}}]}",
        "messages[0].content[0].image_url.url");
    assertMessageRefused(
        "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x/y.png\"}}]}",
        "messages[0].content[0].image_url.url");
    assertMessageRefused(
        "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}",
        "messages[0].tool_calls[0].function.arguments");
    assertMessageRefused("{\"role\":\"tool\",\"content\":\"x\"}", "messages[0].tool_call_id");
    assertMessageRefused(
        "{\"role\":\"user\",\"name\":\"bob\",\"content\":\"x\"}", "messages[0].name");
    assertMessageRefused("{\"role\":\"wizard\",\"content\":\"x\"}", "messages[0].role");
    assertMessageRefused("{\"role\":\"user\"}", "messages[0].content");
    assertMessageRefused("\"hi\"", "messages[0]");
  }

  @Test
  void bodyMustBeAnObject() {
    assertThatThrownBy(() -> decoder.decode(JSON.readTree("[1,2]")))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("JSON object");
  }

  private ChatRequest decode(String json) throws Exception {
    return decoder.decode(JSON.readTree(json)).request();
  }

  private ChatRequest decodeWith(String fields) throws Exception {
    return decode(
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + fields + "}");
  }

  private void assertRefused(String fields, String param) {
    assertParam(() -> decodeWith(fields), param);
  }

  private void assertMessageRefused(String message, String param) {
    assertParam(() -> decode("{\"model\":\"m\",\"messages\":[" + message + "]}"), param);
  }

  private static void assertParam(ThrowingCallable call, String param) {
    assertThatThrownBy(call)
        .as(param)
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.param()).contains(param);
            });
  }
}
