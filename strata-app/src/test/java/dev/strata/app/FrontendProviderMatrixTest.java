package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.anthropic.MockAnthropicUpstream;
import dev.strata.bench.mock.gemini.MockGeminiUpstream;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frontend reaches every backend: the OpenAI and Anthropic wire formats, each through its
 * official SDK, against mock OpenAI, Anthropic and Gemini upstreams and the local engine — plain
 * and streamed — and every call lands in the ledger with a cost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class FrontendProviderMatrixTest {
  private MockOpenAiUpstream openAi;
  private MockAnthropicUpstream anthropic;
  private MockGeminiUpstream gemini;
  private TestDeployment deployment;
  private String key;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    openAi = MockOpenAiUpstream.start();
    anthropic = MockAnthropicUpstream.start();
    gemini = MockGeminiUpstream.start();
    deployment =
        new TestDeployment(
            dir,
            """
            providers:
              oai:
                type: openai
                baseUrl: %s
                apiKey: sk-oai
              ant:
                type: anthropic
                baseUrl: %s
                apiKey: sk-ant
              gem:
                type: gemini
                baseUrl: %s
                apiKey: gem-key
            models:
              - name: via-openai
                provider: oai
                upstreamModel: gpt-4o-mini
              - name: via-anthropic
                provider: ant
                upstreamModel: claude-3-5-haiku-20241022
              - name: via-gemini
                provider: gem
                upstreamModel: gemini-2.0-flash
            local:
              model: %s
              contextSize: 1024
              maxOutputTokens: 16
            """
                .formatted(openAi.baseUrl(), anthropic.baseUrl(), gemini.baseUrl(), LocalEngineEndToEndTest.tinyModel()));
    deployment.start();
    key = deployment.createKey();
  }

  @AfterAll
  void stop() {
    deployment.close();
    openAi.close();
    anthropic.close();
    gemini.close();
  }

  Stream<String> models() {
    return Stream.of("via-openai", "via-anthropic", "via-gemini", "local");
  }

  @ParameterizedTest(name = "OpenAI SDK → {0}")
  @MethodSource("models")
  void openAiFrontend_reachesEveryBackend_plainAndStreamed(String model) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder().baseUrl(deployment.baseUrl()).apiKey(key).maxRetries(0).build();
    int before = records().size();

    ChatCompletion plain =
        client.chat().completions().create(
            ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(8).build());
    StringBuilder streamed = new StringBuilder();
    try (var stream =
        client.chat().completions().createStreaming(
            ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(8).build())) {
      stream.stream().forEach((ChatCompletionChunk c) -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
    }

    assertThat(plain.choices().get(0).message().content()).isPresent();
    assertThat(streamed).isNotEmpty();
    assertNewRecords(before, model, "openai");
  }

  @ParameterizedTest(name = "Anthropic SDK → {0}")
  @MethodSource("models")
  void anthropicFrontend_reachesEveryBackend_plainAndStreamed(String model) {
    AnthropicClient client =
        AnthropicOkHttpClient.builder().baseUrl(deployment.serverUrl()).apiKey(key).maxRetries(0).build();
    int before = records().size();

    Message plain =
        client.messages().create(
            MessageCreateParams.builder().model(model).maxTokens(8).addUserMessage("Hello").build());
    long textDeltas;
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(
            MessageCreateParams.builder().model(model).maxTokens(8).addUserMessage("Hello").build())) {
      textDeltas =
          stream.stream()
              .filter(e -> e.contentBlockDelta().flatMap(d -> d.delta().text()).isPresent())
              .count();
    }

    assertThat(plain.content()).isNotEmpty();
    assertThat(textDeltas).isPositive();
    assertNewRecords(before, model, "anthropic");
  }

  private void assertNewRecords(int before, String model, String wireFormat) {
    List<UsageRecord> records = records();
    assertThat(records).hasSize(before + 2);
    for (UsageRecord record : records.subList(0, 2)) {
      assertThat(record.requestedModel()).isEqualTo(model);
      assertThat(record.wireFormat()).isEqualTo(wireFormat);
      assertThat(record.isSuccess()).isTrue();
      assertThat(record.usage().outputTokens()).isPositive();
      assertThat(record.priceReference()).isNotBlank().doesNotStartWith("unpriced");
    }
  }

  private List<UsageRecord> records() {
    deployment.strata().ledger().flush();
    try (Database database = Database.open(deployment.config().storeUrl())) {
      return new SqlLedgerReader(database).latest(1000);
    }
  }
}
