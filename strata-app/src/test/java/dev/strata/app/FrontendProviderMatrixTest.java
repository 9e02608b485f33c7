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
import com.anthropic.models.messages.Tool;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.bench.mock.anthropic.AnthropicMockSettings;
import dev.strata.bench.mock.bedrock.BedrockMockSettings;
import dev.strata.bench.mock.bedrock.MockBedrockRuntime;
import dev.strata.bench.mock.gemini.GeminiMockSettings;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
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
 * Every frontend reaches every backend: the OpenAI, Anthropic and Bedrock wire formats, each through
 * its official SDK (the AWS SDK signing with a Strata-issued access key), against mock OpenAI, Anthropic, Gemini and Bedrock upstreams and the local engine — plain
 * and streamed — and every call lands in the ledger with a cost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class FrontendProviderMatrixTest {
  private MockOpenAiUpstream openAi;
  private MockAnthropicUpstream anthropic;
  private MockGeminiUpstream gemini;
  private MockBedrockRuntime bedrockUpstream;
  private TestDeployment deployment;
  private static final String TOOL_ARGS = "{\"city\":\"Oslo\"}";
  private String key;
  private BedrockRuntimeClient bedrock;
  private BedrockRuntimeAsyncClient bedrockAsync;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    // Each mock answers requests that offer tools with a call of the first tool.
    openAi = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withToolCall(TOOL_ARGS));
    anthropic = MockAnthropicUpstream.start(AnthropicMockSettings.DEFAULTS.withToolCall(TOOL_ARGS));
    gemini = MockGeminiUpstream.start(GeminiMockSettings.DEFAULTS.withToolCall(TOOL_ARGS));
    bedrockUpstream =
        MockBedrockRuntime.start(
            BedrockMockSettings.DEFAULTS.withToolCall(
                new BedrockMockSettings.ToolCall("tooluse_1", "weather", TOOL_ARGS)));
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
              brk:
                type: bedrock
                baseUrl: %s
                region: us-east-1
                accessKeyId: AKIDSTRATAUPSTREAM
                secretAccessKey: upstream-secret
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
              - name: via-bedrock
                provider: brk
                upstreamModel: amazon.nova-micro-v1:0
            local:
              model: %s
              contextSize: 1024
              maxOutputTokens: 16
            """
                .formatted(
                    openAi.baseUrl(),
                    anthropic.baseUrl(),
                    gemini.baseUrl(),
                    bedrockUpstream.baseUrl(),
                    LocalEngineEndToEndTest.tinyModel()));
    deployment.start();
    TestDeployment.CliRun created = deployment.cli("keys", "create", "--name", "matrix", "--aws", "--quiet");
    List<String> lines = created.out().lines().toList();
    key = lines.get(0).trim();
    bedrock =
        BedrockRuntimeClient.builder()
            .endpointOverride(URI.create(deployment.serverUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(lines.get(1).trim(), lines.get(2).trim())))
            .build();
    bedrockAsync =
        BedrockRuntimeAsyncClient.builder()
            .endpointOverride(URI.create(deployment.serverUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(lines.get(1).trim(), lines.get(2).trim())))
            .build();
  }

  @AfterAll
  void stop() {
    bedrock.close();
    bedrockAsync.close();
    deployment.close();
    openAi.close();
    anthropic.close();
    gemini.close();
    bedrockUpstream.close();
  }

  Stream<String> models() {
    return Stream.of("via-openai", "via-anthropic", "via-gemini", "via-bedrock", "local");
  }

  /** The local engine refuses tools (documented), so tool use covers the remote backends. */
  Stream<String> toolModels() {
    return Stream.of("via-openai", "via-anthropic", "via-gemini", "via-bedrock");
  }

  @ParameterizedTest(name = "AWS SDK (SigV4) → {0}")
  @MethodSource("models")
  void bedrockFrontend_reachesEveryBackend_plainAndStreamed(String model) throws Exception {
    int before = records().size();

    ConverseResponse plain =
        bedrock.converse(r -> r.modelId(model).messages(userMessage("Hello")).inferenceConfig(c -> c.maxTokens(8)));
    StringBuilder streamed = new StringBuilder();
    bedrockAsync
        .converseStream(
            r -> r.modelId(model).messages(userMessage("Hello")).inferenceConfig(c -> c.maxTokens(8)),
            ConverseStreamResponseHandler.builder()
                .subscriber(
                    ConverseStreamResponseHandler.Visitor.builder()
                        .onContentBlockDelta(e -> {
                          synchronized (streamed) {
                            streamed.append(e.delta().text());
                          }
                        })
                        .build())
                .build())
        .get(60, TimeUnit.SECONDS);

    assertThat(plain.output().message().content().get(0).text()).isNotEmpty();
    synchronized (streamed) {
      assertThat(streamed).isNotEmpty();
    }
    assertNewRecords(before, model, "bedrock");
  }

  @ParameterizedTest(name = "tool use through every frontend → {0}")
  @MethodSource("toolModels")
  void toolUse_travelsThroughEveryFrontend(String model) {
    OpenAIClient openAiClient =
        OpenAIOkHttpClient.builder().baseUrl(deployment.baseUrl()).apiKey(key).maxRetries(0).build();
    ChatCompletion viaOpenAi =
        openAiClient.chat().completions().create(
            ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage("Weather in Oslo?")
                .addTool(
                    ChatCompletionFunctionTool.builder()
                        .function(
                            FunctionDefinition.builder()
                                .name("weather")
                                .parameters(
                                    FunctionParameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .build())
                                .build())
                        .build())
                .build());
    AnthropicClient anthropicClient =
        AnthropicOkHttpClient.builder().baseUrl(deployment.serverUrl()).apiKey(key).maxRetries(0).build();
    Message viaAnthropic =
        anthropicClient.messages().create(
            MessageCreateParams.builder()
                .model(model)
                .maxTokens(64)
                .addUserMessage("Weather in Oslo?")
                .addTool(
                    Tool.builder()
                        .name("weather")
                        .inputSchema(Tool.InputSchema.builder().build())
                        .build())
                .build());
    ConverseResponse viaBedrock =
        bedrock.converse(
            r ->
                r.modelId(model)
                    .messages(userMessage("Weather in Oslo?"))
                    .toolConfig(
                        t ->
                            t.tools(
                                software.amazon.awssdk.services.bedrockruntime.model.Tool.fromToolSpec(
                                    spec ->
                                        spec.name("weather")
                                            .inputSchema(
                                                ToolInputSchema.fromJson(
                                                    Document.mapBuilder().putString("type", "object").build()))))));

    assertThat(viaOpenAi.choices().get(0).message().toolCalls().orElseThrow().get(0).function().orElseThrow().function().name())
        .isEqualTo("weather");
    assertThat(viaAnthropic.content()).anySatisfy(block -> assertThat(block.toolUse()).isPresent());
    assertThat(viaBedrock.stopReasonAsString()).isEqualTo("tool_use");
    assertThat(viaBedrock.output().message().content())
        .anySatisfy(block -> assertThat(block.toolUse().input().asMap().get("city").asString()).isEqualTo("Oslo"));
  }

  @ParameterizedTest(name = "streamed tool use through ConverseStream → {0}")
  @MethodSource("toolModels")
  void streamedToolUse_travelsThroughConverseStream(String model) throws Exception {
    int before = records().size();
    List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    StringBuffer input = new StringBuffer();
    List<String> stopReasons = new java.util.concurrent.CopyOnWriteArrayList<>();

    bedrockAsync
        .converseStream(
            r ->
                r.modelId(model)
                    .messages(userMessage("Weather in Oslo?"))
                    .toolConfig(t -> t.tools(weatherTool())),
            ConverseStreamResponseHandler.builder()
                .subscriber(
                    ConverseStreamResponseHandler.Visitor.builder()
                        .onContentBlockStart(e -> started.add(e.start().toolUse().name()))
                        .onContentBlockDelta(
                            e -> {
                              if (e.delta().toolUse() != null) {
                                input.append(e.delta().toolUse().input());
                              }
                            })
                        .onMessageStop(e -> stopReasons.add(e.stopReasonAsString()))
                        .build())
                .build())
        .get(60, TimeUnit.SECONDS);

    assertThat(started).containsExactly("weather");
    assertThat(input.toString()).isEqualToIgnoringWhitespace(TOOL_ARGS);
    assertThat(stopReasons).containsExactly("tool_use");
    assertNewRecords(before, 1, model, "bedrock");
  }

  private static software.amazon.awssdk.services.bedrockruntime.model.Tool weatherTool() {
    return software.amazon.awssdk.services.bedrockruntime.model.Tool.fromToolSpec(
        spec ->
            spec.name("weather")
                .inputSchema(
                    ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object").build())));
  }

  private static software.amazon.awssdk.services.bedrockruntime.model.Message userMessage(String text) {
    return software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
        .role(ConversationRole.USER)
        .content(ContentBlock.fromText(text))
        .build();
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

  /** A plain and a streamed call landed in the ledger. */
  private void assertNewRecords(int before, String model, String wireFormat) {
    assertNewRecords(before, 2, model, wireFormat);
  }

  private void assertNewRecords(int before, int added, String model, String wireFormat) {
    List<UsageRecord> records = records();
    assertThat(records).hasSize(before + added);
    for (UsageRecord record : records.subList(0, added)) {
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
