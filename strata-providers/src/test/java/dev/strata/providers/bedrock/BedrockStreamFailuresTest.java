package dev.strata.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.eventstream.EventStreamEncoder;
import dev.strata.core.eventstream.EventStreamMessage;
import dev.strata.core.eventstream.HeaderValue;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Role;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.provider.ModelCall;
import dev.strata.providers.http.RecordingSleeper;
import dev.strata.providers.http.TestServer;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the mock Bedrock runtime does not script: exception messages inside a stream, streams cut
 * inside a message, corrupt frames and {@code Retry-After}. The read timeout is far longer than
 * the test's own limit, so a stream that hangs instead of failing fails the test.
 */
@Timeout(30)
class BedrockStreamFailuresTest {
  private static final Duration LONG_READ_TIMEOUT = Duration.ofSeconds(120);

  private static Vertx vertx;
  private static TestServer server;
  private static final Queue<Handler<HttpServerRequest>> answers = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger requests = new AtomicInteger();

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
  private BedrockProvider provider;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server =
        TestServer.start(
            vertx,
            request -> {
              requests.incrementAndGet();
              Handler<HttpServerRequest> answer = answers.poll();
              request
                  .body()
                  .onSuccess(
                      body -> {
                        if (answer == null) {
                          request.response().setStatusCode(500).end("no answer scripted");
                        } else {
                          answer.handle(request);
                        }
                      });
            });
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void createProvider() {
    answers.clear();
    requests.set(0);
    provider =
        BedrockProvider.create(
            vertx,
            BedrockProviderConfig.defaults("bedrock", "us-east-1")
                .withEndpointOverride(server.uri(""))
                .withStaticCredentials("AKIDSTRATATEST", "not-a-real-secret")
                .withTimeouts(Duration.ofSeconds(5), LONG_READ_TIMEOUT, LONG_READ_TIMEOUT)
                .withMaxRetries(2),
            sleeper,
            Clock.systemUTC());
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void exceptionMessageAfterSomeEvents_failsAsBroken_withoutWaitingForTheBodyToEnd() {
    // The connection stays open after the exception: only the exception itself can end the call.
    answers.add(
        stream(
            false,
            event("messageStart", "{\"role\":\"assistant\"}"),
            delta("Hello"),
            exception("throttlingException", "{\"message\":\"Too many tokens\"}")));

    assertFailsWithoutRetry(
        ErrorKind.RATE_LIMITED,
        "broke off after it had begun",
        "is throttling requests: Too many tokens");
    assertThat(events)
        .containsExactly(
            new StreamEvent.MessageStart(Role.ASSISTANT), new StreamEvent.TextDelta(0, "Hello"));
  }

  @Test
  void modelStreamError_isAnUpstreamErrorNamingTheStream() {
    answers.add(
        stream(
            true,
            event("messageStart", "{\"role\":\"assistant\"}"),
            exception(
                "modelStreamErrorException",
                "{\"message\":\"the model stopped\",\"originalStatusCode\":500}")));

    assertFailsWithoutRetry(
        ErrorKind.UPSTREAM_ERROR, "model failed while streaming: the model stopped");
  }

  @Test
  void exceptionBeforeAnyEvent_isRetried_andTheSecondAttemptIsRelayed() {
    answers.add(
        stream(true, exception("serviceUnavailableException", "{\"message\":\"busy\"}")));
    answers.add(stream(true, whole("Hi there")));

    ChatResponse answer = provider.converseStream(call(), events::add);

    assertThat(answer.output().text()).isEqualTo("Hi there");
    assertThat(events.stream().filter(e -> e instanceof StreamEvent.MessageStart)).hasSize(1);
    assertThat(requests).hasValue(2);
    assertThat(sleeper.pauses()).hasSize(1);
  }

  @Test
  void bodyEndingInsideAMessage_isReported_afterRelayingWhatArrived() {
    byte[] next = delta(" world");
    answers.add(
        stream(
            true,
            event("messageStart", "{\"role\":\"assistant\"}"),
            delta("Hello"),
            Arrays.copyOf(next, next.length / 2)));

    assertFailsWithoutRetry(ErrorKind.UPSTREAM_ERROR, "ended inside a message");
    assertThat(events)
        .containsExactly(
            new StreamEvent.MessageStart(Role.ASSISTANT), new StreamEvent.TextDelta(0, "Hello"));
  }

  @Test
  void connectionDroppedInsideAMessage_isReported_notWaitedOn() {
    byte[] next = delta(" world");
    byte[] half = Arrays.copyOf(next, next.length / 2);
    answers.add(
        request -> {
          HttpServerResponse response = eventStreamResponse(request);
          Buffer bytes =
              Buffer.buffer(event("messageStart", "{\"role\":\"assistant\"}")).appendBytes(half);
          response.write(bytes).onComplete(written -> request.connection().close());
        });

    assertFailsWithoutRetry(ErrorKind.UPSTREAM_ERROR, "broke off after it had begun");
    assertThat(events).containsExactly(new StreamEvent.MessageStart(Role.ASSISTANT));
  }

  @Test
  void corruptFrame_isMalformed_andNotRetried() {
    byte[] corrupt = delta("Hello");
    corrupt[corrupt.length - 1] = (byte) (corrupt[corrupt.length - 1] ^ 0x55);
    answers.add(stream(true, event("messageStart", "{\"role\":\"assistant\"}"), corrupt));

    // The messageStart before it is relayed whether or not both arrive in one read: the decoder
    // returns the messages it completed before it reports the corrupt frame.
    assertFailsWithoutRetry(ErrorKind.UPSTREAM_ERROR, "malformed event stream", "CRC");
    assertThat(events).containsExactly(new StreamEvent.MessageStart(Role.ASSISTANT));
  }

  @Test
  void bodyEndingBeforeMessageStop_isReported() {
    answers.add(stream(true, event("messageStart", "{\"role\":\"assistant\"}"), delta("Hel")));

    assertThatThrownBy(() -> provider.converseStream(call(), events::add))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> assertThat(e.getMessage()).contains("ended before messageStop"));
  }

