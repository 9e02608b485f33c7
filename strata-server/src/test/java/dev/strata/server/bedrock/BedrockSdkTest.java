package dev.strata.server.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.testing.ScriptedReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.auth.scheme.BearerAuthScheme;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.auth.scheme.BedrockAuthSchemeProvider;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** The official AWS SDK for Java v2 against the real server, authenticating with a bearer key. */
class BedrockSdkTest {
  private static final String MODEL = BedrockTestServer.MODEL;
  private static final Usage USAGE = new Usage(21, 9, 0, 0, 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Bedrock API keys: the SDK sends {@code Authorization: Bearer <key>} instead of signing. */
  private static final List<AuthSchemeOption> BEARER_ONLY =
      List.of(AuthSchemeOption.builder().schemeId(BearerAuthScheme.SCHEME_ID).build());

  private static BedrockTestServer server;
  private static BedrockRuntimeClient client;
  private static BedrockRuntimeAsyncClient asyncClient;

  @BeforeAll
  static void start() {
    server = new BedrockTestServer();
    client =
        BedrockRuntimeClient.builder()
            .endpointOverride(server.uri())
            .region(Region.US_EAST_1)
            .tokenProvider(StaticTokenProvider.create(() -> server.apiKey))
            .authSchemeProvider(params -> BEARER_ONLY)
            .build();
    asyncClient =
        BedrockRuntimeAsyncClient.builder()
            .endpointOverride(server.uri())
            .region(Region.US_EAST_1)
            .tokenProvider(StaticTokenProvider.create(() -> server.apiKey))
            .authSchemeProvider(params -> BEARER_ONLY)
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    asyncClient.close();
    server.close();
  }

  @Test
  void converse_answersWithMessageUsageAndStopReasonAndMetersTheCall() {
    server.provider.reply(MODEL, ScriptedReply.text("Paris is the capital.", USAGE));

    ConverseResponse response =
        client.converse(
            request ->
                request
                    .modelId(MODEL)
                    .system(SystemContentBlock.fromText("Answer briefly."))
                    .messages(
                        Message.builder()
                            .role(ConversationRole.USER)
                            .content(ContentBlock.fromText("Capital of France?"))
                            .build())
                    .inferenceConfig(c -> c.maxTokens(50).temperature(0.2f).stopSequences("###")));

    assertThat(response.output().message().content().get(0).text())
        .isEqualTo("Paris is the capital.");
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage().inputTokens()).isEqualTo(21);
    assertThat(response.usage().outputTokens()).isEqualTo(9);
    assertThat(response.usage().totalTokens()).isEqualTo(30);
    assertThat(response.metrics().latencyMs()).isNotNull();
    assertThat(response.responseMetadata().requestId()).isNotBlank();
    ModelCall call = lastCall();
    assertThat(call.request().systemText()).isEqualTo("Answer briefly.");
    assertThat(call.request().inference().maxTokens()).hasValue(50);
    assertThat(call.request().inference().stopSequences()).containsExactly("###");
    var record = server.ledger.awaitRecords(1, Duration.ofSeconds(10)).getLast();
    assertThat(record.wireFormat()).isEqualTo("bedrock");
    assertThat(record.usage()).isEqualTo(USAGE);
  }

  @Test
  void converse_acceptsAFoundationModelArnAsTheModelId() {
    server.provider.reply(MODEL, ScriptedReply.text("ok", USAGE));

    ConverseResponse response =
        client.converse(
            request ->
                request
                    .modelId("arn:aws:bedrock:us-east-1::foundation-model/" + MODEL)
                    .messages(
                        Message.builder()
                            .role(ConversationRole.USER)
                            .content(ContentBlock.fromText("hi"))
                            .build()));

    assertThat(response.output().message().content().get(0).text()).isEqualTo("ok");
    assertThat(lastCall().request().model()).isEqualTo(MODEL);
  }

  @Test
  void converse_sendsToolResultsAndReceivesToolUse() {
    server.provider.reply(
        MODEL, ScriptedReply.toolUse("tooluse_1", "weather", "{\"city\":\"Oslo\"}", USAGE));

    ConverseResponse response =
        client.converse(
            request ->
                request
                    .modelId(MODEL)
                    .messages(
                        Message.builder()
                            .role(ConversationRole.USER)
                            .content(ContentBlock.fromText("Weather?"))
                            .build(),
                        Message.builder()
                            .role(ConversationRole.ASSISTANT)
                            .content(
                                ContentBlock.fromToolUse(
                                    ToolUseBlock.builder()
                                        .toolUseId("tooluse_0")
                                        .name("weather")
                                        .input(
                                            Document.mapBuilder()
                                                .putString("city", "Bergen")
                                                .build())
                                        .build()))
                            .build(),
                        Message.builder()
                            .role(ConversationRole.USER)
                            .content(
                                ContentBlock.fromToolResult(
                                    ToolResultBlock.builder()
                                        .toolUseId("tooluse_0")
                                        .content(ToolResultContentBlock.fromText("rain"))
                                        .build()))
                            .build())
                    .toolConfig(t -> t.tools(weatherTool())));

    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    var use = response.output().message().content().get(0).toolUse();
    assertThat(use.toolUseId()).isEqualTo("tooluse_1");
    assertThat(use.input().asMap().get("city").asString()).isEqualTo("Oslo");
    ModelCall call = lastCall();
    assertThat(call.request().tools().orElseThrow().tools().get(0).name()).isEqualTo("weather");
    assertThat(call.request().messages().get(2).content().get(0))
        .isInstanceOfSatisfying(
            dev.strata.core.model.ContentBlock.ToolResult.class,
            r -> assertThat(r.toolUseId()).isEqualTo("tooluse_0"));
  }

