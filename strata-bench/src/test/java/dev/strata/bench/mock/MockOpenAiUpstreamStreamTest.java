package dev.strata.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MockOpenAiUpstreamStreamTest {

  static final String STREAM =
      """
      {"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
       "messages":[{"role":"user","content":"Say something"}]}
      """;
  static final String STREAM_WITHOUT_USAGE =
      """
      {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say something"}]}
      """;

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
  void stream_isEventStreamOfChunksEndingWithDone() {
    MockClient.StreamRead read = client.stream(STREAM);

    assertThat(read.response().statusCode()).isEqualTo(200);
    assertThat(read.response().headers().firstValue("content-type")).contains("text/event-stream");
    assertThat(read.broken()).isFalse();
    assertThat(read.endedWithDone()).isTrue();
    List<JsonNode> chunks = read.chunks();
    assertThat(chunks)
        .allSatisfy(
            chunk -> {
              assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
              assertThat(chunk.path("model").asText()).isEqualTo("gpt-4o-mini");
            });
    assertThat(chunks.stream().map(c -> c.path("id").asText()).distinct()).hasSize(1);
    JsonNode first = chunks.get(0).path("choices").path(0).path("delta");
    assertThat(first.path("role").asText()).isEqualTo("assistant");
  }

  @Test
  void stream_splitsTextIntoConfiguredChunks() {
    upstream.update(s -> s.withStreamChunks(4).withResponseText("one two three four five"));

    List<JsonNode> chunks = client.stream(STREAM_WITHOUT_USAGE).chunks();

    List<String> contents =
        chunks.subList(1, chunks.size() - 1).stream()
            .map(c -> c.path("choices").path(0).path("delta").path("content").asText())
            .toList();
    assertThat(contents).hasSize(4);
    assertThat(String.join("", contents)).isEqualTo("one two three four five");
  }

  @Test
  void streamEndsWithUsageChunk_whenIncludeUsage() {
    upstream.update(s -> s.withUsage(50, 9, 40));

    List<JsonNode> chunks = client.stream(STREAM).chunks();

    JsonNode finish = chunks.get(chunks.size() - 2);
    assertThat(finish.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(finish.path("usage").isNull()).isTrue();
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.path("choices").isArray()).isTrue();
    assertThat(last.path("choices")).isEmpty();
    assertThat(last.path("usage").path("prompt_tokens").asLong()).isEqualTo(50);
    assertThat(last.path("usage").path("completion_tokens").asLong()).isEqualTo(9);
    assertThat(last.path("usage").path("prompt_tokens_details").path("cached_tokens").asLong())
        .isEqualTo(40);
  }

  @Test
  void streamHasNoUsage_withoutIncludeUsage() {
    MockClient.StreamRead read = client.stream(STREAM_WITHOUT_USAGE);

    assertThat(read.endedWithDone()).isTrue();
    assertThat(read.chunks()).noneMatch(chunk -> chunk.has("usage"));
    JsonNode last = read.chunks().get(read.chunks().size() - 1);
    assertThat(last.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void stream_isDelivered_withLatencyAndChunkDelay() {
    upstream.update(s -> s.withLatency(Duration.ofMillis(5)).withChunkDelay(Duration.ofMillis(1)));

    MockClient.StreamRead read = client.stream(STREAM);

    assertThat(read.endedWithDone()).isTrue();
    String text =
        read.chunks().stream()
            .map(c -> c.path("choices").path(0).path("delta").path("content").asText(""))
            .collect(Collectors.joining());
    assertThat(text).isEqualTo(MockSettings.DEFAULTS.responseText());
  }

  @Test
  void toolCall_isStreamedAsOpenAiDoes() {
    upstream.update(s -> s.withToolCall("{\"city\":\"Paris\"}").withStreamChunks(3));

    String request =
        MockOpenAiUpstreamChatTest.TOOLS.replace("\"model\"", "\"stream\":true,\"model\"");

    List<JsonNode> chunks = client.stream(request).chunks();

    JsonNode start = chunks.get(1).path("choices").path(0).path("delta").path("tool_calls").path(0);
    assertThat(start.path("index").asInt()).isZero();
    assertThat(start.path("id").asText()).startsWith("call_");
    assertThat(start.path("type").asText()).isEqualTo("function");
    assertThat(start.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(start.path("function").path("arguments").asText()).isEmpty();
    List<JsonNode> fragments =
        chunks.subList(2, chunks.size() - 1).stream()
            .map(c -> c.path("choices").path(0).path("delta").path("tool_calls").path(0))
            .toList();
    assertThat(fragments).hasSize(3).allSatisfy(call -> assertThat(call.has("id")).isFalse());
    String arguments =
        fragments.stream()
            .map(call -> call.path("function").path("arguments").asText())
            .collect(Collectors.joining());
    assertThat(arguments).isEqualTo("{\"city\":\"Paris\"}");
    JsonNode finish = chunks.get(chunks.size() - 1).path("choices").path(0);
    assertThat(finish.path("finish_reason").asText()).isEqualTo("tool_calls");
  }
}
