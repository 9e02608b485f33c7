package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.provider.StreamSink;
import dev.strata.providers.http.SseEvent;
import dev.strata.providers.http.SseRelay;
import dev.strata.providers.http.UpstreamErrors;
import java.io.IOException;

/**
 * Relays one streamed chat answer from the event loop that reads it: server-sent events are parsed
 * as the bytes arrive and each chunk is translated and relayed at once. The answer is complete only at {@code data: [DONE]}; a body
 * that ends or breaks before it fails as {@code UNAVAILABLE}, which the caller turns into {@code
 * UPSTREAM_ERROR} once something was relayed.
 */
final class StreamedChat extends SseRelay {
  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final String DONE = "[DONE]";

  private final ChunkTranslator translator;

  /** Relays to {@code sink} through a {@link ChunkTranslator}. */
  StreamedChat(String upstream, StreamSink sink) {
    super(upstream, sink);
    this.translator = new ChunkTranslator(requireNonNull(sink, "sink"));
  }

  @Override
  protected void bodyEnded(boolean complete) {
    if (!complete) {
      throw StrataException.builder(
              ErrorKind.UNAVAILABLE,
              "upstream '" + upstream() + "' ended its streamed answer before [DONE]")
          .build();
    }
  }

  @Override
  protected boolean handle(SseEvent event) {
    String data = event.data().strip();
    if (data.equals(DONE)) {
      translator.done();
      return true;
    }
    if (data.isEmpty()) {
      return false;
    }
    if (event.type().equals("error")) {
      throw midStreamError(tree(data));
    }
    ChatChunk chunk;
    try {
      chunk = ChatChunkReader.read(data);
    } catch (IOException e) {
      throw notJson(e);
    }
    if (chunk.error()) {
      throw midStreamError(tree(data));
    }
    translator.accept(chunk);
    return false;
  }

  /** The whole event as a tree: only for error events, which end the stream. */
  private JsonNode tree(String data) {
    try {
      return MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
  }

  private StrataException notJson(IOException cause) {
    return UpstreamErrors.malformed(upstream(), "a stream event that is not JSON", cause);
  }

  private StrataException midStreamError(JsonNode body) {
    String message = OpenAiErrorBody.message(body);
    return StrataException.builder(
            ErrorKind.UNAVAILABLE,
            "upstream '"
                + upstream()
                + "' reported an error mid-stream: "
                + (message.isBlank() ? "(no message)" : message))
        .build();
  }
}
