package dev.strata.providers.http;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Maps what went wrong with an upstream call onto a {@link StrataException} whose kind tells the
 * retry loop and the fallback chain whether another attempt may succeed: throttling, overload and
 * timeouts are retryable; the caller's own mistakes and rejected credentials are not.
 */
public final class UpstreamErrors {
  /** Upstream messages are quoted only up to this length. */
  static final int MAX_QUOTED_CHARS = 500;

  private UpstreamErrors() {}

  /**
   * The failure an upstream's error status means.
   *
   * @param upstream the provider's name, for the message
   * @param upstreamMessage the upstream's own explanation, quoted where it is safe to
   * @param retryAfter how long the upstream asked to wait, if it did
   */
  public static StrataException forStatus(
      String upstream, int status, String upstreamMessage, Optional<Duration> retryAfter) {
    String quoted = quote(upstreamMessage);
    String prefix = "upstream '" + upstream + "' ";
    return switch (status) {
      case 400, 422 ->
          StrataException.builder(
                  ErrorKind.INVALID_REQUEST, prefix + "rejected the request: " + quoted)
              .code("upstream_invalid_request")
              .build();
      case 413 ->
          StrataException.builder(
                  ErrorKind.PAYLOAD_TOO_LARGE, prefix + "found the request too large: " + quoted)
              .build();
      // The upstream's text may quote part of the key, so it is never passed on.
      case 401, 403 ->
          StrataException.builder(
                  ErrorKind.UPSTREAM_ERROR,
                  prefix
                      + "rejected Strata's credentials (HTTP "
                      + status
                      + "); check the API key configured for this provider")
              .code("upstream_authentication")
              .build();
      case 404 ->
          StrataException.builder(
                  ErrorKind.NOT_FOUND, prefix + "does not know the model or path: " + quoted)
              .param("model")
              .code("model_not_found")
              .build();
      case 408 ->
          StrataException.builder(
                  ErrorKind.UPSTREAM_TIMEOUT, prefix + "timed out the request: " + quoted)
              .retryAfter(retryAfter.orElse(null))
              .build();
      case 429 ->
          StrataException.builder(ErrorKind.RATE_LIMITED, prefix + "is throttling: " + quoted)
              .code("upstream_rate_limited")
              .retryAfter(retryAfter.orElse(null))
              .build();
      default ->
          status == 409 || status >= 500
              ? StrataException.builder(
                      ErrorKind.UNAVAILABLE,
                      prefix + "is unavailable (HTTP " + status + "): " + quoted)
                  .retryAfter(retryAfter.orElse(null))
                  .build()
              : StrataException.builder(
                      ErrorKind.UPSTREAM_ERROR, prefix + "answered HTTP " + status + ": " + quoted)
                  .build();
    };
  }

  /** The failure a transport problem (connect, reset, closed connection) means. */
  public static StrataException forTransport(String upstream, Throwable failure) {
    String prefix = "upstream '" + upstream + "' ";
    if (isConnectTimeout(failure)) {
      return StrataException.builder(
              ErrorKind.UPSTREAM_TIMEOUT, prefix + "did not accept a connection in time")
          .cause(failure)
          .build();
    }
    if (failure instanceof TimeoutException) {
      return StrataException.builder(ErrorKind.UPSTREAM_TIMEOUT, prefix + "did not answer in time")
          .cause(failure)
          .build();
    }
    if (failure instanceof ConnectException) {
      return StrataException.builder(
              ErrorKind.UNAVAILABLE, prefix + "cannot be reached: " + describe(failure))
          .cause(failure)
          .build();
    }
    if (failure instanceof StrataException strata) {
      return strata;
    }
    String what = failure instanceof IOException ? "connection failed" : "call failed";
    return StrataException.builder(ErrorKind.UNAVAILABLE, prefix + what + ": " + describe(failure))
        .cause(failure)
        .build();
  }

  /** The upstream went silent for longer than {@code limit} while {@code doing}. */
  public static StrataException timeout(String upstream, String doing, Duration limit) {
    return StrataException.builder(
            ErrorKind.UPSTREAM_TIMEOUT,
            "upstream '" + upstream + "' timed out after " + limit.toMillis() + " ms " + doing)
        .build();
  }

  /** The upstream's answer could not be understood. */
  public static StrataException malformed(String upstream, String what, Throwable cause) {
    return StrataException.builder(
            ErrorKind.UPSTREAM_ERROR, "upstream '" + upstream + "' sent " + what)
        .cause(cause)
        .build();
  }

  /** The calling thread was interrupted while it waited for the upstream: its caller gave up. */
  public static StrataException interrupted(String upstream) {
    Thread.currentThread().interrupt();
    return StrataException.builder(
            ErrorKind.CLIENT_CLOSED,
            "the call to upstream '" + upstream + "' was interrupted before it completed")
        .build();
  }

  static String quote(String message) {
    String flat = message == null ? "" : message.strip().replaceAll("\\s+", " ");
    if (flat.isEmpty()) {
      return "(no message)";
    }
    return flat.length() <= MAX_QUOTED_CHARS ? flat : flat.substring(0, MAX_QUOTED_CHARS) + "…";
  }

  private static boolean isConnectTimeout(Throwable failure) {
    return failure instanceof io.netty.channel.ConnectTimeoutException;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
