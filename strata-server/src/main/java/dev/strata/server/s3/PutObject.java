package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.server.aws.SignedPayload;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * PutObject: streams the body — plain or {@code aws-chunked}, its signature, length, digests and
 * checksum checked on the way — into the store, which commits it only once every check passed.
 */
final class PutObject implements S3Handler {
  private final ObjectStore store;

  PutObject(ObjectStore store) {
    this.store = requireNonNull(store, "store");
  }

  @Override
  public void handle(S3Exchange exchange) {
    ObjectRef ref = exchange.target().object();
    Map<String, String> metadata = UserMetadata.of(exchange.headers());
    SignedPayload payload = exchange.signature().payload();
    BodyExpectations expected =
        BodyExpectations.of(exchange.headers(), payload, store.maxObjectBytes());
    InputStream decoded;
    Supplier<Map<String, String>> trailers;
    switch (payload) {
      case SignedPayload.SignedChunks signed -> {
        AwsChunkedBody chunked =
            new AwsChunkedBody(exchange.body(), Optional.of(signed.signatures()), signed.trailer());
        decoded = chunked;
        trailers = chunked::trailers;
      }
      case SignedPayload.UnsignedChunks unsigned -> {
        AwsChunkedBody chunked = new AwsChunkedBody(exchange.body(), Optional.empty(), false);
        decoded = chunked;
        trailers = chunked::trailers;
      }
      case SignedPayload.Sha256 hashed -> {
        decoded = exchange.body();
        trailers = Map::of;
      }
      case SignedPayload.Unsigned unsigned -> {
        decoded = exchange.body();
        trailers = Map::of;
      }
    }
    CheckedBody body = new CheckedBody(decoded, expected, trailers);
    ObjectInfo stored = store(ref, body, metadata);
    HttpServerResponse response = exchange.response();
    response.putHeader(HttpHeaders.ETAG, ObjectHeaders.etag(stored));
    expected
        .checksum()
        .ifPresent(
            declared ->
                body.computedChecksum()
                    .ifPresent(value -> response.putHeader(declared.algorithm().header(), value)));
    response.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
    response.end();
  }

  private ObjectInfo store(ObjectRef ref, CheckedBody body, Map<String, String> metadata) {
    ObjectInfo stored;
    try {
      stored = store.put(ref, body, metadata);
    } catch (UncheckedIOException | StrataException failure) {
      throw BodyFailure.in(failure).orElseGet(() -> storeFailure(failure));
    }
    ensureReadToTheEnd(ref, body);
    return stored;
  }

  /**
   * A store that stopped reading before the end would have committed a body whose checks never ran:
   * read the rest now, and take the object back if it fails them or is longer.
   */
  private void ensureReadToTheEnd(ObjectRef ref, CheckedBody body) {
    try {
      if (body.transferTo(OutputStream.nullOutputStream()) > 0) {
        store.delete(ref);
        throw StrataException.internal(
            "the object store stopped reading before the end of the body", null);
      }
    } catch (BodyFailure failure) {
      store.delete(ref);
      throw failure.failure();
    } catch (IOException e) {
      store.delete(ref);
      throw StrataException.internal("the rest of the body could not be read", e);
    }
  }

  private static StrataException storeFailure(RuntimeException failure) {
    if (failure instanceof StrataException strata) {
      return strata;
    }
    return StrataException.internal("the object store failed to write the object", failure);
  }
}
