package dev.strata.server.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic request bodies into the canonical request, and what is refused. */
class MessagesRequestDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HI = "[{\"role\":\"user\",\"content\":\"hi\"}]";

  private static MessagesRequestDecoder.Decoded decode(String extra, String messages) {
    try {
      return MessagesRequestDecoder.messages(
          JSON.readTree(
              "{\"model\":\"m\",\"max_tokens\":10"
                  + (extra.isEmpty() ? "" : "," + extra)
                  + ",\"messages\":"
                  + messages
                  + "}"));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ChatRequest request(String extra) {
    return decode(extra, "[{\"role\":\"user\",\"content\":\"hi\"}]").request();
  }

  private static String refusal(String extra, String messages) {
    StrataException failure = (StrataException) catchThrowable(() -> decode(extra, messages));
    assertThat(failure).isNotNull();
    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    return failure.getMessage();
  }

  @Test
  void samplingStopsAndUser_mapToInferenceConfig() {
    ChatRequest request =
        request(
            "\"temperature\":0.2,\"top_p\":0.9,\"stop_sequences\":[\"END\"],"
                + "\"metadata\":{\"user_id\":\"u-42\"},\"stream\":false");

    assertThat(request.inference().maxTokens()).hasValue(10);
    assertThat(request.inference().temperature()).hasValue(0.2);
    assertThat(request.inference().topP()).hasValue(0.9);
    assertThat(request.inference().stopSequences()).containsExactly("END");
    assertThat(request.inference().user()).contains("u-42");
  }

  @Test
  void cacheControlOnABlock_becomesACachePointRightAfterIt() {
    ChatRequest request =
        decode(
                "",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\","
                    + "\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"b\"}]}]")
            .request();

    assertThat(request.messages().get(0).content())
        .containsExactly(
            new ContentBlock.Text("a"),
            new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES),
            new ContentBlock.Text("b"));
  }

  @Test
  void imagesDocumentsAndToolResults_decodeToCanonicalBlocks() {
    String png = java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    ChatRequest request =
        decode(
                "",
                "[{\"role\":\"user\",\"content\":["
                    + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\""
                    + png
                    + "\"}},"
                    + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x/y.png\"}},"
                    + "{\"type\":\"document\",\"title\":\"notes\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"plain"
                    + " words\"}}]},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\","
                    + "\"name\":\"calc\",\"input\":{\"x\":1}}]},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\","
                    + "\"is_error\":true,\"content\":[{\"type\":\"text\",\"text\":\"boom\"}]}]}]")
            .request();

    List<ContentBlock> first = request.messages().get(0).content();
    ContentBlock.Image inline = (ContentBlock.Image) first.get(0);
    assertThat(inline.mediaType()).isEqualTo("image/png");
    assertThat(inline.data()).containsExactly(1, 2, 3);
    assertThat(((ContentBlock.Image) first.get(1)).url()).isEqualTo("https://x/y.png");
    ContentBlock.Document document = (ContentBlock.Document) first.get(2);
    assertThat(document.format()).isEqualTo("txt");
    assertThat(document.name()).isEqualTo("notes");
    assertThat(new String(document.data(), StandardCharsets.UTF_8)).isEqualTo("plain words");
    assertThat(request.messages().get(1).role()).isEqualTo(Role.ASSISTANT);
    ContentBlock.ToolUse use = (ContentBlock.ToolUse) request.messages().get(1).content().get(0);
    assertThat(use.input().get("x").asInt()).isEqualTo(1);
    assertThat(request.messages().get(2).content())
        .containsExactly(
            new ContentBlock.ToolResult("t1", List.of(new ContentBlock.Text("boom")), true));
  }

  @Test
  void toolsAndToolChoice_mapToToolConfig() {
    String tools =
        "\"tools\":[{\"name\":\"calc\",\"description\":\"adds\","
            + "\"input_schema\":{\"type\":\"object\"}}],";
    assertThat(
            request(tools + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"calc\"}")
                .tools()
                .orElseThrow()
                .choice())
        .isEqualTo(new ToolChoice.Named("calc"));
    assertThat(request(tools + "\"tool_choice\":{\"type\":\"any\"}").tools().orElseThrow().choice())
        .isEqualTo(new ToolChoice.Any());
    assertThat(
            request(tools + "\"tool_choice\":{\"type\":\"none\"}").tools().orElseThrow().choice())
        .isEqualTo(new ToolChoice.None());
    assertThat(request(tools.substring(0, tools.length() - 1)).tools().orElseThrow().choice())
        .isEqualTo(new ToolChoice.Auto());
  }

  @Test
  void whatTheCanonicalModelCannotExpress_isRefusedNamingTheField() {
    assertThat(refusal("\"top_k\":3", HI)).startsWith("top_k:");
    assertThat(
            refusal(
                "\"tools\":[{\"name\":\"a\",\"input_schema\":{},"
                    + "\"cache_control\":{\"type\":\"persistent\"}}]",
                HI))
        .startsWith("tools.0.cache_control.type:");
    assertThat(
            refusal(
                "\"tools\":[{\"name\":\"a\",\"input_schema\":{}}],"
                    + "\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":true}",
                HI))
        .startsWith("tool_choice.disable_parallel_tool_use:");
    assertThat(refusal("\"tool_choice\":{\"type\":\"any\"}", HI)).startsWith("tool_choice:");
    assertThat(refusal("\"tool_choice\":{\"type\":\"auto\",\"name\":\"a\"}", HI))
        .startsWith("tool_choice.name:");
    assertThat(refusal("", "[{\"role\":\"system\",\"content\":\"be brief\"}]"))
        .startsWith("messages.0.role:");
    assertThat(refusal("\"metadata\":{\"team\":\"x\"}", HI)).startsWith("metadata.team:");
    assertThat(
            refusal(
                "",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\","
                    + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"2h\"}}]}]"))
        .startsWith("messages.0.content.0.cache_control.ttl:");
    assertThat(refusal("", "[{\"role\":\"user\",\"content\":[{\"type\":\"thinking\"}]}]"))
        .startsWith("messages.0.content.0.type:");
    assertThat(
            refusal(
                "",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                    + "\"media_type\":\"image/png\",\"data\":\"!!!\"}}]}]"))
        .startsWith("messages.0.content.0.source.data:");
    assertThat(refusal("", "[]")).startsWith("messages:");
    assertThatThrownBy(() -> MessagesRequestDecoder.messages(JSON.readTree("{\"model\":\"m\"}")))
        .hasMessageContaining("max_tokens");
  }

  @Test
  void cacheControlOnATool_becomesACachePointAfterThatTool() {
    ChatRequest request =
        request(
            "\"tools\":[{\"name\":\"a\",\"input_schema\":{}},"
                + "{\"name\":\"b\",\"input_schema\":{},"
                + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]");

    var tools = request.tools().orElseThrow().tools();
    assertThat(tools.get(0).cachePointAfter()).isEmpty();
    assertThat(tools.get(1).cachePointAfter()).contains(ContentBlock.CacheTtl.ONE_HOUR);
    assertThat(request.cachePointCount()).isEqualTo(1);
  }

  @Test
  void moreThanFourCacheControls_isRefusedAsAnthropicDoes() {
    String marked = "\"cache_control\":{\"type\":\"ephemeral\"}";
    String tools = "\"tools\":[{\"name\":\"a\",\"input_schema\":{}," + marked + "}]";
    String system =
        "\"system\":[{\"type\":\"text\",\"text\":\"s1\"," + marked + "},"
            + "{\"type\":\"text\",\"text\":\"s2\"," + marked + "}]";
    String twoMarked =
        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"q1\"," + marked + "},"
            + "{\"type\":\"text\",\"text\":\"q2\"," + marked + "}]}]";
    String oneMarked =
        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"q\"," + marked + "}]}]";

    assertThat(refusal(tools + "," + system, twoMarked))
        .isEqualTo("A maximum of 4 blocks with cache_control may be provided. Found 5.");
    assertThat(decode(tools + "," + system, oneMarked).request().cachePointCount()).isEqualTo(4);
  }
}
