package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.bench.mock.anthropic.AnthropicMockSettings;
import dev.strata.bench.mock.anthropic.AnthropicMockUsage;
import dev.strata.bench.mock.anthropic.MockAnthropicUpstream;
import dev.strata.bench.mock.bedrock.BedrockMockSettings;
import dev.strata.bench.mock.bedrock.MockBedrockRuntime;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prompt-cache usage that mock Anthropic, Bedrock and OpenAI upstreams report flows through
 * each adapter, plain and streamed, into the ledger at the cache prices of the shipped price book.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PromptCacheBillingEndToEndTest {
  private MockOpenAiUpstream openAi;
  private MockAnthropicUpstream anthropic;
  private MockBedrockRuntime bedrock;
  private TestDeployment deployment;
  private OpenAIClient client;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    openAi = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withUsage(3000, 50, 2000));
    anthropic =
        MockAnthropicUpstream.start(
            AnthropicMockSettings.DEFAULTS.withUsage(
                new AnthropicMockUsage(100, 50, 2000, 1000, 500)));
    bedrock = MockBedrockRuntime.start(BedrockMockSettings.DEFAULTS.withUsage(100, 50, 2000, 1000));
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
              brk:
                type: bedrock
                baseUrl: %s
                region: us-east-1
                accessKeyId: AKIDSTRATAUPSTREAM
                secretAccessKey: upstream-secret
            models:
              - name: gpt
                provider: oai
                upstreamModel: gpt-4o
              - name: sonnet
                provider: ant
                upstreamModel: claude-sonnet-4-20250514
              - name: bedrock-sonnet
                provider: brk
                upstreamModel: anthropic.claude-sonnet-4-20250514-v1:0
              - name: bedrock-nova
                provider: brk
                upstreamModel: amazon.nova-pro-v1:0
            local:
              enabled: false
            """
                .formatted(openAi.baseUrl(), anthropic.baseUrl(), bedrock.baseUrl()));
    deployment.start();
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(deployment.baseUrl())
            .apiKey(deployment.createKey())
            .maxRetries(0)
            .build();
  }

  @AfterAll
  void stop() {
    deployment.close();
    openAi.close();
    anthropic.close();
    bedrock.close();
  }

  Stream<Arguments> backends() {
    return Stream.of(
        // OpenAI reports 3000 prompt tokens of which 2000 cached:
        // 1000 × 2.50 + 2000 × 1.25 + 50 × 10.00 = 2500 + 2500 + 500 = 5500 µ$
        Arguments.of("gpt", new Usage(1000, 50, 2000, 0, 0), Money.ofMicros(5500)),
        // 100 × 3.00 + 50 × 15.00 + 2000 × 0.30 + 1000 × 3.75 + 500 × 6.00
        //   = 300 + 750 + 600 + 3750 + 3000 = 8400 µ$
        Arguments.of("sonnet", new Usage(100, 50, 2000, 1000, 500), Money.ofMicros(8400)),
        // 100 × 3.00 + 50 × 15.00 + 2000 × 0.30 + 1000 × 3.75 = 300 + 750 + 600 + 3750 = 5400 µ$
        Arguments.of("bedrock-sonnet", new Usage(100, 50, 2000, 1000, 0), Money.ofMicros(5400)),
        // Nova: writes at input, reads at a quarter of it:
        // 100 × 0.80 + 50 × 3.20 + 2000 × 0.20 + 1000 × 0.80 = 80 + 160 + 400 + 800 = 1440 µ$
        Arguments.of("bedrock-nova", new Usage(100, 50, 2000, 1000, 0), Money.ofMicros(1440)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void cacheReadsAndWrites_areBilledAtTheirOwnPrices_plainAndStreamed(
      String model, Usage usage, Money cost) {
    ChatCompletion plain =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(model)
                    .addUserMessage("Summarise the handbook")
                    .build());
    long streamedPromptTokens;
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model(model)
                    .addUserMessage("Summarise the handbook")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      List<ChatCompletionChunk> chunks = stream.stream().toList();
      streamedPromptTokens = chunks.getLast().usage().orElseThrow().promptTokens();
    }

    // OpenAI's prompt_tokens include every cached token; cached_tokens are the reads
    assertThat(plain.usage().orElseThrow().promptTokens()).isEqualTo(usage.totalInputTokens());
    assertThat(plain.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
        .contains(usage.cacheReadInputTokens());
    assertThat(streamedPromptTokens).isEqualTo(usage.totalInputTokens());
    List<UsageRecord> records =
        records().stream().filter(r -> r.requestedModel().equals(model)).toList();
    assertThat(records).hasSize(2);
    assertThat(records).extracting(UsageRecord::streamed).containsExactlyInAnyOrder(true, false);
    assertThat(records).allSatisfy(r -> assertThat(r.usage()).isEqualTo(usage));
    assertThat(records).allSatisfy(r -> assertThat(r.cost()).isEqualTo(cost));
  }

  private List<UsageRecord> records() {
    deployment.strata().ledger().flush();
    try (Database database = Database.open(deployment.config().storeUrl())) {
      return new SqlLedgerReader(database).latest(100);
    }
  }
}
