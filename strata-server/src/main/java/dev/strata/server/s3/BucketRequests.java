package dev.strata.server.s3;

import io.vertx.core.http.HttpHeaders;

/**
 * CreateBucket and HeadBucket. Buckets are implicit in Strata's object stores — every valid name
 * exists — so both only check the name and answer 200.
 */
final class BucketRequests {
  private BucketRequests() {}

  static S3Handler create() {
    return exchange -> {
      String bucket = exchange.target().validBucket();
      exchange
          .response()
          .putHeader(HttpHeaders.LOCATION, "/" + bucket)
          .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
          .end();
    };
  }

  static S3Handler head() {
    return exchange -> {
      exchange.target().validBucket();
      exchange.response().putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
    };
  }
}