  @Test
  void converseStream_relaysToolUseEventsToTheAsyncClient() throws Exception {
    server.provider.reply(
        MODEL, ScriptedReply.toolUse("tooluse_9", "weather", "{\"city\":\"Oslo\"}", USAGE));
    List<String> seen = new CopyOnWriteArrayList<>();
    StringBuilder input = new StringBuilder();
    CompletableFuture<ConverseStreamMetadataEvent> metadata = new CompletableFuture<>();

    asyncClient
        .converseStream(
            request ->
                request
                    .modelId(MODEL)
                    .messages(
                        Message.builder()
                            .role(ConversationRole.USER)
                            .content(ContentBlock.fromText("Weather in Oslo?"))
                            .build())
                    .toolConfig(t -> t.tools(weatherTool())),
            ConverseStreamResponseHandler.builder()
                .subscriber(
                    ConverseStreamResponseHandler.Visitor.builder()
                        .onMessageStart(e -> seen.add("messageStart:" + e.roleAsString()))
                        .onContentBlockStart(
                            (ContentBlockStartEvent e) ->
                                seen.add(
                                    "start:"
                                        + e.start().toolUse().toolUseId()
                                        + ":"
                                        + e.start().toolUse().name()))
                        .onContentBlockDelta(
                            (ContentBlockDeltaEvent e) -> {
                              synchronized (input) {
                                input.append(e.delta().toolUse().input());
                              }
                            })
                        .onContentBlockStop(e -> seen.add("stop:" + e.contentBlockIndex()))
                        .onMessageStop(
                            (MessageStopEvent e) ->
                                seen.add("messageStop:" + e.stopReasonAsString()))
                        .onMetadata(metadata::complete)
                        .build())
                .build())
        .get(30, TimeUnit.SECONDS);

    assertThat(seen)
        .containsExactly(
            "messageStart:assistant", "start:tooluse_9:weather", "stop:0", "messageStop:tool_use");
    synchronized (input) {
      assertThat(input.toString()).isEqualTo("{\"city\":\"Oslo\"}");
    }
    ConverseStreamMetadataEvent meta = metadata.get(1, TimeUnit.SECONDS);
    assertThat(meta.usage().inputTokens()).isEqualTo(21);
    assertThat(meta.usage().outputTokens()).isEqualTo(9);
    assertThat(meta.metrics().latencyMs()).isNotNull();
  }

