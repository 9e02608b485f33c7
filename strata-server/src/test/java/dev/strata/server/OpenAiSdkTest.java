package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at Strata, works unchanged. */
class OpenAiSdkTest {
  private static TestServer server;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    server = new TestServer();
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(server.baseUrl() + "/v1")
            .apiKey(server.apiKey)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(20))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void chatCompletionCarriesAnswerUsageAndServedModel() {
    server.provider.script(FakeProvider.text("Hello there", new Usage(12, 5, 3, 0, 0)));

    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("Say hello")
                    .maxCompletionTokens(50)
                    .temperature(0.2)
                    .build());

    assertThat(completion.id()).startsWith("chatcmpl-");
    assertThat(completion.model()).isEqualTo("gpt-4o");
    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(choice.message().content()).contains("Hello there");
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    var usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(15);
    assertThat(usage.completionTokens()).isEqualTo(5);
    assertThat(usage.totalTokens()).isEqualTo(20);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(3L);

    var request = server.provider.lastCall().request();
    assertThat(server.provider.lastCall().upstreamModel()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(request.systemText()).isEqualTo("Be brief.");
    assertThat(request.messages()).containsExactly(Message.user("Say hello"));
    assertThat(request.inference().maxTokens()).hasValue(50);
    assertThat(request.inference().temperature()).hasValue(0.2);
  }

  @Test
  void costHeadersAreTheExactPriceBookCostOfTheReportedUsage() {
    Usage usage = new Usage(1234, 567, 100, 0, 0);
    server.provider.script(FakeProvider.text("Priced", usage));

    try (HttpResponseFor<ChatCompletion> response =
        client
            .chat()
            .completions()
            .withRawResponse()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("hi")
                    .build())) {
      ChatCompletion completion = response.parse();
      String requestId = response.headers().values("x-request-id").get(0);
      assertThat(completion.id()).isEqualTo("chatcmpl-" + requestId);
      assertThat(response.headers().values("x-strata-cost-usd"))
          .containsExactly(server.cost("gpt-4o", usage).toUsdString());
      // 1234 × $2.50 + 567 × $10.00 + 100 × $1.25 (cached), per million tokens
      assertThat(response.headers().values("x-strata-cost-usd").get(0)).isEqualTo("0.00888");
      assertThat(response.headers().values("x-strata-usage-source")).containsExactly("provider");
      assertThat(response.headers().values("x-strata-model")).containsExactly("gpt-4o");
    }
  }

  @Test
  void aliasIsAnsweredByItsFirstModel() {
    server.provider.script(FakeProvider.text("fast answer", FakeProvider.DEFAULT_USAGE));

    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder().model("fast").addUserMessage("hi").build());

    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void streamRelaysEachDeltaAsItArrivesThenUsage() throws Exception {
    CountDownLatch clientSawFirstDelta = new CountDownLatch(1);
    Usage usage = new Usage(20, 3, 0, 0, 0);
    server.provider.script(
        (call, sink) -> {
          sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
          sink.accept(new StreamEvent.TextDelta(0, "Hel"));
          try {
            // The rest only comes once the client holds the first delta: nothing is buffered.
            if (!clientSawFirstDelta.await(10, TimeUnit.SECONDS)) {
              throw StrataException.builder(ErrorKind.UPSTREAM_TIMEOUT, "delta was buffered")
                  .build();
            }
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          sink.accept(new StreamEvent.TextDelta(0, "lo"));
          sink.accept(new StreamEvent.TextDelta(0, "!"));
          sink.accept(new StreamEvent.ContentBlockStop(0));
          sink.accept(new StreamEvent.MessageStop(StopReason.END_TURN));
          sink.accept(new StreamEvent.UsageReport(usage));
          return new ChatResponse(
              Message.assistant("Hello!"), StopReason.END_TURN, Optional.of(usage));
        });

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("Say hello")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream()
          .forEach(
              chunk -> {
                chunks.add(chunk);
                if (!chunk.choices().isEmpty()
                    && chunk.choices().get(0).delta().content().orElse("").equals("Hel")) {
                  clientSawFirstDelta.countDown();
                }
              });
    }

    assertThat(chunks.get(0).choices().get(0).delta().role())
        .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
    String text =
        chunks.stream()
            .filter(c -> !c.choices().isEmpty())
            .map(c -> c.choices().get(0).delta().content().orElse(""))
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Hello!");
    assertThat(chunks)
        .filteredOn(c -> !c.choices().isEmpty() && c.choices().get(0).finishReason().isPresent())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.choices().get(0).finishReason())
                    .contains(ChatCompletionChunk.Choice.FinishReason.STOP));
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(20);
    assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(3);
    Map<String, JsonValue> strata = strataExtension(last);
    assertThat(strata.get("cost_usd").asStringOrThrow())
        .isEqualTo(server.cost("gpt-4o", usage).toUsdString());
    assertThat(strata.get("usage_source").asStringOrThrow()).isEqualTo("provider");
    assertThat(chunks).allSatisfy(c -> assertThat(c.model()).isEqualTo("gpt-4o"));
  }

  @Test
  void toolCallsComeBackAndToolResultsGoUpstream() {
    ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("city", "Paris");
    server.provider.script(
        FakeProvider.toolCall("call_7", "get_weather", arguments, FakeProvider.DEFAULT_USAGE));
    ChatCompletionFunctionTool weather =
        ChatCompletionFunctionTool.builder()
            .function(
                FunctionDefinition.builder()
                    .name("get_weather")
                    .description("Current weather in a city")
                    .parameters(
                        FunctionParameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .putAdditionalProperty(
                                "properties",
                                JsonValue.from(Map.of("city", Map.of("type", "string"))))
                            .build())
                    .build())
            .build();

    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("Weather in Paris?")
                    .addTool(weather)
                    .build());

    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call =
        choice.message().toolCalls().orElseThrow().get(0).function().orElseThrow();
    assertThat(call.id()).isEqualTo("call_7");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    var tools = server.provider.lastCall().request().tools().orElseThrow();
    assertThat(tools.choice()).isEqualTo(new ToolChoice.Auto());
    assertThat(tools.tools().get(0).name()).isEqualTo("get_weather");
    assertThat(
            tools
                .tools()
                .get(0)
                .inputSchema()
                .path("properties")
                .path("city")
                .path("type")
                .asText())
        .isEqualTo("string");

    server.provider.script(FakeProvider.text("It is sunny.", FakeProvider.DEFAULT_USAGE));
    client
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("Weather in Paris?")
                .addMessage(
                    ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(ChatCompletionMessageToolCall.ofFunction(call))
                        .build())
                .addMessage(
                    ChatCompletionToolMessageParam.builder()
                        .toolCallId("call_7")
                        .content("18°C and sunny")
                        .build())
                .addTool(weather)
                .build());

    List<Message> sent = server.provider.lastCall().request().messages();
    assertThat(sent).hasSize(3);
    assertThat(sent.get(1).role()).isEqualTo(Role.ASSISTANT);
    assertThat(sent.get(1).content())
        .containsExactly(new ContentBlock.ToolUse("call_7", "get_weather", arguments));
    assertThat(sent.get(2).role()).isEqualTo(Role.USER);
    assertThat(sent.get(2).content())
        .containsExactly(
            new ContentBlock.ToolResult(
                "call_7", List.of(new ContentBlock.Text("18°C and sunny")), false));
  }

  @Test
  void streamedToolCallArrivesInPieces() {
    ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("city", "Oslo");
    server.provider.script(
        FakeProvider.toolCall("call_9", "get_weather", arguments, FakeProvider.DEFAULT_USAGE));

    StringBuilder argumentText = new StringBuilder();
    List<String> names = new ArrayList<>();
    List<ChatCompletionChunk.Choice.FinishReason> finishes = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("Weather in Oslo?")
                    .addTool(
                        ChatCompletionFunctionTool.builder()
                            .function(FunctionDefinition.builder().name("get_weather").build())
                            .build())
                    .build())) {
      stream.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .forEach(
              choice -> {
                choice.finishReason().ifPresent(finishes::add);
                for (var toolCall : choice.delta().toolCalls().orElse(List.of())) {
                  assertThat(toolCall.index()).isZero();
                  toolCall.function().flatMap(f -> f.name()).ifPresent(names::add);
                  toolCall.function().flatMap(f -> f.arguments()).ifPresent(argumentText::append);
                }
              });
    }

    assertThat(names).containsExactly("get_weather");
    assertThat(argumentText.toString()).isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(finishes).containsExactly(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
  }

  @Test
  void embeddingsReturnVectorsInInputOrder() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .inputOfArrayOfStrings(List.of("first", "second"))
                    .dimensions(3)
                    .build());

    assertThat(response.data()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      float[] expected = FakeProvider.vector(i, 3);
      assertThat(response.data().get(i).index()).isEqualTo(i);
      assertThat(response.data().get(i).embedding())
          .containsExactly(expected[0], expected[1], expected[2]);
    }
    assertThat(response.model()).isEqualTo("text-embedding-3-small");
    assertThat(response.usage().promptTokens()).isEqualTo(14);
    assertThat(server.provider.lastEmbedding().inputs()).containsExactly("first", "second");
    assertThat(server.provider.lastEmbedding().dimensions()).hasValue(3);
  }

  @Test
  void modelsListTheCatalogAndAliases() {
    List<Model> models = client.models().list().data();

    assertThat(models)
        .extracting(Model::id)
        .containsExactlyInAnyOrder("gpt-4o", "gpt-4o-mini", "text-embedding-3-small", "fast");
    assertThat(models).allSatisfy(m -> assertThat(m.ownedBy()).isEqualTo(FakeProvider.NAME));
    assertThat(client.models().retrieve("fast").id()).isEqualTo("fast");
  }

  // The SDK deprecates reading unknown fields of a chunk; Strata's extension is exactly that.
  @SuppressWarnings("deprecation")
  private static Map<String, JsonValue> strataExtension(ChatCompletionChunk chunk) {
    JsonValue strata = chunk._additionalProperties().get("strata");
    assertThat(strata).as("the strata extension field").isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, JsonValue> fields = (Map<String, JsonValue>) strata.asObject().orElseThrow();
    return fields;
  }
}
