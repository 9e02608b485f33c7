package dev.strata.server.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Role;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.testing.ScriptedReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, pointed at Strata, creates, streams and uses tools. */
class AnthropicSdkTest {
  private static final Usage CACHED_USAGE = new Usage(12, 5, 30, 40, 50);

  private static AnthropicTestServer server;
  private static AnthropicClient client;

  @BeforeAll
  static void start() {
    server = new AnthropicTestServer();
    client =
        AnthropicOkHttpClient.builder()
            .baseUrl(server.baseUrl())
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

  private static MessageCreateParams.Builder hello() {
    return MessageCreateParams.builder()
        .model(AnthropicTestServer.MODEL)
        .maxTokens(256)
        .addUserMessage("Say hello");
  }

  @Test
  void createsMessage_withUsageAndExactCostHeader() {
    server.upstream.reply(ScriptedReply.text("Hello there", CACHED_USAGE));

    HttpResponseFor<Message> raw = client.messages().withRawResponse().create(hello().build());
    Message message = raw.parse();

    assertThat(message.id()).startsWith("msg_");
    assertThat(message.model().asString()).isEqualTo(AnthropicTestServer.MODEL);
    assertThat(message.content()).hasSize(1);
    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello there");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isEqualTo(12);
    assertThat(message.usage().outputTokens()).isEqualTo(5);
    assertThat(message.usage().cacheReadInputTokens()).contains(30L);
    assertThat(message.usage().cacheCreationInputTokens()).contains(90L);
    assertThat(message.usage().cacheCreation().orElseThrow().ephemeral5mInputTokens())
        .isEqualTo(40);
    assertThat(message.usage().cacheCreation().orElseThrow().ephemeral1hInputTokens())
        .isEqualTo(50);
    String cost = server.cost(CACHED_USAGE).toUsdString();
    assertThat(raw.headers().values("x-strata-cost-usd")).containsExactly(cost);
    assertThat(raw.headers().values("x-strata-usage-source")).containsExactly("provider");
    assertThat(raw.headers().values("x-strata-model")).containsExactly(AnthropicTestServer.MODEL);
    assertThat(raw.headers().values("request-id").get(0)).startsWith("req_");
    ChatRequest sent = server.upstream.lastCall().request();
    assertThat(sent.inference().maxTokens()).hasValue(256);
    assertThat(sent.messages()).containsExactly(dev.strata.core.model.Message.user("Say hello"));
    UsageRecord record = server.ledger.awaitRecords(1, Duration.ofSeconds(10)).getLast();
    assertThat(record.wireFormat()).isEqualTo("anthropic");
    assertThat(record.cost().toUsdString()).isEqualTo(cost);
  }

  @Test
  void systemWithCacheControl_reachesTheProviderAsCachePoint() {
    server.upstream.reply(ScriptedReply.text("ok", Usage.of(3, 1)));

    client
        .messages()
        .create(
            hello()
                .systemOfTextBlockParams(
                    List.of(
                        TextBlockParam.builder()
                            .text("You are terse.")
                            .cacheControl(
                                CacheControlEphemeral.builder()
                                    .ttl(CacheControlEphemeral.Ttl.TTL_1H)
                                    .build())
                            .build(),
                        TextBlockParam.builder().text("Answer in English.").build()))
                .build());

    assertThat(server.upstream.lastCall().request().system())
        .containsExactly(
            new ContentBlock.Text("You are terse."),
            new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR),
            new ContentBlock.Text("Answer in English."));
  }

