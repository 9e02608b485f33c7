package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a file of JSON lines from an upstream's response as it arrives, one line at a time, so that
 * a large result file is never held whole. A line longer than {@code maxLineBytes} or more than
 * {@code maxLines} lines mean the upstream sent something other than the expected file.
 */
public final class JsonLinesDownload {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final String upstream;
  private final int maxLines;
  private final int maxLineBytes;

  public JsonLinesDownload(String upstream, int maxLines, int maxLineBytes) {
    this.upstream = requireNonNull(upstream, "upstream");
    if (maxLines < 1 || maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLines and maxLineBytes must be positive");
    }
    this.maxLines = maxLines;
    this.maxLineBytes = maxLineBytes;
  }

  /** Hands every non-blank line of the body, parsed, to {@code each}, in order. */
  public void read(UpstreamStream stream, Consumer<JsonNode> each) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int lines = 0;
    for (Optional<byte[]> chunk = stream.next(); chunk.isPresent(); chunk = stream.next()) {
      byte[] bytes = chunk.get();
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          append(line, bytes, start, i - start);
          lines = emit(line, lines, each);
          start = i + 1;
        }
      }
      append(line, bytes, start, bytes.length - start);
    }
    emit(line, lines, each);
  }

  private void append(ByteArrayOutputStream line, byte[] bytes, int from, int length) {
    if (line.size() + (long) length > maxLineBytes) {
      throw UpstreamErrors.malformed(
          upstream, "a line longer than " + maxLineBytes + " bytes", null);
    }
    line.write(bytes, from, length);
  }

  private int emit(ByteArrayOutputStream line, int lines, Consumer<JsonNode> each) {
    byte[] bytes = line.toByteArray();
    line.reset();
    if (isBlank(bytes)) {
      return lines;
    }
    if (lines == maxLines) {
      throw UpstreamErrors.malformed(upstream, "a file of more than " + maxLines + " lines", null);
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw UpstreamErrors.malformed(upstream, "a line that is not JSON", e);
    }
    if (json == null || !json.isObject()) {
      throw UpstreamErrors.malformed(upstream, "a line that is not a JSON object", null);
    }
    each.accept(json);
    return lines + 1;
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
