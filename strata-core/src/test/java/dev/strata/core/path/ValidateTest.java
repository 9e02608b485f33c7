package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ValidateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode SCHEMA = JSON.createObjectNode().put("type", "object");

  /**
   * Tight limits so each one is easy to cross: 2 messages, 2 blocks, 1 tool, 1 stop, 100 tokens.
   */
  private static final RequestLimits LIMITS = new RequestLimits(2, 2, 1, 1, 100, 2, 1);

  private final Validate validate = new Validate(LIMITS);

  private static ChatRequest chat(List<Message> messages) {
    return new ChatRequest(
        "m",
        List.of(),
        messages,
        InferenceConfig.DEFAULTS,
        Optional.empty(),
        new ResponseFormat.Text(),
        Map.of());
  }

  private static ChatRequest withInference(InferenceConfig inference) {
    return ChatRequest.of("m", "hi").withInference(inference);
  }

  private static InferenceConfig inference(
      OptionalInt maxTokens, OptionalDouble temperature, OptionalDouble topP, List<String> stop) {
    return new InferenceConfig(
        maxTokens, temperature, topP, stop, OptionalLong.empty(), Optional.empty());
  }

  private static ChatRequest withTools(List<ToolSpec> tools, ToolChoice choice) {
    return new ChatRequest(
        "m",
        List.of(),
        List.of(Message.user("hi")),
        InferenceConfig.DEFAULTS,
        Optional.of(new ToolConfig(tools, choice)),
        new ResponseFormat.Text(),
        Map.of());
  }

  private void assertInvalid(ChatRequest request, String param, String message) {
    assertInvalid(Exchanges.chat(request), param, message);
  }

  private void assertInvalid(Exchange exchange, String param, String message) {
    assertThatThrownBy(() -> validate.serve(exchange, Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.param()).contains(param);
            })
        .hasMessageContaining(message);
  }

  @Test
  void serve_validChat_passesTheExchangeOnUntouched() {
    Exchange exchange = Exchanges.chat("m", "hi");
    AtomicBoolean reached = new AtomicBoolean();

    validate.serve(
        exchange,
        ex -> {
          assertThat(ex).isSameAs(exchange);
          reached.set(true);
          return null;
        });

    assertThat(reached).isTrue();
    assertThat(exchange.principal()).isEmpty();
    assertThat(exchange.candidates()).isEmpty();
  }

  @Test
  void chat_blankModel_namesModel() {
    assertInvalid(ChatRequest.of(" ", "hi"), "model", "'model' must name a model");
  }

  @Test
  void chat_noMessages_namesMessages() {
    assertInvalid(chat(List.of()), "messages", "'messages' must contain at least one message");
  }

  @Test
  void chat_tooManyMessages_namesMessagesAndTheLimit() {
    assertInvalid(
        chat(List.of(Message.user("a"), Message.assistant("b"), Message.user("c"))),
        "messages",
        "'messages' has 3 entries; the limit is 2");
  }

  @Test
  void chat_messageWithoutContent_namesThatMessage() {
    assertInvalid(
        chat(List.of(Message.user("a"), new Message(Role.ASSISTANT, List.of()))),
        "messages[1].content",
        "messages[1] has no content");
  }

  @Test
  void chat_tooManyContentBlocks_namesThatMessage() {
    Message crowded =
        new Message(
            Role.USER,
            List.of(
                new ContentBlock.Text("a"),
                new ContentBlock.Text("b"),
                new ContentBlock.Text("c")));

    assertInvalid(
        chat(List.of(crowded)),
        "messages[0].content",
        "messages[0] has more than 2 content blocks");
  }

  @Test
  void chat_toolUseInAUserMessage_namesThatMessage() {
    Message user = new Message(Role.USER, List.of(new ContentBlock.ToolUse("t1", "f", SCHEMA)));

    assertInvalid(
        chat(List.of(user)), "messages[0].content", "a user message cannot carry a tool call");
  }

  @Test
  void chat_toolResultInAnAssistantMessage_namesThatMessage() {
    Message assistant =
        new Message(
            Role.ASSISTANT,
            List.of(
                new ContentBlock.ToolResult("t1", List.of(new ContentBlock.Text("ok")), false)));

    assertInvalid(
        chat(List.of(Message.user("hi"), assistant)),
        "messages[1].content",
        "an assistant message cannot carry a tool result");
  }

  @Test
  void chat_maxTokensOutOfRange_namesMaxTokens() {
    assertInvalid(
        withInference(InferenceConfig.DEFAULTS.withMaxTokens(0)),
        "max_tokens",
        "max_tokens must be between 1 and 100, got 0");
    assertInvalid(
        withInference(InferenceConfig.DEFAULTS.withMaxTokens(101)),
        "max_tokens",
        "max_tokens must be between 1 and 100, got 101");
  }

  @Test
  void chat_temperatureOutOfRangeOrNaN_namesTemperature() {
    for (double t : new double[] {-0.1, 2.01, Double.NaN}) {
      assertInvalid(
          withInference(
              inference(
                  OptionalInt.empty(), OptionalDouble.of(t), OptionalDouble.empty(), List.of())),
          "temperature",
          "temperature must be between 0 and 2");
    }
  }

  @Test
  void chat_topPOutOfRange_namesTopP() {
    for (double p : new double[] {0, 1.01, Double.NaN}) {
      assertInvalid(
          withInference(
              inference(
                  OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.of(p), List.of())),
          "top_p",
          "top_p must be greater than 0 and at most 1");
    }
  }

  @Test
  void chat_boundaryValues_areAccepted() {
    ChatRequest request =
        withInference(
            inference(
                OptionalInt.of(100), OptionalDouble.of(2), OptionalDouble.of(1), List.of("END")));

    validate.check(request);
  }

  @Test
  void chat_tooManyStopSequences_namesStop() {
    assertInvalid(
        withInference(
            inference(
                OptionalInt.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                List.of("a", "b"))),
        "stop",
        "at most 1 stop sequences are allowed");
  }

  @Test
  void chat_emptyStopSequence_namesStop() {
    assertInvalid(
        withInference(
            inference(
                OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty(), List.of(""))),
        "stop",
        "a stop sequence cannot be empty");
  }

  @Test
  void chat_tooManyTools_namesTools() {
    assertInvalid(
        withTools(
            List.of(new ToolSpec("a", "", SCHEMA), new ToolSpec("b", "", SCHEMA)),
            new ToolChoice.Auto()),
        "tools",
        "at most 1 tools are allowed, got 2");
  }

  @Test
  void chat_badToolName_namesThatToolsName() {
    assertInvalid(
        withTools(List.of(new ToolSpec("get weather", "", SCHEMA)), new ToolChoice.Auto()),
        "tools[0].function.name",
        "tool name 'get weather' must be 1-64 letters, digits, '_' or '-'");
    assertInvalid(
        withTools(List.of(new ToolSpec("x".repeat(65), "", SCHEMA)), new ToolChoice.Auto()),
        "tools[0].function.name",
        "must be 1-64 letters");
  }

  @Test
  void chat_duplicateToolName_namesTheSecondTool() {
    Validate roomy = new Validate(new RequestLimits(2, 2, 5, 1, 100, 2, 1));
    ChatRequest request =
        withTools(
            List.of(new ToolSpec("f", "", SCHEMA), new ToolSpec("f", "", SCHEMA)),
            new ToolChoice.Auto());

    assertThatThrownBy(() -> roomy.check(request))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.param()).contains("tools[1].function.name"))
        .hasMessage("tool name 'f' is used twice");
  }

  @Test
  void chat_toolSchemaNotAnObject_namesItsParameters() {
    assertInvalid(
        withTools(List.of(new ToolSpec("f", "", JSON.createArrayNode())), new ToolChoice.Auto()),
        "tools[0].function.parameters",
        "a tool's parameters must be a JSON schema object");
  }

  @Test
  void chat_toolChoiceNamingAnUnknownTool_namesToolChoice() {
    assertInvalid(
        withTools(List.of(new ToolSpec("f", "", SCHEMA)), new ToolChoice.Named("g")),
        "tool_choice",
        "tool_choice names 'g', which is not among the tools");
  }

  @Test
  void chat_toolChoiceNamingAKnownTool_isAccepted() {
    validate.check(withTools(List.of(new ToolSpec("f", "", SCHEMA)), new ToolChoice.Named("f")));
  }

  @Test
  void chat_tooMuchMetadata_namesMetadata() {
    ChatRequest request =
        new ChatRequest(
            "m",
            List.of(),
            List.of(Message.user("hi")),
            InferenceConfig.DEFAULTS,
            Optional.empty(),
            new ResponseFormat.Text(),
            Map.of("a", "1", "b", "2"));

    assertInvalid(request, "metadata", "'metadata' has more than 1 entries");
  }

  private void assertInvalidEmbedding(EmbeddingRequest request, String param, String message) {
    assertInvalid(Exchanges.embed(request), param, message);
  }

  @Test
  void embeddings_eachRuleNamesItsField() {
    assertInvalidEmbedding(
        new EmbeddingRequest(" ", List.of("a"), OptionalInt.empty()),
        "model",
        "'model' must name a model");
    assertInvalidEmbedding(
        new EmbeddingRequest("e", List.of(), OptionalInt.empty()),
        "input",
        "'input' must not be empty");
    assertInvalidEmbedding(
        new EmbeddingRequest("e", List.of("a", "b", "c"), OptionalInt.empty()),
        "input",
        "'input' has more than 2 entries");
    assertInvalidEmbedding(
        new EmbeddingRequest("e", List.of("a", ""), OptionalInt.empty()),
        "input",
        "input[1] is an empty string");
    assertInvalidEmbedding(
        new EmbeddingRequest("e", List.of("a"), OptionalInt.of(0)),
        "dimensions",
        "dimensions must be at least 1");
  }

  @Test
  void embeddings_validRequest_passes() {
    AtomicBoolean reached = new AtomicBoolean();

    validate.serve(
        Exchanges.embed(new EmbeddingRequest("e", List.of("a", "b"), OptionalInt.of(256))),
        ex -> {
          reached.set(true);
          return null;
        });

    assertThat(reached).isTrue();
  }

  @Test
  void requestLimits_mustBePositive() {
    assertThatThrownBy(() -> new RequestLimits(0, 1, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request limits must be positive");
    assertThat(RequestLimits.DEFAULTS.maxMessages()).isEqualTo(2048);
  }
}
