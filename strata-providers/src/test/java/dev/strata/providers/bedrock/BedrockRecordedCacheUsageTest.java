package dev.strata.providers.bedrock;

import static dev.strata.providers.fixtures.RecordedFixture.bytes;
import static dev.strata.providers.fixtures.RecordedFixture.cost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.eventstream.EventStreamEncoder;
import dev.strata.core.eventstream.EventStreamMessage;
import dev.strata.core.eventstream.HeaderValue;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.provider.ModelCall;
import dev.strata.providers.http.RecordingSleeper;
import dev.strata.providers.http.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance: recorded Bedrock Converse answers and ConverseStream events (Claude and Nova) with
 * prompt-cache reads and writes go through the adapter — over real HTTP — into the
 * canonical usage, and are billed to the micro-dollar (to the pico-dollar for Nova's prices). Each
 * expected amount is worked out by hand in the comment above it.
 */
@Timeout(60)
class BedrockRecordedCacheUsageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Vertx vertx;
  private static TestServer server;
  private static BedrockProvider provider;
  private static final AtomicReference<Recorded> answer = new AtomicReference<>();
  private final List<StreamEvent> events = new ArrayList<>();

  /** What the server answers next: a body and its content type. */
  private record Recorded(byte[] body, String contentType) {}

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server =
        TestServer.start(
            vertx,
            request ->
                request
                    .body()
                    .onSuccess(
                        ignored ->
                            request
                                .response()
                                .putHeader("content-type", answer.get().contentType())
                                .end(Buffer.buffer(answer.get().body()))));
    provider =
        BedrockProvider.create(
            vertx,
            BedrockProviderConfig.defaults("bedrock", "us-east-1")
                .withEndpointOverride(server.uri(""))
                .withStaticCredentials("AKIDSTRATATEST", "not-a-real-secret")
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withMaxRetries(0),
            new RecordingSleeper(),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    provider.close();
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void clear() {
    answer.set(null);
  }

  @Test
  void claudeConverseWritingCache_costs18480Micros() {
    Usage usage =
        converse("bedrock-claude-sonnet-4-converse-cache-write.json").usage().orElseThrow();

    // no cacheDetails: Bedrock's default time to live, five minutes
    assertThat(usage).isEqualTo(new Usage(310, 145, 0, 4100, 0));
    // 310 × 3.00 + 145 × 15.00 + 4100 × 3.75 = 930 + 2175 + 15375 = 18480 µ$
    assertThat(cost("anthropic.claude-sonnet-4-20250514-v1:0", usage))
        .isEqualTo(Money.ofMicros(18_480));
  }

  @Test
  void claudeConverseWritingOneHourCache_billsTheWritesAtTheOneHourPrice() {
    Usage usage =
        converse("bedrock-claude-3-5-haiku-converse-cache-write-1h.json").usage().orElseThrow();

    assertThat(usage).isEqualTo(new Usage(12, 60, 0, 0, 2048));
    // 12 × 0.80 + 60 × 4.00 + 2048 × 1.60 = 9.6 + 240 + 3276.8 = 3526.4 µ$ = 3,526,400,000 p$
    assertThat(cost("anthropic.claude-3-5-haiku-20241022-v1:0", usage))
        .isEqualTo(Money.ofPico(3_526_400_000L));
  }

  @Test
  void claudeConverseStreamReadingCache_takesUsageFromMetadata_andCosts2505Micros() {
    ChatResponse answer = converseStream("bedrock-claude-sonnet-4-converse-stream-cache-read.json");

    Usage usage = answer.usage().orElseThrow();
    assertThat(usage).isEqualTo(new Usage(25, 80, 4100, 0, 0));
    assertThat(events).contains(new StreamEvent.UsageReport(usage));
    assertThat(answer.output().text()).isEqualTo("Only the ingestion service writes to the queue.");
    // 25 × 3.00 + 80 × 15.00 + 4100 × 0.30 = 75 + 1200 + 1230 = 2505 µ$
    assertThat(cost("anthropic.claude-sonnet-4-20250514-v1:0", usage))
        .isEqualTo(Money.ofMicros(2505));
  }

  @Test
  void novaConverseReadingCache_isExactToThePicoDollar() {
    Usage usage = converse("bedrock-nova-micro-converse.json").usage().orElseThrow();

    assertThat(usage).isEqualTo(new Usage(1537, 211, 1001, 0, 0));
    // 1537 × 0.035 + 211 × 0.14 + 1001 × 0.00875 (a quarter of input)
    //   = 53.795 + 29.54 + 8.75875 = 92.09375 µ$ = 92,093,750 p$
    assertThat(cost("amazon.nova-micro-v1:0", usage)).isEqualTo(Money.ofPico(92_093_750L));
  }

  @Test
  void novaConverseStreamWritingCache_billsTheWritesAsPlainInput() {
    Usage usage =
        converseStream("bedrock-nova-pro-converse-stream-cache-write.json").usage().orElseThrow();

    assertThat(usage).isEqualTo(new Usage(40, 200, 0, 3072, 0));
    // no write surcharge: 40 × 0.80 + 200 × 3.20 + 3072 × 0.80 = 32 + 640 + 2457.6 = 3129.6 µ$
    assertThat(cost("amazon.nova-pro-v1:0", usage)).isEqualTo(Money.ofPico(3_129_600_000L));
    assertThat(cost("amazon.nova-pro-v1:0", usage))
        .isEqualTo(cost("amazon.nova-pro-v1:0", Usage.of(40 + 3072, 200)));
  }

  private static ChatResponse converse(String fixture) {
    answer.set(new Recorded(bytes(fixture), "application/json"));
    return provider.converse(call());
  }

  private ChatResponse converseStream(String fixture) {
    answer.set(new Recorded(eventStream(fixture), "application/vnd.amazon.eventstream"));
    return provider.converseStream(call(), events::add);
  }

  /** The recorded events, as Bedrock sends them: one event-stream message each. */
  private static byte[] eventStream(String fixture) {
    try {
      Buffer frames = Buffer.buffer();
      for (JsonNode event : JSON.readTree(bytes(fixture))) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", new HeaderValue.Text(event.get("event").asText()));
        headers.put(":content-type", new HeaderValue.Text("application/json"));
        headers.put(":message-type", new HeaderValue.Text("event"));
        byte[] payload = event.get("payload").toString().getBytes(StandardCharsets.UTF_8);
        frames.appendBytes(EventStreamEncoder.encode(new EventStreamMessage(headers, payload)));
      }
      return frames.getBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ModelCall call() {
    return new ModelCall(ChatRequest.of("claude", "Which service writes to the queue?"), "model-x");
  }
}
