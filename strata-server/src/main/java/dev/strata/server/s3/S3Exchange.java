package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.server.aws.S3Signature;
import dev.strata.server.http.Call;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;

/** One authenticated S3 request: the call, where it points, its signature, and its unread body. */
record S3Exchange(Call call, S3Target target, S3Signature signature, RequestBody body) {
  S3Exchange {
    requireNonNull(call, "call");
    requireNonNull(target, "target");
    requireNonNull(signature, "signature");
    requireNonNull(body, "body");
  }

  MultiMap headers() {
    return call.request().headers();
  }

  HttpServerResponse response() {
    return call.response();
  }
}
