package dev.strata.server.s3;

import dev.strata.core.error.StrataException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.Set;

/** The S3 operations this endpoint serves, told apart by method, target and query. */
enum S3Operation {
  PUT_OBJECT,
  GET_OBJECT,
  HEAD_OBJECT,
  DELETE_OBJECT,
  LIST_OBJECTS_V2,
  CREATE_BUCKET,
  HEAD_BUCKET;

  private static final Set<String> PLAIN = Set.of("x-id");
  private static final Set<String> LISTING =
      Set.of(
          "list-type",
          "prefix",
          "delimiter",
          "max-keys",
          "continuation-token",
          "start-after",
          "encoding-type",
          "fetch-owner",
          "x-id");

  /**
   * The operation a request asks for.
   *
   * @throws StrataException NotImplemented for an S3 operation not served here (multipart uploads,
   *     copies, ACLs, ListObjects v1…), MethodNotAllowed for a method no S3 resource has
   */
  static S3Operation of(HttpMethod method, S3Target target, MultiMap headers) {
    if (target.bucket().isEmpty()) {
      throw S3Error.NOT_IMPLEMENTED.failure(
          "ListBuckets is not supported: buckets are implicit; name one in the path.");
    }
    return target.key().isPresent()
        ? objectOperation(method, target, headers)
        : bucketOperation(method, target);
  }

  private static S3Operation objectOperation(HttpMethod method, S3Target target, MultiMap headers) {
    S3Operation operation;
    if (method == HttpMethod.PUT) {
      if (headers.contains("x-amz-copy-source")) {
        throw S3Error.NOT_IMPLEMENTED.failure("CopyObject is not supported.");
      }
      operation = PUT_OBJECT;
    } else if (method == HttpMethod.GET) {
      operation = GET_OBJECT;
    } else if (method == HttpMethod.HEAD) {
      operation = HEAD_OBJECT;
    } else if (method == HttpMethod.DELETE) {
      operation = DELETE_OBJECT;
    } else if (method == HttpMethod.POST) {
      throw S3Error.NOT_IMPLEMENTED.failure(
          "Multipart uploads and other POST operations on objects are not supported.");
    } else {
      throw methodNotAllowed(method);
    }
    onlyParameters(target, PLAIN);
    return operation;
  }

  private static S3Operation bucketOperation(HttpMethod method, S3Target target) {
    if (method == HttpMethod.GET) {
      if (!"2".equals(target.query().get("list-type"))) {
        throw S3Error.NOT_IMPLEMENTED.failure(
            "Only ListObjectsV2 (list-type=2) is supported on a bucket.");
      }
      onlyParameters(target, LISTING);
      return LIST_OBJECTS_V2;
    }
    if (method == HttpMethod.PUT) {
      onlyParameters(target, PLAIN);
      return CREATE_BUCKET;
    }
    if (method == HttpMethod.HEAD) {
      onlyParameters(target, PLAIN);
      return HEAD_BUCKET;
    }
    if (method == HttpMethod.DELETE || method == HttpMethod.POST) {
      throw S3Error.NOT_IMPLEMENTED.failure(
          "DeleteBucket, DeleteObjects and other "
              + method.name()
              + " operations on a bucket are"
              + " not supported.");
    }
    throw methodNotAllowed(method);
  }

  private static void onlyParameters(S3Target target, Set<String> allowed) {
    for (String name : target.query().keySet()) {
      if (!allowed.contains(name)) {
        throw S3Error.NOT_IMPLEMENTED.failure(
            "The '" + name + "' parameter names an S3 feature this endpoint does not support.");
      }
    }
  }

  private static StrataException methodNotAllowed(HttpMethod method) {
    return S3Error.METHOD_NOT_ALLOWED.failure(
        "The specified method is not allowed against this resource: " + method.name() + ".");
  }
}
