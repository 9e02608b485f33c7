package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundChunksTest {
  private final List<String> flowCalls = new ArrayList<>();
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;

  @Test
  void aReaderThatFallsBehind_pausesTheResponseAndResumesItOnceCaughtUp() throws Exception {
    InboundChunks chunks = new InboundChunks(response());
    for (int i = 0; i < InboundChunks.PAUSE_AT - 1; i++) {
      dataHandler.handle(Buffer.buffer("x"));
    }
    assertThat(flowCalls).isEmpty();
    dataHandler.handle(Buffer.buffer("x"));
    assertThat(flowCalls).containsExactly("pause");

    int drained = 0;
    while (flowCalls.size() == 1) {
      assertThat(chunks.poll(Duration.ofSeconds(1))).isInstanceOf(InboundChunks.Signal.Data.class);
      drained++;
    }
    assertThat(flowCalls).containsExactly("pause", "resume");
    assertThat(InboundChunks.PAUSE_AT - drained).isLessThanOrEqualTo(InboundChunks.RESUME_AT);
  }

  @Test
  void signalsArriveInOrderAndNothingMeansTimeout() throws Exception {
    InboundChunks chunks = new InboundChunks(response());
    dataHandler.handle(Buffer.buffer("a"));
    endHandler.handle(null);
    assertThat(chunks.poll(Duration.ofSeconds(1)))
        .isEqualTo(new InboundChunks.Signal.Data(Buffer.buffer("a")));
    assertThat(chunks.poll(Duration.ofSeconds(1))).isInstanceOf(InboundChunks.Signal.End.class);
    assertThat(chunks.poll(Duration.ofMillis(10))).isNull();
  }

  /** A response that records flow control and hands out the handlers it is given. */
  @SuppressWarnings("unchecked")
  private HttpClientResponse response() {
    return (HttpClientResponse)
        Proxy.newProxyInstance(
            HttpClientResponse.class.getClassLoader(),
            new Class<?>[] {HttpClientResponse.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "handler" -> dataHandler = (Handler<Buffer>) args[0];
                case "endHandler" -> endHandler = (Handler<Void>) args[0];
                case "pause", "resume" -> flowCalls.add(method.getName());
                case "exceptionHandler" -> {}
                default -> throw new UnsupportedOperationException(method.getName());
              }
              return proxy;
            });
  }
}
