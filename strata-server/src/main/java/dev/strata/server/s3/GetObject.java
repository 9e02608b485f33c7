package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.server.http.DownloadStream;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * GetObject and HeadObject: the object's headers, and for GET its bytes — all of them, or the one
 * range asked for (206 with {@code Content-Range}).
 */
final class GetObject implements S3Handler {
  private final ObjectStore store;
  private final Duration drainTimeout;
  private final boolean headOnly;

  GetObject(ObjectStore store, Duration drainTimeout, boolean headOnly) {
    this.store = requireNonNull(store, "store");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
    this.headOnly = headOnly;
  }

  @Override
  public void handle(S3Exchange exchange) {
    ObjectRef ref = exchange.target().object();
    ObjectInfo info = store.head(ref).orElseThrow(GetObject::noSuchKey);
    HttpServerResponse response = exchange.response();
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(exchange.headers().get("range"), info.size());
    } catch (StrataException unsatisfiable) {
      response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + info.size());
      throw unsatisfiable;
    }
    ObjectHeaders.describe(response, info);
    long first = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse(info.size());
    range.ifPresent(
        r -> {
          response.setStatusCode(206);
          response.putHeader(HttpHeaders.CONTENT_RANGE, r.contentRange(info.size()));
        });
    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    if (headOnly || length == 0) {
      response.end();
      return;
    }
    InputStream content = store.open(ref).orElseThrow(GetObject::noSuchKey);
    try (content) {
      content.skipNBytes(first);
      new DownloadStream(response, drainTimeout).copy(content, length);
    } catch (IOException | UncheckedIOException e) {
      if (!response.headWritten()) {
        throw StrataException.internal("the object could not be read", e);
      }
      response.reset(); // part of it was sent: cut the response rather than end it short
    }
  }

  static StrataException noSuchKey() {
    return S3Error.NO_SUCH_KEY.failure("The specified key does not exist.");
  }
}
