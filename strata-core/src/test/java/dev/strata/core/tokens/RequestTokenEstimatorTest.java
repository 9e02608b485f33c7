package dev.strata.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
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
import org.junit.jupiter.api.Test;

class RequestTokenEstimatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One token per whitespace-separated word, so expected counts are obvious. */
  private static final TokenCounter WORDS =
      text -> text.isBlank() ? 0 : text.trim().split("\\s+").length;

  private final RequestTokenEstimator estimator = new RequestTokenEstimator(WORDS);

  private static ChatRequest request(
      List<ContentBlock> system, List<Message> messages, Optional<ToolConfig> tools) {
    return new ChatRequest(
        "m",
        system,
        messages,
        InferenceConfig.DEFAULTS,
        tools,
        new ResponseFormat.Text(),
        Map.of());
  }

  @Test
  void inputTokens_countsEachMessageWithItsOverheadPlusReplyPriming() {
    ChatRequest chat =
        request(
            List.of(),
            List.of(
                Message.user("one two three"), Message.assistant("four"), Message.user("five six")),
            Optional.empty());

    // priming 3 + (3 + 3) + (3 + 1) + (3 + 2)
    assertThat(estimator.inputTokens(chat)).isEqualTo(18);
  }

  @Test
  void inputTokens_countsTheSystemPromptAsOneMoreMessage() {
    ChatRequest chat =
        request(
            List.of(new ContentBlock.Text("be brief")),
            List.of(Message.user("hi")),
            Optional.empty());

    // priming 3 + system (3 + 2) + user (3 + 1)
    assertThat(estimator.inputTokens(chat)).isEqualTo(12);
  }

  @Test
  void inputTokens_countsToolNamesDescriptionsAndSchemas() throws Exception {
    JsonNode schema = JSON.readTree("{\"type\": \"object\"}");
    ToolConfig tools =
        new ToolConfig(
            List.of(
                new ToolSpec("get_weather", "current weather for a city", schema),
                new ToolSpec("now", null, schema)),
            new ToolChoice.Auto());
    ChatRequest chat = request(List.of(), List.of(Message.user("hi")), Optional.of(tools));

    // priming 3 + user (3 + 1) + get_weather (1 + 5 + 1) + now (1 + 0 + 1); the schema's
    // compact JSON {"type":"object"} is one word
    assertThat(estimator.inputTokens(chat)).isEqualTo(16);
  }

  @Test
  void inputTokens_countsEveryKindOfBlock() throws Exception {
    Message user =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.Text("look at this"),
                new ContentBlock.Image("image/png", new byte[10], null),
                new ContentBlock.Document("txt", "notes", new byte[400]),
                new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR),
                new ContentBlock.ToolResult(
                    "t1",
                    List.of(
                        new ContentBlock.Text("sunny and warm"),
                        new ContentBlock.Json(JSON.readTree("{\"c\":21}"))),
                    false)));
    Message assistant =
        new Message(
            Role.ASSISTANT,
            List.of(
                new ContentBlock.ToolUse(
                    "t1", "get_weather", JSON.readTree("{\"city\":\"Oslo\"}"))));

    // priming 3 + user (3 + 3 text + 765 image + 100 document + 0 cache point + 3 + 1 tool result)
    //   + assistant (3 + 1 name + 1 input)
    assertThat(
            estimator.inputTokens(request(List.of(), List.of(assistant, user), Optional.empty())))
        .isEqualTo(3 + (3 + 3 + RequestTokenEstimator.IMAGE_TOKENS + 100 + 0 + 4) + (3 + 2));
  }

  @Test
  void outputTokens_countsTextAndToolCalls() throws Exception {
    Message output =
        new Message(
            Role.ASSISTANT,
            List.of(
                new ContentBlock.Text("checking the forecast"),
                new ContentBlock.ToolUse(
                    "t1", "get_weather", JSON.readTree("{\"city\": \"Oslo\"}"))));

    assertThat(estimator.outputTokens(output)).isEqualTo(3 + 1 + 1);
  }

  @Test
  void inputTokens_withJtokkit_matchesOpenAiCountingForGpt4o() {
    Encoding o200k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    RequestTokenEstimator real = new RequestTokenEstimator(OpenAiTokenCounters.forModel("gpt-4o"));
    String question = "What is the capital of Australia, and why isn't it Sydney?";

    long expected = 3 + 3 + o200k.countTokensOrdinary(question);

    assertThat(
            real.inputTokens(request(List.of(), List.of(Message.user(question)), Optional.empty())))
        .isEqualTo(expected);
  }
}
