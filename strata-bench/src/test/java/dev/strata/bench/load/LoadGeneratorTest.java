package dev.strata.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.bench.mock.MockOpenAiUpstream;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LoadGeneratorTest {

  static final String CHAT =
      "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  static final String STREAM =
      "{\"model\":\"bench-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  static MockOpenAiUpstream upstream;
  static Vertx vertx;
  static LoadGenerator load;

  @BeforeAll
  static void start() {
    upstream = MockOpenAiUpstream.start();
    vertx = Vertx.vertx();
    load = new LoadGenerator(vertx, 32, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    load.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  static LoadRequest chat(String body) {
    return LoadRequest.postJson(
        URI.create(upstream.baseUrl() + "/chat/completions"), "sk-mock", body);
  }

  @Test
  void fixedRate_sendsRateTimesDurationRequests_withoutErrors() {
    LoadResult result = load.fixedRate(chat(CHAT), 200, Duration.ofSeconds(1));

    assertThat(result.sent()).isEqualTo(200);
    assertThat(result.succeeded()).isEqualTo(200);
    assertThat(result.errors()).isZero();
    assertThat(result.total().getTotalCount()).isEqualTo(200);
    assertThat(result.firstByte().getTotalCount()).isEqualTo(200);
    assertThat(upstream.requestCount()).isEqualTo(200);
    assertThat(upstream.lastRequest().header("authorization")).contains("Bearer sk-mock");
  }

  @Test
  void fixedRate_readsStreamsToTheEnd() {
    LoadResult result = load.fixedRate(chat(STREAM), 100, Duration.ofMillis(500));

    assertThat(result.succeeded()).isEqualTo(50);
    assertThat(result.errors()).isZero();
    assertThat(result.firstByte().getTotalCount()).isEqualTo(50);
  }

  @Test
  void fixedRate_countsErrorsByCause() {
    for (int i = 0; i < 3; i++) {
      upstream.failNext(500, null, "boom");
    }

    LoadResult result = load.fixedRate(chat(CHAT), 50, Duration.ofMillis(200));

    assertThat(result.sent()).isEqualTo(10);
    assertThat(result.errors()).isEqualTo(3);
    assertThat(result.errorsByCause()).containsExactly(Map.entry("status 500", 3L));
    assertThat(result.succeeded()).isEqualTo(7);
    assertThat(result.total().getTotalCount()).isEqualTo(7);
  }

  @Test
  void fixedRate_countsHangingRequestsAsTimeouts() {
    for (int i = 0; i < 5; i++) {
      upstream.hangNext();
    }

    try (var impatient = new LoadGenerator(vertx, 8, Duration.ofMillis(200))) {
      LoadResult result = impatient.fixedRate(chat(CHAT), 20, Duration.ofMillis(250));

      assertThat(result.sent()).isEqualTo(5);
      assertThat(result.errorsByCause()).containsExactly(Map.entry("timeout", 5L));
      assertThat(result.succeeded()).isZero();
    }
  }

  @Test
  void fixedRate_countsRefusedConnectionsAsErrors() {
    MockOpenAiUpstream gone = MockOpenAiUpstream.start();
    URI uri = URI.create(gone.baseUrl() + "/chat/completions");
    gone.close();

    LoadResult result =
        load.fixedRate(LoadRequest.postJson(uri, "k", CHAT), 20, Duration.ofMillis(250));

    assertThat(result.sent()).isEqualTo(5);
    assertThat(result.errors()).isEqualTo(5);
    assertThat(result.succeeded()).isZero();
  }

  @Test
  void closedLoop_keepsRequestsInFlightUntilTheEnd() {
    LoadResult result = load.closedLoop(chat(CHAT), 4, Duration.ofMillis(300));

    assertThat(result.succeeded()).isPositive();
    assertThat(result.errors()).isZero();
    assertThat(result.sent()).isEqualTo(result.succeeded());
    assertThat(upstream.requestCount()).isEqualTo(result.sent());
    assertThat(result.requestsPerSecond()).isPositive();
  }

  @Test
  void closedLoop_rejectsMoreConcurrencyThanConnections() {
    assertThatThrownBy(() -> load.closedLoop(chat(CHAT), 33, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency");
  }
}
