package dev.strata.server.s3;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The S3 error codes this endpoint answers with, each with its HTTP status. A failure carries its
 * code as the {@link StrataException#code()}, so it is rendered exactly once, in {@link S3Errors}.
 */
enum S3Error {
  ACCESS_DENIED("AccessDenied", 403, ErrorKind.PERMISSION_DENIED),
  SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403, ErrorKind.PERMISSION_DENIED),
  INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403, ErrorKind.PERMISSION_DENIED),
  REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403, ErrorKind.PERMISSION_DENIED),
  AUTHORIZATION_HEADER_MALFORMED("AuthorizationHeaderMalformed", 400, ErrorKind.INVALID_REQUEST),
  INVALID_TOKEN("InvalidToken", 400, ErrorKind.INVALID_REQUEST),
  INVALID_ARGUMENT("InvalidArgument", 400, ErrorKind.INVALID_REQUEST),
  INVALID_REQUEST("InvalidRequest", 400, ErrorKind.INVALID_REQUEST),
  INVALID_BUCKET_NAME("InvalidBucketName", 400, ErrorKind.INVALID_REQUEST),
  KEY_TOO_LONG("KeyTooLongError", 400, ErrorKind.INVALID_REQUEST),
  ENTITY_TOO_LARGE("EntityTooLarge", 400, ErrorKind.PAYLOAD_TOO_LARGE),
  METADATA_TOO_LARGE("MetadataTooLarge", 400, ErrorKind.INVALID_REQUEST),
  BAD_DIGEST("BadDigest", 400, ErrorKind.INVALID_REQUEST),
  INVALID_DIGEST("InvalidDigest", 400, ErrorKind.INVALID_REQUEST),
  CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400, ErrorKind.INVALID_REQUEST),
  INCOMPLETE_BODY("IncompleteBody", 400, ErrorKind.INVALID_REQUEST),
  REQUEST_TIMEOUT("RequestTimeout", 400, ErrorKind.INVALID_REQUEST),
  NO_SUCH_KEY("NoSuchKey", 404, ErrorKind.NOT_FOUND),
  METHOD_NOT_ALLOWED("MethodNotAllowed", 405, ErrorKind.METHOD_NOT_ALLOWED),
  INVALID_RANGE("InvalidRange", 416, ErrorKind.INVALID_REQUEST),
  INTERNAL_ERROR("InternalError", 500, ErrorKind.INTERNAL),
  NOT_IMPLEMENTED("NotImplemented", 501, ErrorKind.INVALID_REQUEST),
  SLOW_DOWN("SlowDown", 503, ErrorKind.RATE_LIMITED),
  SERVICE_UNAVAILABLE("ServiceUnavailable", 503, ErrorKind.UNAVAILABLE);

  private static final Map<String, S3Error> BY_CODE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(S3Error::code, Function.identity()));

  private final String code;
  private final int status;
  private final ErrorKind kind;

  S3Error(String code, int status, ErrorKind kind) {
    this.code = code;
    this.status = status;
    this.kind = kind;
  }

  String code() {
    return code;
  }

  int status() {
    return status;
  }

  /** A failure with this code and {@code message}. */
  StrataException failure(String message) {
    return StrataException.builder(kind, message).code(code).build();
  }

  /** The S3 error a failure is rendered as: its own code when it is one, else by its kind. */
  static S3Error of(StrataException failure) {
    Optional<S3Error> byCode = failure.code().map(BY_CODE::get);
    if (byCode.isPresent()) {
      return byCode.get();
    }
    return switch (failure.kind()) {
      case INVALID_REQUEST, UNSUPPORTED_MEDIA_TYPE -> INVALID_ARGUMENT;
      case AUTHENTICATION, PERMISSION_DENIED -> ACCESS_DENIED;
      case NOT_FOUND -> NO_SUCH_KEY;
      case METHOD_NOT_ALLOWED -> METHOD_NOT_ALLOWED;
      case PAYLOAD_TOO_LARGE -> ENTITY_TOO_LARGE;
      case RATE_LIMITED, QUOTA_EXCEEDED -> SLOW_DOWN;
      case UNAVAILABLE -> SERVICE_UNAVAILABLE;
      case UPSTREAM_ERROR, UPSTREAM_TIMEOUT, CLIENT_CLOSED, INTERNAL -> INTERNAL_ERROR;
    };
  }
}
