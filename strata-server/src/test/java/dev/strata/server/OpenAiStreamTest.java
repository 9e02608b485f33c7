package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Role;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Streams as server-sent events: their framing, errors mid-stream, and clients that leave. */
class OpenAiStreamTest {
  private static final String STREAM_REQUEST =
      "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void streamIsFramedAsServerSentEventsEndingWithDone() throws Exception {
    server.provider.script(FakeProvider.streamed(List.of("a", "b"), FakeProvider.DEFAULT_USAGE));

    Sse stream = postStream(STREAM_REQUEST);

    HttpResponse<String> response = stream.response();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
    assertThat(response.headers().firstValue("x-strata-model")).contains("gpt-4o");
    assertThat(response.body()).contains("\n\n");
    List<String> events = stream.events();
    assertThat(events).allSatisfy(line -> assertThat(line).startsWith("data: "));
    assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
    // role, "a", "b", finish — and no usage chunk, which was not asked for
    assertThat(events).hasSize(5);
    assertThat(response.body()).doesNotContain("\"usage\"");
  }

  @Test
  void errorAfterStreamStartIsAFinalErrorEvent() throws Exception {
    server.provider.script(
        (call, sink) -> {
          sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
          sink.accept(new StreamEvent.TextDelta(0, "partial"));
          throw StrataException.builder(ErrorKind.UPSTREAM_ERROR, "upstream connection reset")
              .build();
        });

    Sse stream = postStream(STREAM_REQUEST);

    assertThat(stream.response().statusCode()).isEqualTo(200);
    List<String> events = stream.events();
    assertThat(events.get(1)).contains("\"content\":\"partial\"");
    String last = events.get(events.size() - 1);
    JsonNode error = Http.JSON.readTree(last.substring("data: ".length())).get("error");
    assertThat(error.get("type").asText()).isEqualTo("api_error");
    assertThat(error.get("message").asText()).isEqualTo("upstream connection reset");
    assertThat(events).doesNotContain("data: [DONE]");
  }

  @Test
  void defectAfterStreamStartIsAGenericErrorEvent() throws Exception {
    server.provider.script(
        (call, sink) -> {
          sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
          sink.accept(new StreamEvent.TextDelta(0, "partial"));
          throw new IllegalStateException("internal detail");
        });

    Sse stream = postStream(STREAM_REQUEST);

    String last = stream.events().get(stream.events().size() - 1);
    assertThat(last).contains("\"type\":\"api_error\"").doesNotContain("internal detail");
  }

  @Test
  void errorBeforeTheFirstEventIsAPlainErrorResponse() throws Exception {
    server.provider.script(
        FakeProvider.failing(
            StrataException.builder(ErrorKind.UNAVAILABLE, "every upstream is overloaded")
                .build()));

    HttpResponse<String> response =
        Http.postJson(server, "/v1/chat/completions", server.apiKey, STREAM_REQUEST);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(Http.error(response).get("type").asText()).isEqualTo("api_error");
  }

  @Test
  void clientLeavingMidStreamStopsTheUpstreamAndMetersWhatWasDelivered() throws Exception {
    server.provider.script(
        (call, sink) -> {
          sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
          // An endless upstream: only the sink throwing CLIENT_CLOSED ends it (bounded here).
          for (int i = 0; i < 5_000; i++) {
            sink.accept(new StreamEvent.TextDelta(0, "tick "));
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
          }
          throw new AssertionError("the stream was never stopped");
        });

    String requestId;
    try (RawSocket socket = new RawSocket(server.port())) {
      socket.send(
          "POST /v1/chat/completions HTTP/1.1\r\n"
              + "Host: localhost\r\n"
              + "Content-Type: application/json\r\n"
              + "Authorization: Bearer "
              + server.apiKey
              + "\r\nContent-Length: "
              + STREAM_REQUEST.length()
              + "\r\n\r\n"
              + STREAM_REQUEST);
      String received = socket.readUntil("tick");
      requestId = RawSocket.header(received, "x-request-id");
    }

    UsageRecord record = server.ledger.awaitRecord(requestId, Duration.ofSeconds(15));
    assertThat(record.status()).isEqualTo("client_closed");
    assertThat(record.httpStatus()).isEqualTo(499);
    assertThat(record.streamed()).isTrue();
    assertThat(record.servedModel()).isEqualTo("gpt-4o");
    assertThat(record.usageSource()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(record.usage().outputTokens()).isPositive();
    assertThat(record.usage().inputTokens()).isPositive();
    assertThat(record.cost()).isEqualTo(server.cost("gpt-4o", record.usage()));
  }

  @Test
  void streamWithUsageMetersLikeAPlainRequest() throws Exception {
    Usage usage = new Usage(40, 2, 0, 0, 0);
    server.provider.script(FakeProvider.streamed(List.of("x", "y"), usage));

    Sse stream =
        postStream(
            STREAM_REQUEST.replace(
                "\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

    List<String> events = stream.events();
    JsonNode usageChunk = Http.JSON.readTree(events.get(events.size() - 2).substring(6));
    assertThat(usageChunk.get("choices").size()).isZero();
    assertThat(usageChunk.at("/usage/prompt_tokens").asLong()).isEqualTo(40);
    assertThat(usageChunk.at("/strata/cost_usd").asText())
        .isEqualTo(server.cost("gpt-4o", usage).toUsdString());
    String requestId = stream.response().headers().firstValue("x-request-id").orElseThrow();
    UsageRecord record = server.ledger.awaitRecord(requestId, Duration.ofSeconds(5));
    assertThat(record.status()).isEqualTo("ok");
    assertThat(record.usage()).isEqualTo(usage);
  }

  /** A streamed response read to its end, with its non-empty lines. */
  private record Sse(HttpResponse<String> response, List<String> events) {}

  /** Posts and reads the whole stream, which must end: a stream that hangs fails the timeout. */
  private static Sse postStream(String body) throws Exception {
    HttpResponse<String> response =
        Http.send(
            Http.request(server, "/v1/chat/completions")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + server.apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    List<String> events =
        Stream.of(response.body().split("\n")).filter(line -> !line.isEmpty()).toList();
    return new Sse(response, events);
  }
}
