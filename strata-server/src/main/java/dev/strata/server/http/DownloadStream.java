package dev.strata.server.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * Copies a download (a stored file or object) into a response from a blocking thread, a chunk at a
 * time, at the pace the client reads ({@link PacedWriter}): a download of any size holds one chunk
 * and Vert.x's write queue in memory. A client that leaves or stops reading ends the copy with an
 * IOException.
 */
public final class DownloadStream {
  private static final int CHUNK_BYTES = 64 * 1024;

  private final HttpServerResponse response;
  private final PacedWriter writer;

  public DownloadStream(HttpServerResponse response, Duration drainTimeout) {
    this.response = requireNonNull(response, "response");
    this.writer = new PacedWriter(response, drainTimeout, "download");
  }

  /** Sends everything {@code content} holds and ends the response; the caller closes content. */
  public void copy(InputStream content) throws IOException {
    byte[] chunk = new byte[CHUNK_BYTES];
    int read;
    while ((read = content.readNBytes(chunk, 0, chunk.length)) > 0) {
      send(chunk, read);
    }
    if (!writer.clientGone()) {
      response.end();
    }
  }

  /**
   * Sends exactly {@code length} bytes of {@code content} and ends the response.
   *
   * @throws IOException when the content is shorter, or the client left or stopped reading
   */
  public void copy(InputStream content, long length) throws IOException {
    byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max(1, length))];
    long left = length;
    while (left > 0) {
      int read = content.read(chunk, 0, (int) Math.min(chunk.length, left));
      if (read < 0) {
        throw new IOException("the content ended " + left + " bytes early");
      }
      send(chunk, read);
      left -= read;
    }
    response.end();
  }

  private void send(byte[] chunk, int count) throws IOException {
    writer.write(Buffer.buffer(Arrays.copyOf(chunk, count)));
  }
}
