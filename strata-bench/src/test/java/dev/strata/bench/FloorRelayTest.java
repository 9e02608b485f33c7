package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class FloorRelayTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private MockOpenAiUpstream upstream;

  @BeforeEach
  void startUpstream() {
    upstream = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withStreamChunks(5));
  }

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @ParameterizedTest
  @EnumSource(FloorRelay.Threads.class)
  void relaysWholeAnswers_asTheUpstreamGaveThem(FloorRelay.Threads threads) throws Exception {
    try (var relay = FloorRelay.start(0, upstreamRoot(), threads)) {
      HttpResponse<String> direct = post(upstream.baseUrl(), false);
      HttpResponse<String> relayed = post(relayRoot(relay) + "/v1", false);

      assertThat(relayed.statusCode()).isEqualTo(200);
      assertThat(content(relayed)).isNotEmpty().isEqualTo(content(direct));
      assertThat(relayed.headers().firstValue("content-type"))
          .isEqualTo(direct.headers().firstValue("content-type"));
      assertThat(upstream.lastRequest().header("authorization")).contains("Bearer sk-relayed");
      assertThat(upstream.lastRequest().path()).isEqualTo("/v1/chat/completions");
    }
  }

  @ParameterizedTest
  @EnumSource(FloorRelay.Threads.class)
  void relaysStreams_eventByEvent(FloorRelay.Threads threads) throws Exception {
    try (var relay = FloorRelay.start(0, upstreamRoot(), threads)) {
      HttpResponse<String> relayed = post(relayRoot(relay) + "/v1", true);

      assertThat(relayed.statusCode()).isEqualTo(200);
      assertThat(relayed.headers().firstValue("content-type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(relayed.body().split("\n\n"))
          .filteredOn(event -> event.startsWith("data: {"))
          .hasSizeGreaterThanOrEqualTo(5);
      assertThat(relayed.body()).contains("data: [DONE]");
    }
  }

  @ParameterizedTest
  @EnumSource(FloorRelay.Threads.class)
  void passesUpstreamErrorsOn_withTheirStatus(FloorRelay.Threads threads) throws Exception {
    try (var relay = FloorRelay.start(0, upstreamRoot(), threads)) {
      upstream.failNext(429, 3, "slow down");

      HttpResponse<String> relayed = post(relayRoot(relay) + "/v1", false);

      assertThat(relayed.statusCode()).isEqualTo(429);
      assertThat(relayed.headers().firstValue("retry-after")).contains("3");
      assertThat(relayed.body()).contains("slow down");
    }
  }

  @ParameterizedTest
  @EnumSource(FloorRelay.Threads.class)
  void answers502_whenTheUpstreamIsGone(FloorRelay.Threads threads) throws Exception {
    URI root = upstreamRoot();
    upstream.close();
    try (var relay = FloorRelay.start(0, root, threads)) {
      HttpResponse<String> relayed = post(relayRoot(relay) + "/v1", false);

      assertThat(relayed.statusCode()).isEqualTo(502);
    } finally {
      upstream = MockOpenAiUpstream.start();
    }
  }

  @ParameterizedTest
  @EnumSource(FloorRelay.Threads.class)
  void answersHealthItself(FloorRelay.Threads threads) throws Exception {
    try (var relay = FloorRelay.start(0, upstreamRoot(), threads)) {
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(relayRoot(relay) + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(upstream.requestCount()).isZero();
    }
  }

  @Test
  void start_refusesAnUpstreamWithoutPlainHttpAndAPort() {
    assertThatThrownBy(
            () ->
                FloorRelay.start(
                    0, URI.create("https://127.0.0.1:8443"), FloorRelay.Threads.EVENT_LOOP))
        .hasMessageContaining("http://HOST:PORT");
    assertThatThrownBy(
            () ->
                FloorRelay.start(0, URI.create("http://127.0.0.1"), FloorRelay.Threads.EVENT_LOOP))
        .hasMessageContaining("http://HOST:PORT");
  }

  @Test
  void threads_areNamedAsOnTheCommandLine() {
    assertThat(FloorRelay.Threads.ofFlag("virtual-threads"))
        .isEqualTo(FloorRelay.Threads.VIRTUAL_THREADS);
    assertThat(FloorRelay.Threads.EVENT_LOOP.flag()).isEqualTo("event-loop");
    assertThatThrownBy(() -> FloorRelay.Threads.ofFlag("fibres"))
        .hasMessageContaining("event-loop or virtual-threads");
  }

  private static String content(HttpResponse<String> response) throws IOException {
    return new ObjectMapper()
        .readTree(response.body())
        .path("choices")
        .path(0)
        .path("message")
        .path("content")
        .asText();
  }

  private URI upstreamRoot() {
    return URI.create("http://127.0.0.1:" + upstream.port());
  }

  private static String relayRoot(FloorRelay relay) {
    return "http://127.0.0.1:" + relay.port();
  }

  private HttpResponse<String> post(String base, boolean stream)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("authorization", "Bearer sk-relayed")
            .POST(HttpRequest.BodyPublishers.ofString(BenchmarkTargets.chatBody("m", stream)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
