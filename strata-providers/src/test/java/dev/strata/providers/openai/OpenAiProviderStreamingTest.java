package dev.strata.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams that the mock upstream does not produce: odd byte boundaries, endless, erroring. */
@Timeout(30)
class OpenAiProviderStreamingTest {
  private static final String ROLE =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";

  private static Vertx vertx;
  private TestServer server;
  private OpenAiProvider provider;
  private final List<StreamEvent> events = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    if (provider != null) {
      provider.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void bytesSplitAtAwkwardPlaces_areReassembled() {
    String body =
        ": OPENROUTER PROCESSING\r\n\r\n"
            + ROLE
            + "\r\n\r\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße, \"}}]}\r\n\r\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"🌍!\"}}]}\r\n\r\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n"
            + "data:"
            + " {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\r\n\r\n"
            + "data: [DONE]\r\n\r\n";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    start(
        request -> {
          HttpServerResponse response = sse(request);
          // Pieces of 1 to 3 bytes cut through CRLFs, JSON and multi-byte characters alike.
          for (int at = 0, size = 1; at < bytes.length; at += size, size = size % 3 + 1) {
            int end = Math.min(bytes.length, at + size);
            response.write(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, at, end)));
          }
          response.end();
        });

    ChatResponse answer = provider.converseStream(call(), events::add);

    assertThat(answer.output().text()).isEqualTo("Grüße, 🌍!");
    assertThat(answer.usage()).contains(Usage.of(5, 3));
    assertThat(events)
        .containsExactly(
            new StreamEvent.MessageStart(Role.ASSISTANT),
            new StreamEvent.TextDelta(0, "Grüße, "),
            new StreamEvent.TextDelta(0, "🌍!"),
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.END_TURN),
            new StreamEvent.UsageReport(Usage.of(5, 3)));
  }

  @Test
  void sinkThatThrows_stopsTheUpstreamStream_andItsExceptionComesBack() throws Exception {
    start(
        request -> {
          HttpServerResponse response = sse(request);
          response.write(ROLE + "\n\n");
          long timer =
              vertx.setPeriodic(
                  20,
                  tick -> {
                    if (!response.closed()) {
                      response.write(
                          "data: {\"choices\":[{\"delta\":{\"content\":\"more \"}}]}\n\n");
                    }
                  });
          response.closeHandler(closed -> vertx.cancelTimer(timer));
        });
    IllegalStateException clientGone = new IllegalStateException("client went away");

    assertThatThrownBy(
            () ->
                provider.converseStream(
                    call(),
                    event -> {
                      events.add(event);
                      if (event instanceof StreamEvent.TextDelta) {
                        throw clientGone;
                      }
                    }))
        .isSameAs(clientGone);

    assertThat(server.awaitConnectionClosed(Duration.ofSeconds(5)))
        .as("the upstream connection was closed")
        .isTrue();
    assertThat(events).last().isInstanceOf(StreamEvent.TextDelta.class);
    assertThat(requests).hasValue(1);
  }

  @Test
  void errorEventMidStream_failsAfterRelayingWhatCame() {
    start(
        request ->
            sse(request)
                .end(
                    ROLE
                        + "\n\n"
                        + "data: {\"choices\":[{\"delta\":{\"content\":\"Hal\"}}]}\n\n"
                        + "data: {\"error\":{\"message\":\"model"
                        + " overloaded\",\"type\":\"server_error\"}}\n\n"));

    assertThatThrownBy(() -> provider.converseStream(call(), events::add))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.getMessage()).contains("model overloaded");
            });
    assertThat(events).contains(new StreamEvent.TextDelta(0, "Hal"));
    assertThat(requests).hasValue(1);
  }

  @Test
  void streamThatEndsWithoutDone_failsAfterRelayingWhatCame() {
    start(
        request ->
            sse(request)
                .end(
                    ROLE
                        + "\n\n"
                        + "data: {\"choices\":[{\"delta\":{\"content\":\"partial\"}}]}\n\n"));

    assertThatThrownBy(() -> provider.converseStream(call(), events::add))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.getMessage()).contains("[DONE]");
            });
    assertThat(events).contains(new StreamEvent.TextDelta(0, "partial"));
    assertThat(events).noneMatch(StreamEvent.MessageStop.class::isInstance);
  }

  @Test
  void errorStatusOnAStream_readsTheMessage_andHonoursRetryAfterMs() {
    start(
        request -> {
          if (requests.get() == 1) {
            request
                .response()
                .setStatusCode(429)
                .putHeader("retry-after-ms", "250")
                .putHeader("content-type", "application/json")
                .end("{\"error\":{\"message\":\"Too many tokens\",\"type\":\"tokens\"}}");
            return;
          }
          sse(request)
              .end(
                  ROLE
                      + "\n\n"
                      + "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\n"
                      + "data: [DONE]\n\n");
        });
    RecordingSleeper sleeper = new RecordingSleeper();
    provider.close();
    provider = OpenAiProvider.create(vertx, config(), sleeper, Clock.systemUTC());

    assertThat(provider.converseStream(call(), events::add).output().text()).isEqualTo("ok");
    assertThat(sleeper.pauses()).containsExactly(Duration.ofMillis(250));
    assertThat(requests).hasValue(2);
  }

  private void start(Handler<HttpServerRequest> handler) {
    server =
        TestServer.start(
            vertx,
            request -> {
              requests.incrementAndGet();
              request.body().onSuccess(body -> handler.handle(request));
            });
    provider = OpenAiProvider.create(vertx, config(), new RecordingSleeper(), Clock.systemUTC());
  }

  private OpenAiProviderConfig config() {
    return OpenAiProviderConfig.defaults("scripted", server.uri("/v1"), Optional.of("sk-x"))
        .withRetries(2, Duration.ofMillis(10), Duration.ofSeconds(5))
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  private static HttpServerResponse sse(HttpServerRequest request) {
    return request.response().setChunked(true).putHeader("content-type", "text/event-stream");
  }

  private static ModelCall call() {
    return new ModelCall(ChatRequest.of("a", "hi"), "scripted-model");
  }
}
