package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalConversationTest {
  private static final ContentBlock CACHE_POINT =
      new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES);

  @Test
  void textTurnsAndSystem_becomeTemplateInput_withoutCachePoints() {
    ChatRequest request =
        request(
            List.of(new ContentBlock.Text("one"), CACHE_POINT, new ContentBlock.Text("two")),
            List.of(
                new Message(
                    Role.USER,
                    List.of(new ContentBlock.Text("a"), CACHE_POINT, new ContentBlock.Text("b"))),
                Message.assistant("c")),
            new ResponseFormat.Text());

    LocalConversation conversation = LocalConversation.of(request);

    assertThat(conversation.system()).isEqualTo("one\n\ntwo");
    assertThat(conversation.turns())
        .containsExactly(
            new LocalConversation.Turn("user", "ab"), new LocalConversation.Turn("assistant", "c"));
  }

  @Test
  void nonTextContent_isRefusedNamingWhatIsUnsupported() {
    assertRefused(withUserBlock(new ContentBlock.Image(null, null, "https://x/y.png")), "images");
    assertRefused(
        withUserBlock(new ContentBlock.Document("pdf", "a", new byte[] {1})), "documents");
    assertRefused(
        withUserBlock(new ContentBlock.ToolResult("t", List.of(new ContentBlock.Text("r")), false)),
        "tool results");
    assertRefused(
        withUserBlock(new ContentBlock.Json(JsonNodeFactory.instance.objectNode())), "JSON");
  }

  @Test
  void jsonResponseFormats_areRefused() {
    ChatRequest request =
        request(List.of(), List.of(Message.user("x")), new ResponseFormat.JsonObject());

    assertRefused(request, "JSON response formats");
  }

  @Test
  void aRequestWithoutMessages_isRefused() {
    assertRefused(request(List.of(), List.of(), new ResponseFormat.Text()), "no messages");
  }

  private static void assertRefused(ChatRequest request, String what) {
    assertThatThrownBy(() -> LocalConversation.of(request))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains(what);
            });
  }

  private static ChatRequest withUserBlock(ContentBlock block) {
    return request(
        List.of(), List.of(new Message(Role.USER, List.of(block))), new ResponseFormat.Text());
  }

  private static ChatRequest request(
      List<ContentBlock> system, List<Message> messages, ResponseFormat format) {
    return new ChatRequest(
        "local", system, messages, InferenceConfig.DEFAULTS, Optional.empty(), format, Map.of());
  }
}