  @Test
  void invokeModel_takesAClaudeBodyAndAnswersInClaudesShapeWithTokenHeaders() throws Exception {
    server.provider.reply(MODEL, ScriptedReply.text("Bonjour!", USAGE));
    String body =
        """
        {"anthropic_version":"bedrock-2023-05-31","max_tokens":64,
         "system":"Be polite.",
         "messages":[{"role":"user","content":[{"type":"text","text":"Say hello in French"}]}]}
        """;

    InvokeModelResponse response =
        client.invokeModel(
            request ->
                request
                    .modelId(MODEL)
                    .contentType("application/json")
                    .accept("application/json")
                    .body(SdkBytes.fromUtf8String(body)));

    JsonNode answer = JSON.readTree(response.body().asUtf8String());
    assertThat(answer.path("type").asText()).isEqualTo("message");
    assertThat(answer.path("content").get(0).path("text").asText()).isEqualTo("Bonjour!");
    assertThat(answer.path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(answer.path("usage").path("input_tokens").asLong()).isEqualTo(21);
    var headers = response.sdkHttpResponse().headers();
    assertThat(headers.get("X-Amzn-Bedrock-Input-Token-Count")).containsExactly("21");
    assertThat(headers.get("X-Amzn-Bedrock-Output-Token-Count")).containsExactly("9");
    assertThat(headers.get("X-Amzn-Bedrock-Invocation-Latency")).isNotEmpty();
    assertThat(lastCall().request().systemText()).isEqualTo("Be polite.");
    assertThat(lastCall().request().inference().maxTokens()).hasValue(64);
  }

  @Test
  void invokeModelWithResponseStream_sendsClaudeEventsEndingWithInvocationMetrics()
      throws Exception {
    server.provider.reply(MODEL, ScriptedReply.text("one two three", USAGE));
    String body =
        """
        {"anthropic_version":"bedrock-2023-05-31","max_tokens":64,
         "messages":[{"role":"user","content":"Count to three"}]}
        """;
    List<JsonNode> events = new CopyOnWriteArrayList<>();

    asyncClient
        .invokeModelWithResponseStream(
            request -> request.modelId(MODEL).body(SdkBytes.fromUtf8String(body)),
            InvokeModelWithResponseStreamResponseHandler.builder()
                .subscriber(
                    InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                        .onChunk(
                            (PayloadPart part) -> events.add(parse(part.bytes().asUtf8String())))
                        .build())
                .build())
        .get(30, TimeUnit.SECONDS);

    List<String> types = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (JsonNode event : events) {
      types.add(event.path("type").asText());
      if (event.path("type").asText().equals("content_block_delta")) {
        text.append(event.path("delta").path("text").asText());
      }
    }
    assertThat(types.getFirst()).isEqualTo("message_start");
    assertThat(types)
        .containsSubsequence(
            "content_block_start",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    assertThat(text.toString()).isEqualTo("one two three");
    JsonNode metrics = events.getLast().path("amazon-bedrock-invocationMetrics");
    assertThat(metrics.path("inputTokenCount").asLong()).isEqualTo(21);
    assertThat(metrics.path("outputTokenCount").asLong()).isEqualTo(9);
  }

  @Test
  void countTokens_countsAConverseInputWithoutCallingTheModel() {
    int callsBefore = server.provider.calls().size();

    CountTokensResponse response =
        client.countTokens(
            request ->
                request
                    .modelId(MODEL)
                    .input(
                        i ->
                            i.converse(
                                c ->
                                    c.messages(
                                        Message.builder()
                                            .role(ConversationRole.USER)
                                            .content(
                                                ContentBlock.fromText(
                                                    "How many tokens is this sentence?"))
                                            .build()))));

    assertThat(response.inputTokens()).isBetween(5, 30);
    assertThat(server.provider.calls()).hasSize(callsBefore);
  }

  @Test
  void countTokens_countsAClaudeInvokeBodyLikeTheSameConverseInput() {
    String body =
        """
        {"anthropic_version":"bedrock-2023-05-31","max_tokens":10,
         "messages":[{"role":"user","content":"How many tokens is this sentence?"}]}
        """;

    CountTokensResponse invoke =
        client.countTokens(
            request ->
                request
                    .modelId(MODEL)
                    .input(i -> i.invokeModel(m -> m.body(SdkBytes.fromUtf8String(body)))));
    CountTokensResponse converse =
        client.countTokens(
            request ->
                request
                    .modelId(MODEL)
                    .input(
                        i ->
                            i.converse(
                                c ->
                                    c.messages(
                                        Message.builder()
                                            .role(ConversationRole.USER)
                                            .content(
                                                ContentBlock.fromText(
                                                    "How many tokens is this sentence?"))
                                            .build()))));

    assertThat(invoke.inputTokens()).isEqualTo(converse.inputTokens());
  }

  @Test
  void converse_unknownModel_isResourceNotFound() {
    assertThatThrownBy(
            () ->
                client.converse(
                    request ->
                        request
                            .modelId("no.such-model")
                            .messages(
                                Message.builder()
                                    .role(ConversationRole.USER)
                                    .content(ContentBlock.fromText("hi"))
                                    .build())))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void converse_unknownKey_isAccessDenied() {
    try (BedrockRuntimeClient stranger =
        BedrockRuntimeClient.builder()
            .endpointOverride(server.uri())
            .region(Region.US_EAST_1)
            .tokenProvider(StaticTokenProvider.create(() -> "sk-strata-not-a-real-key"))
            .authSchemeProvider(params -> BEARER_ONLY)
            .build()) {
      assertThatThrownBy(
              () ->
                  stranger.converse(
                      request ->
                          request
                              .modelId(MODEL)
                              .messages(
                                  Message.builder()
                                      .role(ConversationRole.USER)
                                      .content(ContentBlock.fromText("hi"))
                                      .build())))
          .isInstanceOfSatisfying(
              AccessDeniedException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  @Test
  void listFoundationModels_listsTheCatalog() {
    try (BedrockClient control =
        BedrockClient.builder()
            .endpointOverride(server.uri())
            .region(Region.US_EAST_1)
            .tokenProvider(StaticTokenProvider.create(() -> server.apiKey))
            .authSchemeProvider((BedrockAuthSchemeProvider) params -> BEARER_ONLY)
            .build()) {
      List<FoundationModelSummary> models = control.listFoundationModels(r -> {}).modelSummaries();

      assertThat(models).extracting(FoundationModelSummary::modelId).containsExactly(MODEL);
      assertThat(models.get(0).responseStreamingSupported()).isTrue();
      assertThat(models.get(0).modelLifecycle().statusAsString()).isEqualTo("ACTIVE");
      assertThat(control.getFoundationModel(r -> r.modelIdentifier(MODEL)).modelDetails().modelId())
          .isEqualTo(MODEL);
    }
  }

  private static Tool weatherTool() {
    return Tool.fromToolSpec(
        ToolSpecification.builder()
            .name("weather")
            .description("Current weather")
            .inputSchema(
                ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object").build()))
            .build());
  }

  private static ModelCall lastCall() {
    return server.provider.calls().getLast();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
