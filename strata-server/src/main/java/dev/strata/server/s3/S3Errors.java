package dev.strata.server.s3;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.ErrorRenderer;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;

/**
 * Renders failures as S3 does: the status of the error code and an XML {@code <Error>} with code,
 * message, resource and request id; a HEAD request gets the status alone, as it has no body.
 */
final class S3Errors implements ErrorRenderer {
  static final CharSequence AMZ_REQUEST_ID = HttpHeaders.createOptimized("x-amz-request-id");
  static final CharSequence APPLICATION_XML = HttpHeaders.createOptimized("application/xml");
  private static final String INTERNAL_MESSAGE =
      "We encountered an internal error; the x-amz-request-id header identifies it in the server's"
          + " logs. Please try again.";

  /** Renders a failure no S3 handler saw, e.g. an overloaded server's: no resource is known. */
  @Override
  public void render(HttpServerResponse response, StrataException failure) {
    String requestId = response.headers().get(StrataHeaders.REQUEST_ID);
    render(response, failure, Optional.empty(), requestId == null ? "" : requestId, false);
  }

  /**
   * Renders {@code failure} for the request naming {@code resource} (e.g. {@code /bucket/key}),
   * without a body when {@code headRequest}.
   */
  void render(
      HttpServerResponse response,
      StrataException failure,
      Optional<String> resource,
      String requestId,
      boolean headRequest) {
    if (failure.kind() == ErrorKind.CLIENT_CLOSED) {
      response.reset();
      return;
    }
    S3Error error = S3Error.of(failure);
    response.setStatusCode(error.status());
    response.putHeader(AMZ_REQUEST_ID, requestId);
    failure
        .retryAfter()
        .ifPresent(
            wait ->
                response.putHeader(
                    HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds()))));
    if (headRequest) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
      response.end();
      return;
    }
    XmlWriter xml = new XmlWriter().open("Error");
    xml.element("Code", error.code()).element("Message", message(error, failure));
    resource.ifPresent(path -> xml.element("Resource", path));
    xml.element("RequestId", requestId).close("Error");
    response.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_XML);
    response.end(xml.toBuffer());
  }

  private static String message(S3Error error, StrataException failure) {
    return error == S3Error.INTERNAL_ERROR ? INTERNAL_MESSAGE : failure.getMessage();
  }
}