  @Test
  void streamsEventsAsTheyArrive_andEndsWithTheFinalUsage() throws Exception {
    CountDownLatch firstDeltaSeen = new CountDownLatch(1);
    Usage usage = Usage.of(9, 2);
    server.upstream.script(
        (call, sink) -> {
          sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
          sink.accept(new StreamEvent.TextDelta(0, "Hel"));
          try {
            // The client must see "Hel" while the upstream still holds the rest.
            if (!firstDeltaSeen.await(10, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the first delta never reached the client");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          sink.accept(new StreamEvent.TextDelta(0, "lo"));
          sink.accept(new StreamEvent.ContentBlockStop(0));
          sink.accept(new StreamEvent.MessageStop(dev.strata.core.model.StopReason.END_TURN));
          sink.accept(new StreamEvent.UsageReport(usage));
          return ScriptedUpstream.text("Hello", usage);
        });

    MessageAccumulator accumulator = MessageAccumulator.create();
    List<String> types = new ArrayList<>();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(hello().build())) {
      Iterator<RawMessageStreamEvent> events = stream.stream().iterator();
      while (events.hasNext()) {
        RawMessageStreamEvent event = accumulator.accumulate(events.next());
        types.add(type(event));
        if (event.isContentBlockDelta()) {
          firstDeltaSeen.countDown();
        }
      }
    }

    assertThat(types)
        .containsExactly(
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    Message message = accumulator.message();
    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isEqualTo(9);
    assertThat(message.usage().outputTokens()).isEqualTo(2);
  }

  @Test
  void toolUseComesBack_andToolResultIsForwardedAsCanonical() throws Exception {
    server.upstream.reply(
        ScriptedReply.toolUse("toolu_1", "get_weather", "{\"city\":\"Paris\"}", Usage.of(20, 8)));
    Tool weather =
        Tool.builder()
            .name("get_weather")
            .description("Current weather in a city")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(
                        Tool.InputSchema.Properties.builder()
                            .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                            .build())
                    .required(List.of("city"))
                    .build())
            .build();

    Message first = client.messages().create(hello().addTool(weather).build());

    assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock use = first.content().get(0).asToolUse();
    assertThat(use.id()).isEqualTo("toolu_1");
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(new ObjectMapper().writeValueAsString(use._input()))
        .isEqualTo("{\"city\":\"Paris\"}");
    assertThat(server.upstream.lastCall().request().tools().orElseThrow().tools().get(0).name())
        .isEqualTo("get_weather");

    server.upstream.reply(ScriptedReply.text("It is sunny.", Usage.of(30, 4)));
    Message second =
        client
            .messages()
            .create(
                hello()
                    .addTool(weather)
                    .addMessage(first)
                    .addMessage(
                        MessageParam.ofUserOfContentBlockParams(
                            List.of(
                                ContentBlockParam.ofToolResult(
                                    ToolResultBlockParam.builder()
                                        .toolUseId("toolu_1")
                                        .content("sunny, 24°C")
                                        .isError(false)
                                        .build()))))
                    .build());

    assertThat(second.content().get(0).asText().text()).isEqualTo("It is sunny.");
    List<dev.strata.core.model.Message> history = server.upstream.lastCall().request().messages();
    assertThat(history).hasSize(3);
    assertThat(history.get(1).content().get(0)).isInstanceOf(ContentBlock.ToolUse.class);
    assertThat(history.get(2).content())
        .containsExactly(
            new ContentBlock.ToolResult(
                "toolu_1", List.of(new ContentBlock.Text("sunny, 24°C")), false));
  }

  @Test
  void streamedToolUse_accumulatesToTheToolInput() throws Exception {
    server.upstream.reply(
        ScriptedReply.toolUse("toolu_2", "lookup", "{\"q\":\"strata\"}", Usage.of(5, 3)));

    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(hello().build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message message = accumulator.message();
    ToolUseBlock use = message.content().get(0).asToolUse();
    assertThat(use.id()).isEqualTo("toolu_2");
    assertThat(new ObjectMapper().writeValueAsString(use._input())).isEqualTo("{\"q\":\"strata\"}");
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
  }

  @Test
  void countsTokens() {
    long tokens =
        client
            .messages()
            .countTokens(
                MessageCountTokensParams.builder()
                    .model(AnthropicTestServer.MODEL)
                    .addUserMessage("How many tokens is this?")
                    .build())
            .inputTokens();

    assertThat(tokens).isPositive();
  }

  @Test
  void wrongKey_isAuthenticationException_andUnknownModel_isNotFound() {
    AnthropicClient stranger =
        AnthropicOkHttpClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-strata-not-a-key")
            .maxRetries(0)
            .build();
    try {
      assertThatThrownBy(() -> stranger.messages().create(hello().build()))
          .isInstanceOf(UnauthorizedException.class);
    } finally {
      stranger.close();
    }
    assertThatThrownBy(() -> client.messages().create(hello().model("no-such-model").build()))
        .isInstanceOf(NotFoundException.class);
  }

  private static String type(RawMessageStreamEvent event) {
    if (event.isMessageStart()) {
      return "message_start";
    } else if (event.isContentBlockStart()) {
      return "content_block_start";
    } else if (event.isContentBlockDelta()) {
      return "content_block_delta";
    } else if (event.isContentBlockStop()) {
      return "content_block_stop";
    } else if (event.isMessageDelta()) {
      return "message_delta";
    } else if (event.isMessageStop()) {
      return "message_stop";
    }
    return "other";
  }
}