  @Test
  void throttledWithAmazonErrorTypeAndRetryAfter_isRetriedAfterTheAskedPause() {
    answers.add(
        request ->
            request
                .response()
                .setStatusCode(429)
                .putHeader("content-type", "application/json")
                .putHeader(
                    "x-amzn-ErrorType",
                    "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
                .putHeader("Retry-After", "3")
                .end("{\"message\":\"Too many requests, please wait before trying again.\"}"));
    answers.add(stream(true, whole("Second time lucky")));

    ChatResponse answer = provider.converseStream(call(), events::add);

    assertThat(answer.output().text()).isEqualTo("Second time lucky");
    assertThat(requests).hasValue(2);
    assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void modelNotReady_isRetried_thenValidation_isNot() {
    answers.add(error(429, "ModelNotReadyException", "the model is loading"));
    answers.add(error(400, "ValidationException", "maxTokens exceeds the model's limit"));

    assertThatThrownBy(() -> provider.converse(call()))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("maxTokens exceeds the model's limit");
            });
    assertThat(requests).hasValue(2);
  }

  private static ModelCall call() {
    return new ModelCall(ChatRequest.of("claude", "hi"), "anthropic.claude-test-v1");
  }

  private static Handler<HttpServerRequest> error(int status, String type, String message) {
    return request ->
        request
            .response()
            .setStatusCode(status)
            .putHeader("content-type", "application/json")
            .putHeader("x-amzn-ErrorType", type)
            .end("{\"message\":\"" + message + "\"}");
  }

  /** Writes {@code frames} as one body, then ends it or leaves it open. */
  private static Handler<HttpServerRequest> stream(boolean end, byte[]... frames) {
    return request -> {
      Buffer body = Buffer.buffer();
      for (byte[] frame : frames) {
        body.appendBytes(frame);
      }
      HttpServerResponse response = eventStreamResponse(request);
      if (end) {
        response.end(body);
      } else {
        response.write(body);
      }
    };
  }

  private static HttpServerResponse eventStreamResponse(HttpServerRequest request) {
    return request
        .response()
        .setStatusCode(200)
        .putHeader("content-type", "application/vnd.amazon.eventstream")
        .setChunked(true);
  }

  /** A whole answer: start, one text delta, stops and usage. */
  private static byte[] whole(String text) {
    Buffer all = Buffer.buffer();
    all.appendBytes(event("messageStart", "{\"role\":\"assistant\"}"));
    all.appendBytes(delta(text));
    all.appendBytes(event("contentBlockStop", "{\"contentBlockIndex\":0}"));
    all.appendBytes(event("messageStop", "{\"stopReason\":\"end_turn\"}"));
    all.appendBytes(
        event("metadata", "{\"usage\":{\"inputTokens\":3,\"outputTokens\":4,\"totalTokens\":7}}"));
    return all.getBytes();
  }

  private static byte[] delta(String text) {
    return event(
        "contentBlockDelta",
        "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + text + "\"}}");
  }

  private static byte[] event(String type, String json) {
    return frame(":event-type", type, "event", json);
  }

  private static byte[] exception(String type, String json) {
    return frame(":exception-type", type, "exception", json);
  }

  private static byte[] frame(String typeHeader, String type, String messageType, String json) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(typeHeader, new HeaderValue.Text(type));
    headers.put(":content-type", new HeaderValue.Text("application/json"));
    headers.put(":message-type", new HeaderValue.Text(messageType));
    return EventStreamEncoder.encode(
        new EventStreamMessage(headers, json.getBytes(StandardCharsets.UTF_8)));
  }

  /** The stream fails as {@code kind}, not retryable, naming each part; it was asked for once. */
  private void assertFailsWithoutRetry(ErrorKind kind, String... messageParts) {
    assertThatThrownBy(() -> provider.converseStream(call(), events::add))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains(messageParts);
            });
    assertThat(requests).hasValue(1);
  }
}
