package dev.strata.server.http;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;

/**
 * Reads a request body into one array, on the event loop, and gives up the moment the body grows
 * past the limit, so an oversized body is never held in memory.
 */
final class BodyReader {
  private static final int INITIAL_CAPACITY = 8 * 1024;

  private final long maxBytes;
  private final Promise<byte[]> result = Promise.promise();
  private byte[] bytes;
  private int length;
  private boolean finished;

  private BodyReader(long maxBytes, long declaredLength) {
    this.maxBytes = maxBytes;
    this.bytes = new byte[declaredLength >= 0 ? (int) declaredLength : INITIAL_CAPACITY];
  }

  /**
   * Reads the body of {@code request}, whose declared length (or -1) is within the limit. Fails
   * with PAYLOAD_TOO_LARGE as soon as more than {@code maxBytes} arrived.
   */
  static Future<byte[]> read(HttpServerRequest request, long maxBytes, long declaredLength) {
    BodyReader reader = new BodyReader(maxBytes, declaredLength);
    request.handler(reader::chunk);
    request.endHandler(ignored -> reader.end());
    request.exceptionHandler(reader::fail);
    return reader.result.future();
  }

  static StrataException tooLarge(long maxBytes) {
    return StrataException.builder(
            ErrorKind.PAYLOAD_TOO_LARGE,
            "The request body is larger than this server's limit of " + maxBytes + " bytes.")
        .code("request_too_large")
        .build();
  }

  private void chunk(Buffer chunk) {
    if (finished) {
      return;
    }
    int size = chunk.length();
    if (length + (long) size > maxBytes) {
      finished = true;
      bytes = null;
      result.tryFail(tooLarge(maxBytes));
      return;
    }
    if (length + size > bytes.length) {
      long grown = Math.max((long) bytes.length * 2, (long) length + size);
      bytes = Arrays.copyOf(bytes, (int) Math.min(grown, maxBytes));
    }
    chunk.getBytes(0, size, bytes, length);
    length += size;
  }

  private void end() {
    if (finished) {
      return;
    }
    finished = true;
    result.tryComplete(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
  }

  private void fail(Throwable failure) {
    finished = true;
    bytes = null;
    result.tryFail(failure);
  }
}
