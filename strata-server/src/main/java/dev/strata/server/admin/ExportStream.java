package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import dev.strata.server.http.PacedWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A chunked response body written as text from a blocking thread, in chunks of about {@link
 * #CHUNK_CHARS} characters, at the pace the client reads ({@link PacedWriter}), so an export of
 * any size holds at most a chunk and Vert.x's write queue in memory.
 */
final class ExportStream implements Appendable {
  static final int CHUNK_CHARS = 64 * 1024;

  private final HttpServerResponse response;
  private final PacedWriter writer;
  private final StringBuilder pending = new StringBuilder(CHUNK_CHARS + 1024);

  ExportStream(HttpServerResponse response, Duration drainTimeout) {
    this.response = requireNonNull(response, "response");
    this.writer = new PacedWriter(response, drainTimeout, "export");
  }

  @Override
  public Appendable append(CharSequence text) throws IOException {
    pending.append(text);
    flushIfFull();
    return this;
  }

  @Override
  public Appendable append(CharSequence text, int start, int end) throws IOException {
    pending.append(text, start, end);
    flushIfFull();
    return this;
  }

  @Override
  public Appendable append(char c) throws IOException {
    pending.append(c);
    flushIfFull();
    return this;
  }

  /** Sends what is left and ends the response. */
  void end() {
    if (!writer.clientGone()) {
      response.end(buffer());
    }
  }

  /** Whether anything was sent yet (then a failure can only cut the response). */
  boolean started() {
    return response.headWritten();
  }

  private void flushIfFull() throws IOException {
    if (pending.length() < CHUNK_CHARS) {
      return;
    }
    writer.write(buffer());
  }

  private Buffer buffer() {
    Buffer chunk = Buffer.buffer(pending.toString().getBytes(StandardCharsets.UTF_8));
    pending.setLength(0);
    return chunk;
  }
}
