package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.RequestTokenEstimator;
import dev.strata.core.tokens.TokenCounter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputEstimateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Counted with o200k_base and cl100k_base respectively (see OpenAiTokenCounters). */
  private static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4-turbo");

  private static Operation.Chat chat(
      List<ContentBlock> system, List<Message> messages, Optional<ToolConfig> tools) {
    return new Operation.Chat(
        new ChatRequest(
            "gpt-4o-mini",
            system,
            messages,
            InferenceConfig.DEFAULTS,
            tools,
            new ResponseFormat.Text(),
            Map.of()),
        Optional.empty());
  }

  private static Operation.Chat conversation(String text) {
    return chat(
        List.of(new ContentBlock.Text("You are terse. " + text)),
        List.of(Message.user(text), Message.assistant("ok"), Message.user(text + text)),
        Optional.empty());
  }

  private static Operation.Chat toolConversation(String text) {
    JsonNode property = JSON.createObjectNode().put("type", "string").put("description", text);
    JsonNode schema =
        JSON.createObjectNode()
            .put("type", "object")
            .set("properties", JSON.createObjectNode().set("q", property));
    JsonNode input = JSON.createObjectNode().put("q", text);
    return chat(
        List.of(new ContentBlock.Text(text)),
        List.of(
            Message.user(text),
            new Message(
                Role.ASSISTANT, List.of(new ContentBlock.ToolUse("call_1", "lookup", input))),
            new Message(
                Role.USER,
                List.of(
                    new ContentBlock.ToolResult(
                        "call_1",
                        List.of(new ContentBlock.Text(text), new ContentBlock.Json(input)),
                        false)))),
        Optional.of(
            new ToolConfig(List.of(new ToolSpec("lookup", text, schema)), new ToolChoice.Auto())));
  }

  private static long counted(Operation.Chat chat, String model) {
    TokenCounter counter = OpenAiTokenCounters.forModel(model);
    return new RequestTokenEstimator(counter).inputTokens(chat.request());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "The invoice ORD-48213 was charged twice on 2025-03-14 for $1,299.00.",
        "日本語のテキストはトークンが多くなります。請求書が二重に請求されました。",
        "中文文本：发票被重复收费，请退款。한국어 텍스트도 마찬가지입니다.",
        "emoji 🎉🚀🧾👩‍👩‍👧 and flags 🇯🇵🇫🇷",
        "accents: café, naïve, Øresund, Ελληνικά, русский, ąęłńśźż, عربى, עברית",
        "    indented\tcode();\n\n  if (x) { return y; }  \r\n\t\t}  // ⇒ λ",
        "                                                                  ",
        "x",
      })
  void upperBound_isNeverBelowTheTokenizersCount_withEitherEncoding(String text) {
    for (String model : MODELS) {
      Operation.Chat plain = conversation(text);
      Operation.Chat tools = toolConversation(text);

      assertThat(InputEstimate.upperBound(plain))
          .as("a conversation, counted for %s", model)
          .isGreaterThanOrEqualTo(counted(plain, model));
      assertThat(InputEstimate.upperBound(tools))
          .as("a tool-use conversation, counted for %s", model)
          .isGreaterThanOrEqualTo(counted(tools, model));
    }
  }

  @Test
  void upperBound_ofEmbeddings_isNeverBelowTheTokenizersCount() {
    List<String> inputs = List.of("日本語のテキスト", "emoji 🎉🚀", "plain English text", "");
    var embed =
        new Operation.Embed(new EmbeddingRequest("gpt-4o-mini", inputs, OptionalInt.empty()));
    for (String model : MODELS) {
      TokenCounter counter = OpenAiTokenCounters.forModel(model);
      long counted = inputs.stream().mapToLong(counter::count).sum();

      assertThat(InputEstimate.upperBound(embed)).as(model).isGreaterThanOrEqualTo(counted);
    }
  }

  @Test
  void upperBound_countsUtf8Bytes_notCharacters() {
    // é is 2 bytes, 日 3, 🎉 4 (two chars); 3 priming + 3 for the one message.
    Operation.Chat chat = chat(List.of(), List.of(Message.user("aé日🎉")), Optional.empty());

    assertThat(InputEstimate.upperBound(chat)).isEqualTo(3 + 3 + 1 + 2 + 3 + 4);
  }

  @Test
  void charEstimate_isAQuarterTokenPerCharacterRoundedUp_plusTheMessageOverheads() {
    Operation.Chat chat =
        chat(
            List.of(new ContentBlock.Text("abcde")),
            List.of(Message.user("a".repeat(400)), Message.assistant("xyz"), Message.user("")),
            Optional.empty());

    // 3 priming + 3 per message × 4 (system included) + ⌈5/4⌉ + 400/4 + ⌈3/4⌉ + 0.
    assertThat(InputEstimate.charEstimate(chat)).isEqualTo(3 + 4 * 3 + 2 + 100 + 1 + 0);
  }

  @Test
  void charEstimate_ofEmbeddings_isAQuarterTokenPerCharacterOfEachInput() {
    var embed =
        new Operation.Embed(
            new EmbeddingRequest(
                "text-embedding-3-small", List.of("abcd", "abcde", "日本語"), OptionalInt.empty()));

    assertThat(InputEstimate.charEstimate(embed)).isEqualTo(1 + 2 + 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt-4o-mini", "gpt-4-turbo"})
  void upperBound_manySystemBlocks_countsTheBlankLinesBetweenThem(String model) {
    List<ContentBlock> system = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      system.add(new ContentBlock.Text("a"));
    }
    ChatRequest plain = ChatRequest.of(model, "hi");
    ChatRequest request =
        new ChatRequest(
            model, system, plain.messages(), plain.inference(), Optional.empty(),
            new ResponseFormat.Text(), Map.of());
    Operation.Chat chat = new Operation.Chat(request, Optional.empty());
    long counted =
        new RequestTokenEstimator(OpenAiTokenCounters.forModel(model)).inputTokens(request);

    assertThat(InputEstimate.upperBound(chat)).isGreaterThanOrEqualTo(counted);
  }
}
