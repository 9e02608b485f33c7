package dev.strata.core.error;

/**
 * The closed set of failures Strata reports. Each frontend renders a kind once, in its own wire
 * format, with {@link #httpStatus()}.
 */
public enum ErrorKind {
  /** The caller's request is malformed or violates a limit. */
  INVALID_REQUEST(400),
  /** No key, or an unknown or revoked key. */
  AUTHENTICATION(401),
  /** The key is valid but may not do this. */
  PERMISSION_DENIED(403),
  /** The model, alias or resource does not exist. */
  NOT_FOUND(404),
  /** The method is not allowed on this path. */
  METHOD_NOT_ALLOWED(405),
  /** The request body is larger than the configured limit. */
  PAYLOAD_TOO_LARGE(413),
  /** The body is not in a media type this endpoint accepts. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** A rate limit refused the request; retry after a while. */
  RATE_LIMITED(429),
  /** A budget or quota refused the request. */
  QUOTA_EXCEEDED(429),
  /** The upstream answered with an error Strata could not recover from. */
  UPSTREAM_ERROR(502),
  /** Every upstream that could serve the request is unavailable or overloaded. */
  UNAVAILABLE(503),
  /** The upstream did not answer in time. */
  UPSTREAM_TIMEOUT(504),
  /** The caller went away before the answer was complete (nginx's 499). */
  CLIENT_CLOSED(499),
  /** A defect in Strata. */
  INTERNAL(500);

  private final int httpStatus;

  ErrorKind(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
