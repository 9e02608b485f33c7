package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Result files read line by line from a real HTTP body that arrives in awkward pieces. */
@Timeout(30)
class JsonLinesDownloadTest {
  private static Vertx vertx;
  private static UpstreamClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    client = UpstreamClient.create(vertx, "test", Duration.ofSeconds(5), 4);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void read_joinsLinesSplitAcrossChunks_andSkipsBlankLines() {
    String body = "{\"a\":\"héllo\"}\r\n\n{\"b\":2}\n   \n{\"c\":3}";

    List<JsonNode> lines = read(body, 3, 100, 1);

    assertThat(lines)
        .extracting(JsonNode::toString)
        .containsExactly("{\"a\":\"héllo\"}", "{\"b\":2}", "{\"c\":3}");
  }

  @Test
  void read_refusesALineLongerThanTheLimit() {
    assertThatThrownBy(() -> read("{\"a\":\"" + "x".repeat(200) + "\"}\n", 10, 100, 7))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
              assertThat(e.getMessage()).contains("longer than 100 bytes");
            });
  }

  @Test
  void read_refusesMoreLinesThanTheLimit() {
    assertThatThrownBy(() -> read("{}\n{}\n{}\n", 2, 100, 5))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.getMessage()).contains("more than 2 lines"));
  }

  @Test
  void read_refusesALineThatIsNotAJsonObject() {
    assertThatThrownBy(() -> read("{}\n[1,2]\n", 10, 100, 64))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.getMessage()).contains("not a JSON object"));
    assertThatThrownBy(() -> read("{}\nnot json\n", 10, 100, 64))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.getMessage()).contains("not JSON"));
  }

  /** Serves {@code body} in pieces of {@code chunkBytes} and reads it with the given limits. */
  private static List<JsonNode> read(String body, int maxLines, int maxLineBytes, int chunkBytes) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (TestServer server =
        TestServer.start(
            vertx,
            request -> {
              HttpServerResponse response = request.response().setChunked(true);
              for (int i = 0; i < bytes.length; i += chunkBytes) {
                response.write(
                    Buffer.buffer(
                        Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkBytes))));
              }
              response.end();
            })) {
      UpstreamRequest request =
          new UpstreamRequest("GET", server.uri("/content"), Map.of(), new byte[0]);
      List<JsonNode> lines = new ArrayList<>();
      try (UpstreamStream stream =
          client.open(request, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
        new JsonLinesDownload("test", maxLines, maxLineBytes).read(stream, lines::add);
      }
      return lines;
    }
  }
}
