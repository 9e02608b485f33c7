package dev.strata.providers.gemini;

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
import java.nio.charset.StandardCharsets;

/**
 * Relays one streamed Gemini answer ({@code alt=sse}) from the event loop that reads it: each
 * event is a {@code
 * GenerateContentResponse} chunk, translated and relayed at once. Gemini has no end marker: the
 * answer is complete when the body ends after a chunk with a finish reason; a body that ends or
 * breaks before one fails as {@code UNAVAILABLE}, as does an error object sent mid-stream.
 */
final class StreamedContent extends SseRelay {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final ContentChunkTranslator translator;

  /** Relays to {@code sink} through a {@link ContentChunkTranslator}. */
  StreamedContent(String upstream, StreamSink sink) {
    super(upstream, sink);
    this.translator = new ContentChunkTranslator(requireNonNull(sink, "sink"));
  }

  /** Gemini has no end marker: the answer is whole when the body ends after a finish reason. */
  @Override
  protected void bodyEnded(boolean complete) {
    if (!translator.isFinished()) {
      throw StrataException.builder(
              ErrorKind.UNAVAILABLE,
              "upstream '" + upstream() + "' ended its streamed answer before a finish reason")
          .build();
    }
    translator.finish();
  }

  @Override
  protected boolean handle(SseEvent event) {
    String data = event.data().strip();
    if (data.isEmpty()) {
      return false;
    }
    JsonNode chunk;
    try {
      chunk = MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      throw UpstreamErrors.malformed(upstream(), "a stream event that is not JSON", e);
    }
    if (chunk.has("error")) {
      GoogleErrorBody error = GoogleErrorBody.parse(data.getBytes(StandardCharsets.UTF_8));
      throw StrataException.builder(
              ErrorKind.UNAVAILABLE,
              "upstream '"
                  + upstream()
                  + "' reported "
                  + (error.status().isEmpty() ? "an error" : error.status())
                  + " mid-stream: "
                  + (error.message().isBlank() ? "(no message)" : error.message()))
          .build();
    }
    translator.accept(chunk);
    return false;
  }
}
