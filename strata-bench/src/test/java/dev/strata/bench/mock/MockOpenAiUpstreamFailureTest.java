package dev.strata.bench.mock;

import static dev.strata.bench.mock.MockClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MockOpenAiUpstreamFailureTest {

  static final String CHAT = MockOpenAiUpstreamChatTest.CHAT;
  static final String STREAM = MockOpenAiUpstreamStreamTest.STREAM;

  static MockOpenAiUpstream upstream;
  static MockClient client;

  @BeforeAll
  static void start() {
    upstream = MockOpenAiUpstream.start();
    client = new MockClient(upstream.baseUrl());
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @Test
  void failNext_answersOpenAiErrorWithRetryAfter_once() {
    upstream.failNext(429, 7, "Rate limit reached for requests");

    HttpResponse<String> failed = client.post("/chat/completions", CHAT);
    HttpResponse<String> next = client.post("/chat/completions", CHAT);

    assertThat(failed.statusCode()).isEqualTo(429);
    assertThat(failed.headers().firstValue("retry-after")).contains("7");
    JsonNode error = json(failed.body()).path("error");
    assertThat(error.path("message").asText()).isEqualTo("Rate limit reached for requests");
    assertThat(error.path("type").asText()).isEqualTo("requests");
    assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(next.statusCode()).isEqualTo(200);
  }

  @Test
  void failNext_withoutRetryAfter_sendsNoHeader() {
    upstream.failNext(500, null, "The server had an error");

    HttpResponse<String> failed = client.post("/chat/completions", CHAT);

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.headers().firstValue("retry-after")).isEmpty();
    assertThat(json(failed.body()).path("error").path("type").asText()).isEqualTo("server_error");
  }

  @Test
  void outcomes_areConsumedInOrder() {
    upstream.failNext(503, null, "overloaded");
    upstream.enqueue(new MockOutcome.Fail(502, OptionalInt.empty(), "<html>Bad gateway</html>"));

    assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(503);
    HttpResponse<String> raw = client.post("/embeddings", "{\"model\":\"e\",\"input\":\"x\"}");
    assertThat(raw.statusCode()).isEqualTo(502);
    assertThat(raw.body()).isEqualTo("<html>Bad gateway</html>");
    assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(200);
  }

  @Test
  void hangNext_neverAnswers_thenNextRequestIsAnswered() {
    upstream.hangNext();

    var hanging = client.request("/chat/completions", CHAT).timeout(Duration.ofMillis(300)).build();
    assertThatThrownBy(() -> client.send(hanging))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(200);
  }

  @Test
  void close_endsHangingRequests() throws Exception {
    MockOpenAiUpstream own = MockOpenAiUpstream.start();
    own.hangNext();
    MockClient ownClient = new MockClient(own.baseUrl());
    CompletableFuture<HttpResponse<String>> pending =
        ownClient.sendAsync(ownClient.request("/chat/completions", CHAT).build());
    awaitRequests(own, 1);

    own.close();

    assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void breakStreamNext_dropsConnectionWithoutDone() {
    upstream.breakStreamNext(3);

    MockClient.StreamRead read = client.stream(STREAM);

    assertThat(read.response().statusCode()).isEqualTo(200);
    assertThat(read.broken()).isTrue();
    assertThat(read.data()).hasSize(3).doesNotContain("[DONE]");
    assertThat(client.stream(STREAM).endedWithDone()).isTrue();
  }

  @Test
  void breakStreamNext_dropsConnection_betweenDelayedEvents() {
    upstream.update(s -> s.withChunkDelay(Duration.ofMillis(1)));
    upstream.breakStreamNext(2);

    MockClient.StreamRead read = client.stream(STREAM);

    assertThat(read.broken()).isTrue();
    assertThat(read.data()).hasSize(2).doesNotContain("[DONE]");
  }

  @Test
  void breakStreamNext_beforeAnyEvent_sendsOnlyHeaders() {
    upstream.breakStreamNext(0);

    MockClient.StreamRead read = client.stream(STREAM);

    assertThat(read.response().statusCode()).isEqualTo(200);
    assertThat(read.data()).isEmpty();
    assertThat(read.broken()).isTrue();
  }

  @Test
  void breakStreamNext_cutsNonStreamedBody() {
    upstream.breakStreamNext(0);

    assertThatThrownBy(() -> client.post("/chat/completions", CHAT))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(200);
  }

  @Test
  void omitUsageNext_answersWithoutUsage() {
    upstream.omitUsageNext();

    JsonNode body = json(client.post("/chat/completions", CHAT).body());

    assertThat(body.has("usage")).isFalse();
    assertThat(body.path("choices").path(0).path("message").path("content").asText()).isNotEmpty();
    assertThat(json(client.post("/chat/completions", CHAT).body()).has("usage")).isTrue();
  }

  @Test
  void omitUsageNext_streamsWithoutUsageChunk() {
    upstream.omitUsageNext();

    MockClient.StreamRead read = client.stream(STREAM);

    assertThat(read.endedWithDone()).isTrue();
    assertThat(read.chunks()).noneMatch(chunk -> chunk.path("usage").isObject());
  }

  /** Waits, bounded, until the mock has received {@code count} requests. */
  static void awaitRequests(MockOpenAiUpstream upstream, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (upstream.requestCount() < count) {
      assertThat(System.nanoTime()).as("requests arrived in time").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
