package dev.strata.server.http;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a request body into one array, on the event loop. The array is allocated when the first
 * bytes arrive and at most doubles from there — a declared length only caps it — so a client holds
 * at most twice what it actually sent (8 KiB at least), never what it only declares; each growth
 * is taken from the server's {@link BodyBudget} first. Reading gives up the moment the body grows
 * past the size limit or the budget is spent, so such a body is never held in memory. The budget
 * taken stays held until {@link #release()}, once the handler is done with the body.
 */
final class BodyReader {
  private static final byte[] EMPTY = new byte[0];

  /** The smallest array allocated; a body that declares a shorter length gets exactly that. */
  private static final int MIN_CAPACITY = 8 * 1024;

  private final long maxBytes;
  private final long capacityLimit;
  private final BodyBudget budget;
  private final AtomicLong taken = new AtomicLong();
  private final Promise<byte[]> result = Promise.promise();
  private byte[] bytes = EMPTY;
  private int length;
  private boolean finished;

  private BodyReader(long maxBytes, long declaredLength, BodyBudget budget) {
    this.maxBytes = maxBytes;
    this.capacityLimit = declaredLength >= 0 ? declaredLength : maxBytes;
    this.budget = budget;
  }

  /**
   * Starts reading the body of {@code request}, whose declared length (or -1) is within the limit.
   * The body fails with PAYLOAD_TOO_LARGE as soon as more than {@code maxBytes} arrived, and with
   * UNAVAILABLE when {@code budget} cannot hold what arrived.
   */
  static BodyReader start(
      HttpServerRequest request, long maxBytes, long declaredLength, BodyBudget budget) {
    BodyReader reader = new BodyReader(maxBytes, declaredLength, budget);
    request.handler(reader::chunk);
    request.endHandler(ignored -> reader.end());
    request.exceptionHandler(reader::fail);
    return reader;
  }

  /** The whole body, or why there is none. */
  Future<byte[]> body() {
    return result.future();
  }

  /** Gives the budget taken back; once the body is read, call it when the handler is done. */
  void release() {
    budget.giveBack(taken.getAndSet(0));
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
    long needed = length + (long) size;
    if (needed > maxBytes) {
      refuse(tooLarge(maxBytes));
      return;
    }
    if (needed > bytes.length && !grow(needed)) {
      refuse(budget.refuse());
      return;
    }
    chunk.getBytes(0, size, bytes, length);
    length += size;
  }

  /** Doubles the array (at least to {@code needed}, at most to the limit) if the budget allows. */
  private boolean grow(long needed) {
    long doubled = Math.max(MIN_CAPACITY, (long) bytes.length * 2);
    long grown = Math.max(needed, Math.min(doubled, capacityLimit));
    if (!take(grown - bytes.length)) {
      return false;
    }
    bytes = Arrays.copyOf(bytes, (int) grown);
    return true;
  }

  private boolean take(long bytes) {
    if (!budget.tryTake(bytes)) {
      return false;
    }
    taken.addAndGet(bytes);
    return true;
  }

  private void end() {
    if (finished) {
      return;
    }
    finished = true;
    result.tryComplete(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
  }

  private void refuse(StrataException reason) {
    finished = true;
    bytes = null;
    release();
    result.tryFail(reason);
  }

  private void fail(Throwable failure) {
    finished = true;
    bytes = null;
    release();
    result.tryFail(failure);
  }
}
