package dev.strata.server.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.ToolChoice;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConverseDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConverseDecoder decoder = new ConverseDecoder();

  private ChatRequest decode(String body) throws Exception {
    return decoder.decode("m", JSON.readTree(body));
  }

  @Test
  void decode_mapsEveryContentBlockKind() throws Exception {
    String png = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    ChatRequest request =
        decode(
            """
            {"system":[{"text":"sys"},{"cachePoint":{"type":"default","ttl":"1h"}}],
             "messages":[{"role":"user","content":[
               {"text":"look"},
               {"image":{"format":"png","source":{"bytes":"%s"}}},
               {"document":{"format":"pdf","name":"doc","source":{"bytes":"%s"}}},
               {"cachePoint":{"type":"default"}}]},
              {"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"f","input":{"a":1}}}]},
              {"role":"user","content":[{"toolResult":{"toolUseId":"t1","status":"error",
                 "content":[{"text":"bad"},{"json":{"x":2}}]}}]}],
             "toolConfig":{"tools":[{"toolSpec":{"name":"f","description":"d",
                 "inputSchema":{"json":{"type":"object"}}}},{"cachePoint":{"type":"default"}}],
               "toolChoice":{"tool":{"name":"f"}}},
             "requestMetadata":{"team":"blue"}}
            """
                .formatted(png, png));

    assertThat(request.system())
        .containsExactly(
            new ContentBlock.Text("sys"),
            new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR));
    var first = request.messages().get(0).content();
    assertThat(first.get(1))
        .isInstanceOfSatisfying(
            ContentBlock.Image.class,
            image -> {
              assertThat(image.mediaType()).isEqualTo("image/png");
              assertThat(image.data()).containsExactly(1, 2, 3);
            });
    assertThat(first.get(2)).isInstanceOf(ContentBlock.Document.class);
    assertThat(first.get(3))
        .isEqualTo(new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES));
    assertThat(request.messages().get(2).content().get(0))
        .isInstanceOfSatisfying(
            ContentBlock.ToolResult.class,
            result -> {
              assertThat(result.isError()).isTrue();
              assertThat(result.content()).hasSize(2);
            });
    assertThat(request.tools().orElseThrow().tools()).hasSize(1);
    assertThat(request.tools().orElseThrow().tools().get(0).cachePointAfter())
        .contains(ContentBlock.CacheTtl.FIVE_MINUTES);
    assertThat(request.tools().orElseThrow().choice()).isEqualTo(new ToolChoice.Named("f"));
    assertThat(request.metadata()).containsEntry("team", "blue");
  }

  @Test
  void decode_refusesATemperatureAboveOne() {
    assertThatThrownBy(() -> decode("{\"messages\":[],\"inferenceConfig\":{\"temperature\":1.5}}"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("inferenceConfig.temperature");
  }

  @Test
  void decode_refusesAnUnknownRole() {
    assertThatThrownBy(
            () -> decode("{\"messages\":[{\"role\":\"system\",\"content\":[{\"text\":\"x\"}]}]}"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("messages.0.role");
  }

  @Test
  void decode_refusesBadBase64() {
    assertThatThrownBy(
            () ->
                decode(
                    "{\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"***\"}}}]}]}"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("messages.0.content.0.image.source.bytes");
  }

  @Test
  void decode_toolCachePointWithoutAToolBeforeIt_isRefused() {
    assertThatThrownBy(
            () ->
                decode(
                    """
                    {"messages":[],"toolConfig":{"tools":[{"cachePoint":{"type":"default"}},
                      {"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object"}}}}]}}
                    """))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("must follow a toolSpec");
    assertThatThrownBy(
            () ->
                decode(
                    """
                    {"messages":[],"toolConfig":{"tools":[
                      {"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object"}}}},
                      {"cachePoint":{"type":"default"}},{"cachePoint":{"type":"default"}}]}}
                    """))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("must follow a toolSpec");
  }

  @Test
  void decode_moreThanFourCachePoints_isAValidationError() {
    assertThatThrownBy(
            () ->
                decode(
                    """
                    {"system":[{"text":"a"},{"cachePoint":{"type":"default"}},
                               {"text":"b"},{"cachePoint":{"type":"default"}}],
                     "messages":[{"role":"user","content":[{"text":"c"},
                       {"cachePoint":{"type":"default"}},{"text":"d"},
                       {"cachePoint":{"type":"default","ttl":"1h"}}]}],
                     "toolConfig":{"tools":[
                       {"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object"}}}},
                       {"cachePoint":{"type":"default"}}]}}
                    """))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> assertThat(e.kind()).isEqualTo(dev.strata.core.error.ErrorKind.INVALID_REQUEST))
        .hasMessageContaining("5 cache points; at most 4");
  }
}
