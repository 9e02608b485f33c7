package dev.strata.server.s3;

import dev.strata.core.objectstore.ObjectInfo;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The headers and timestamps that describe an object in S3's responses. */
final class ObjectHeaders {
  static final String META_PREFIX = "x-amz-meta-";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LISTING_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final CharSequence OCTET_STREAM =
      HttpHeaders.createOptimized("application/octet-stream");

  private ObjectHeaders() {}

  /** The entity tag as S3 sends it: quoted. */
  static String etag(ObjectInfo info) {
    return "\"" + info.etag() + "\"";
  }

  /** The time as a listing gives it, e.g. {@code 2009-10-12T17:50:30.000Z}. */
  static String listingTime(Instant instant) {
    return LISTING_DATE.format(instant);
  }

  /**
   * Puts the object's ETag, Last-Modified, type and user metadata on {@code response}. Metadata a
   * header cannot carry (not printable ASCII) is left out and counted in {@code
   * x-amz-missing-meta}, as S3 does.
   */
  static void describe(HttpServerResponse response, ObjectInfo info) {
    response.putHeader(HttpHeaders.ETAG, etag(info));
    response.putHeader(HttpHeaders.LAST_MODIFIED, HTTP_DATE.format(info.lastModified()));
    response.putHeader(HttpHeaders.CONTENT_TYPE, OCTET_STREAM);
    response.putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    int missing = 0;
    for (Map.Entry<String, String> entry : info.metadata().entrySet()) {
      if (isHeaderText(entry.getKey()) && isHeaderText(entry.getValue())) {
        response.putHeader(META_PREFIX + entry.getKey(), entry.getValue());
      } else {
        missing++;
      }
    }
    if (missing > 0) {
      response.putHeader("x-amz-missing-meta", Integer.toString(missing));
    }
  }

  private static boolean isHeaderText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
