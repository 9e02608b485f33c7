package dev.strata.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official OpenAI Java SDK reads every answer of the mock. */
@Timeout(60)
class MockOpenAiUpstreamSdkTest {

  static MockOpenAiUpstream upstream;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    upstream = MockOpenAiUpstream.start();
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(upstream.baseUrl())
            .apiKey("sk-test")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  static ChatCompletionCreateParams.Builder params() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addSystemMessage("Be brief.")
        .addUserMessage("What is the capital of France?");
  }

  @Test
  void sdk_readsCompletionAndUsage() {
    upstream.update(s -> s.withUsage(100, 9, 64));

    ChatCompletion completion =
        client.chat().completions().create(params().maxCompletionTokens(50).build());

    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
    assertThat(completion.choices().get(0).message().content())
        .contains(MockSettings.DEFAULTS.responseText());
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    var usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(100);
    assertThat(usage.completionTokens()).isEqualTo(9);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(64L);
    assertThat(upstream.lastRequest().header("authorization")).contains("Bearer sk-test");
    assertThat(upstream.lastRequest().body().path("max_completion_tokens").asInt()).isEqualTo(50);
  }

  @Test
  void sdk_accumulatesStreamWithUsage() {
    var params =
        params()
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    var accumulator = ChatCompletionAccumulator.create();

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }

    ChatCompletion completion = accumulator.chatCompletion();
    assertThat(completion.choices().get(0).message().content())
        .contains(MockSettings.DEFAULTS.responseText());
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(9);
  }

  @Test
  void sdk_accumulatesStreamedToolCall() {
    upstream.update(s -> s.withToolCall("{\"city\":\"Paris\"}"));
    FunctionDefinition weather =
        FunctionDefinition.builder()
            .name("get_weather")
            .parameters(
                FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .build())
            .build();
    var accumulator = ChatCompletionAccumulator.create();

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params().addFunctionTool(weather).build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    ChatCompletion.Choice choice = accumulator.chatCompletion().choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call =
        choice.message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void sdk_decodesEmbeddings() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .input("hello world")
                    .build());

    assertThat(response.data()).hasSize(1);
    assertThat(response.data().get(0).embedding()).hasSize(EmbeddingsJson.DEFAULT_DIMENSIONS);
    assertThat(response.usage().promptTokens()).isEqualTo(2);
  }

  @Test
  void sdk_listsModels() {
    assertThat(client.models().list().data()).extracting(m -> m.id()).containsExactly("mock-model");
  }

  @Test
  void sdk_raisesRateLimitException_onScripted429() {
    upstream.failNext(429, 3, "Rate limit reached");

    assertThatThrownBy(() -> client.chat().completions().create(params().build()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(429);
              assertThat(e.headers().values("retry-after")).containsExactly("3");
              assertThat(e.code()).contains("rate_limit_exceeded");
            });
  }

  @Test
  void sdk_raisesNotFound_forUnknownModel() {
    upstream.update(s -> s.withUnknownModels("gpt-4o-mini"));

    assertThatThrownBy(() -> client.chat().completions().create(params().build()))
        .isInstanceOf(NotFoundException.class);
  }
}
