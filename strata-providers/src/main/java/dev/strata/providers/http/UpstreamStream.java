package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * A response whose body is read as it arrives, on the calling thread. Every read waits at most the
 * idle timeout; a silent upstream is aborted and reported as {@code UPSTREAM_TIMEOUT}. Closing a
 * stream that has not ended aborts it, so a caller that stops reading frees the connection.
 */
public final class UpstreamStream implements AutoCloseable {
  private final String upstream;
  private final int status;
  private final ResponseHeaders headers;
  private final InboundChunks chunks;
  private final InFlight inFlight;
  private final Duration idleTimeout;
  private boolean ended;

  UpstreamStream(
      String upstream,
      int status,
      ResponseHeaders headers,
      InboundChunks chunks,
      InFlight inFlight,
      Duration idleTimeout) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.status = status;
    this.headers = requireNonNull(headers, "headers");
    this.chunks = requireNonNull(chunks, "chunks");
    this.inFlight = requireNonNull(inFlight, "inFlight");
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
  }

  public int status() {
    return status;
  }

  public ResponseHeaders headers() {
    return headers;
  }

  /**
   * The next bytes of the body, or empty once it has ended.
   *
   * @throws StrataException {@code UPSTREAM_TIMEOUT} when nothing arrived within the idle timeout,
   *     {@code UNAVAILABLE} when the connection broke
   */
  public Optional<byte[]> next() {
    if (ended) {
      return Optional.empty();
    }
    InboundChunks.Signal signal;
    try {
      signal = chunks.poll(idleTimeout);
    } catch (InterruptedException e) {
      abort();
      throw UpstreamErrors.interrupted(upstream);
    }
    return switch (signal) {
      case null -> {
        abort();
        throw UpstreamErrors.timeout(upstream, "waiting for more of its answer", idleTimeout);
      }
      case InboundChunks.Signal.Data data -> Optional.of(data.bytes().getBytes());
      case InboundChunks.Signal.End end -> {
        ended = true;
        yield Optional.empty();
      }
      case InboundChunks.Signal.Failed failed -> {
        ended = true;
        throw UpstreamErrors.forTransport(upstream, failed.cause());
      }
    };
  }

  /**
   * Reads the rest of the body, up to {@code maxBytes}, for an error message; whatever goes wrong
   * while reading, it returns what it has and aborts the rest.
   */
  public byte[] readRest(int maxBytes) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      for (Optional<byte[]> bytes = next(); bytes.isPresent(); bytes = next()) {
        body.write(bytes.get(), 0, Math.min(bytes.get().length, maxBytes - body.size()));
        if (body.size() >= maxBytes) {
          abort();
          break;
        }
      }
    } catch (StrataException partial) {
      abort();
    }
    return body.toByteArray();
  }

  /**
   * Waits at most {@code timeout} for the body to end, discarding anything more, so that the
   * connection goes back to the pool; a body that does not end in time is aborted. Never throws.
   */
  public void awaitEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      long left = deadline - System.nanoTime();
      InboundChunks.Signal signal;
      try {
        signal = left > 0 ? chunks.poll(Duration.ofNanos(left)) : null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        signal = null;
      }
      switch (signal) {
        case null -> abort();
        case InboundChunks.Signal.Data more -> {}
        case InboundChunks.Signal.End end -> ended = true;
        case InboundChunks.Signal.Failed failed -> abort();
      }
    }
  }

  /** Resets the request: the upstream stops sending and the connection is not reused. */
  public void abort() {
    ended = true;
    inFlight.abort();
  }

  /** Aborts the stream unless it has been read to its end. */
  @Override
  public void close() {
    if (!ended) {
      abort();
    }
  }

  @Override
  public String toString() {
    return "UpstreamStream[" + upstream + ", " + status + (ended ? ", ended" : "") + "]";
  }
}
