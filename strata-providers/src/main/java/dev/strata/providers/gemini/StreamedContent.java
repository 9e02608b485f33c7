package dev.strata.providers.gemini;

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
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads one streamed Gemini answer ({@code alt=sse}): each event is a {@code
 * GenerateContentResponse} chunk, translated and relayed at once. Gemini has no end marker: the
 * answer is complete when the body ends after a chunk with a finish reason; a body that ends or
 * breaks before one fails as {@code UNAVAILABLE}, as does an error object sent mid-stream.
 */
final class StreamedContent {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final String upstream;
  private final UpstreamStream stream;
  private final ContentChunkTranslator translator;
  private final SseParser parser = new SseParser();

  StreamedContent(String upstream, UpstreamStream stream, ContentChunkTranslator translator) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.stream = requireNonNull(stream, "stream");
    this.translator = requireNonNull(translator, "translator");
  }

  /** Relays the whole answer; returns when the body has ended. */
  void relay() {
    while (true) {
      Optional<byte[]> bytes = stream.next();
      try {
        for (SseEvent event : bytes.isPresent() ? parser.feed(bytes.get()) : parser.finish()) {
          handle(event.data().strip());
        }
      } catch (IllegalStateException tooLarge) {
        throw UpstreamErrors.malformed(upstream, "an oversized stream event", tooLarge);
      }
      if (bytes.isEmpty()) {
        if (!translator.isFinished()) {
          throw StrataException.builder(
                  ErrorKind.UNAVAILABLE,
                  "upstream '" + upstream + "' ended its streamed answer before a finish reason")
              .build();
        }
        translator.finish();
        return;
      }
    }
  }

  private void handle(String data) {
    if (data.isEmpty()) {
      return;
    }
    JsonNode chunk;
    try {
      chunk = MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      throw UpstreamErrors.malformed(upstream, "a stream event that is not JSON", e);
    }
    if (chunk.has("error")) {
      GoogleErrorBody error = GoogleErrorBody.parse(data.getBytes(StandardCharsets.UTF_8));
      throw StrataException.builder(
              ErrorKind.UNAVAILABLE,
              "upstream '"
                  + upstream
                  + "' reported "
                  + (error.status().isEmpty() ? "an error" : error.status())
                  + " mid-stream: "
                  + (error.message().isBlank() ? "(no message)" : error.message()))
          .build();
    }
    translator.accept(chunk);
  }
}
