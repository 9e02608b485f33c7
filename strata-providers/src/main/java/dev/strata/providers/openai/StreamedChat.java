package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.providers.http.SseEvent;
import dev.strata.providers.http.SseParser;
import dev.strata.providers.http.UpstreamErrors;
import dev.strata.providers.http.UpstreamStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads one streamed chat answer: server-sent events are parsed as the bytes arrive and each chunk
 * is translated and relayed at once. The answer is complete only at {@code data: [DONE]}; a body
 * that ends or breaks before it fails as {@code UNAVAILABLE}, which the caller turns into {@code
 * UPSTREAM_ERROR} once something was relayed.
 */
final class StreamedChat {
  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final String DONE = "[DONE]";

  private final String upstream;
  private final UpstreamStream stream;
  private final ChunkTranslator translator;
  private final SseParser parser = new SseParser();

  StreamedChat(String upstream, UpstreamStream stream, ChunkTranslator translator) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.stream = requireNonNull(stream, "stream");
    this.translator = requireNonNull(translator, "translator");
  }

  /** Relays the whole answer; returns after {@code [DONE]}. */
  void relay() {
    while (true) {
      Optional<byte[]> bytes = stream.next();
      List<SseEvent> events;
      try {
        events = bytes.isPresent() ? parser.feed(bytes.get()) : parser.finish();
      } catch (IllegalStateException tooLarge) {
        throw UpstreamErrors.malformed(upstream, "an oversized stream event", tooLarge);
      }
      for (SseEvent event : events) {
        if (handle(event)) {
          return;
        }
      }
      if (bytes.isEmpty()) {
        throw StrataException.builder(
                ErrorKind.UNAVAILABLE,
                "upstream '" + upstream + "' ended its streamed answer before [DONE]")
            .build();
      }
    }
  }

  /** Handles one event; true at the end of the answer. */
  private boolean handle(SseEvent event) {
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
    return UpstreamErrors.malformed(upstream, "a stream event that is not JSON", cause);
  }

  private StrataException midStreamError(JsonNode body) {
    String message = OpenAiErrorBody.message(body);
    return StrataException.builder(
            ErrorKind.UNAVAILABLE,
            "upstream '"
                + upstream
                + "' reported an error mid-stream: "
                + (message.isBlank() ? "(no message)" : message))
        .build();
  }
}
